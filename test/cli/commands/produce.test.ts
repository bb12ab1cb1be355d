import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { cliIn, jsonLines, removeTmpDirs, seedTopic, tmpDataDir } from '../run-cli.js';

describe('fjord produce', function () {
  this.timeout(30_000);
  let dir: string;
  const { run: fjord, ok, pipe, runWith } = cliIn(() => dir);
  const readAll = async (topic: string) => jsonLines((await ok('consume', topic, '--from-beginning', '-e', '--format', 'json')).stdout);

  beforeEach(async () => {
    dir = tmpDataDir();
    await seedTopic(dir, 'events', 1);
  });
  after(removeTmpDirs);

  it('writes stdin lines split at the key separator, with headers, and prints nothing', async () => {
    const result = await pipe('u1:clicked\nu2:viewed:twice\n\nu1:\n', 'produce', 'events', '--key-separator', ':', '--header', 'source=cli', '--header', 'v=1');
    expect(result.stdout).to.equal('');
    const records = await readAll('events');
    expect(records.map((r) => [r.offset, r.key, r.value])).to.deep.equal([['0', 'u1', 'clicked'], ['1', 'u2', 'viewed:twice'], ['2', 'u1', '']]);
    for (const r of records) {
      expect(r).to.include({ topic: 'events', partition: 0 });
      expect(r.headers).to.deep.equal([{ key: 'source', value: 'cli' }, { key: 'v', value: '1' }]);
      expect(r.timestamp).to.be.a('number');
    }
  });

  it('reads lines from --file, without keys unless a separator is given', async () => {
    const file = path.join(dir, 'input.txt');
    fs.writeFileSync(file, 'first\r\nsecond\nthird');
    await ok('produce', 'events', '--file', file);
    expect((await readAll('events')).map((r) => [r.key, r.value])).to.deep.equal([[null, 'first'], [null, 'second'], [null, 'third']]);
  });

  it('names the line that lacks the key separator, exits 1 and keeps the lines before it', async () => {
    const { code, stderr } = await runWith('a\tone\nb\ttwo\nthree\nc\tfour\n', 'produce', 'events', '--key-separator', '\\t');
    expect(code).to.equal(1);
    expect(stderr).to.equal("fjord: line 3 has no key separator '\\t'\n");
    expect((await readAll('events')).map((r) => [r.key, r.value])).to.deep.equal([['a', 'one'], ['b', 'two']]);
  });

  it('prints partition and offset of each record with --verbose', async () => {
    const { stdout } = await pipe('a\nb\n', 'produce', 'events', '--verbose');
    expect(stdout).to.equal('line 1: partition 0 offset 0\nline 2: partition 0 offset 1\n');
  });

  it('writes every record to the partition given by --partition', async () => {
    dir = tmpDataDir();
    await seedTopic(dir, 'events', 3);
    await pipe('k1:a\nk2:b\nk3:c\n', 'produce', 'events', '--partition', '2', '--key-separator', ':');
    expect((await readAll('events')).map((r) => r.partition)).to.deep.equal([2, 2, 2]);
  });

  it('accepts Kafka producer settings by their dotted names, compression and acks', async () => {
    await pipe('a\nb\n', 'produce', 'events', '--property', 'linger.ms=0', '--property', 'batch.size=1024', '--compression', 'gzip', '--acks', '1');
    expect((await readAll('events')).map((r) => r.value)).to.deep.equal(['a', 'b']);
  });

  it('rejects an unknown --property key, naming it', async () => {
    const { code, stderr } = await fjord('produce', 'events', '--property', 'linger.mss=5');
    expect(code).to.equal(2);
    expect(stderr).to.match(/^fjord: --property: unknown producer setting 'linger\.mss' \(known: client\.id, acks, linger\.ms, /);
  });

  it('rejects an invalid topic name, saying which character is illegal', async () => {
    const { code, stderr } = await runWith('x\n', 'produce', 'bad topic');
    expect(code).to.equal(1);
    expect(stderr).to.equal('fjord: topic name "bad topic" contains " "; legal characters are ASCII letters, digits, \'.\', \'_\' and \'-\'\n');
  });

  it('rejects a bad --acks value', async () => {
    const { code, stderr } = await fjord('produce', 'events', '--acks', '2');
    expect(code).to.equal(2);
    expect(stderr).to.equal("fjord: --acks expects 0, 1 or all, got '2'\n");
  });

  it('streams a large input to the end', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `k${i % 100}:value-${i}`).join('\n');
    await pipe(lines, 'produce', 'events', '--key-separator', ':');
    const { stdout } = await ok('topics', 'describe', 'events');
    expect(stdout.trimEnd().split('\n')[2].split(/\s+/)).to.deep.equal(['0', '1', '1', '1', '0', '50000']);
  });
});
