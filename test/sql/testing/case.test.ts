import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listCaseDirs, parseMeta, parseRecords, readCaseDir } from '../../../sql/testing/case.js';
import { JsonNumber } from '../../../sql/types/json.js';

describe('reading test cases', () => {
  it('reads input records with defaults: null key, timestamp 0, no window, no headers', () => {
    const [r] = parseRecords('{"inputs": [{"topic": "t", "value": {"A": 10.50}}]}', 'inputs', 'input.json');
    expect(r.topic).to.equal('t');
    expect(r.key).to.equal(null);
    expect(r.timestamp).to.equal(0);
    expect(r.window).to.equal(undefined);
    expect(r.headers).to.equal(undefined);
    expect(((r.value as Map<string, unknown>).get('A') as JsonNumber).lexeme).to.equal('10.50');
  });

  it('leaves an output timestamp unchecked when absent, and reads windows and base64 headers', () => {
    const [r] = parseRecords('{"outputs": [{"topic": "o", "key": 1, "value": null, "window": {"start": 0, "end": 10, "type": "session"}, "headers": [{"KEY": "h", "VALUE": "IQ=="}]}]}', 'outputs', 'output.json');
    expect(r.timestamp).to.equal(undefined);
    expect(r.window).to.deep.equal({ start: 0, end: 10, type: 'session' });
    expect(r.headers).to.deep.equal([{ key: 'h', value: Buffer.from([0x21]) }]);
  });

  it('names the file and record of a malformed record', () => {
    expect(() => parseRecords('{"outputs": [{"value": 1}]}', 'outputs', 'output.json')).to.throw('output.json outputs[0]: record has no "topic"');
    expect(() => parseRecords('{"inputs": [{"topic": "t", "timestamp": 1.5}]}', 'inputs', 'input.json')).to.throw('timestamp must be a whole number, got 1.5');
    expect(() => parseRecords('{"inputs": [', 'inputs', 'input.json')).to.throw(/^input\.json: Invalid JSON at line 1:/);
  });

  it('reads meta.json: properties as text, topics, expected exception and flags', () => {
    const meta = parseMeta('{"name": "n", "properties": {"a.b": 1, "c": "x", "d": true}, "topics": [{"name": "t", "partitions": 4, "format": "JSON"}], "expectedException": {"type": "T", "message": "m"}, "flags": ["needs-properties"]}', 'meta.json');
    expect(meta.properties).to.deep.equal({ 'a.b': '1', c: 'x', d: 'true' });
    expect(meta.topics).to.deep.equal([{ name: 't', partitions: 4, format: 'JSON' }]);
    expect(meta.expectedError).to.deep.equal({ type: 'T', message: 'm' });
    expect(meta.flags).to.deep.equal(['needs-properties']);
    expect(meta.name).to.equal('n');
  });

  it('reads a case directory and finds case directories below a root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fjord-cases-'));
    try {
      const dir = path.join(root, 'group', 'case-1');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'statements.sql'), 'CREATE STREAM S (A INT) WITH (kafka_topic=\'t\', value_format=\'JSON\');\n');
      fs.writeFileSync(path.join(dir, 'output.json'), '{"outputs": [{"topic": "t", "value": {"A": 1}}]}');
      fs.writeFileSync(path.join(dir, 'meta.json'), '{"flags": ["no-input-records"]}');
      fs.mkdirSync(path.join(root, 'empty'));
      expect(listCaseDirs(root)).to.deep.equal([dir]);
      const c = readCaseDir(dir);
      expect(c.id).to.equal('case-1');
      expect(c.inputs).to.deep.equal([]);
      expect(c.outputs).to.have.length(1);
      expect(c.flags).to.deep.equal(['no-input-records']);
      expect(c.statements).to.contain('CREATE STREAM S');
      expect(() => readCaseDir(path.join(root, 'empty'))).to.throw('not a test case directory (no statements.sql)');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads every shared qtt case without error', () => {
    const root = path.resolve('..', 'shared', 'ksql-qtt');
    const dirs = listCaseDirs(root);
    expect(dirs.length).to.be.at.least(600);
    for (const d of dirs) readCaseDir(d);
  });
});
