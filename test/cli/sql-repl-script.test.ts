/** `fjord sql --execute` / `--file`: run statements and exit, 1 at the first error with its message on stderr. */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { serveBroker } from '../helpers/transports.js';
import { cliIn, removeTmpDirs, runCli, startCli, tmpDataDir, waitFor } from './run-cli.js';

describe('fjord sql --execute / --file', function () {
  this.timeout(60_000);
  let dataDir = '';
  const cli = cliIn(() => dataDir);

  beforeEach(() => {
    dataDir = tmpDataDir();
  });

  after(() => removeTmpDirs());

  it('exits 1 with the failing statement named on stderr and stops there', async () => {
    const result = await cli.run('sql', '--execute', 'SELEKT 1; SHOW STREAMS;');
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^fjord: .*SELEKT/);
    expect(result.stdout).to.equal('');
  });

  it('reports a --file it cannot read, naming it, and fails a --file as --execute at its first bad statement', async () => {
    const missing = path.join(dataDir, 'nope.sql');
    const result = await cli.run('sql', '--file', missing);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain(`cannot read --file ${missing}`);
    const file = path.join(dataDir, 'script.sql');
    fs.writeFileSync(file, 'SHOW STREAMS;\nSELEKT\n  1;\nSHOW TOPICS;\n');
    const bad = await cli.run('sql', '--file', file);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/^fjord: .*SELEKT.* at line 1:1/);
    expect(bad.stdout, 'the statements before the failure ran, the ones after it did not').to.match(/^Stream Name/).and.not.contain('Partitions');
  });

  it('registers user-defined functions from --udf modules', async () => {
    const udfs = path.join(import.meta.dirname, '..', 'sql', 'functions', 'udf-fixtures', 'math-udfs.ts');
    const result = await cli.run('sql', '--udf', udfs, '--format', 'json', '-e', 'DESCRIBE FUNCTION MULTIPLY;');
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('"Variation":"INT, INT"').and.contain('"Variation":"DOUBLE, DOUBLE"');
    const bad = await cli.run('sql', '--udf', path.join(dataDir, 'missing.ts'), '-e', 'SHOW STREAMS;');
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('missing.ts');
  });

  it('rejects --execute with --file, and an unknown --format, as usage errors', async () => {
    const both = await cli.run('sql', '--execute', 'SHOW STREAMS;', '--file', 'x.sql');
    expect([both.code, both.stderr]).to.deep.equal([2, 'fjord: give either --execute or --file, not both\n']);
    const badName = await cli.run('sql', '--define', 'a-b=1', '--execute', 'SHOW STREAMS;');
    expect([badName.code, badName.stderr]).to.deep.equal([2, "fjord: --define expects NAME=VALUE with NAME made of letters, digits and '_', got 'a-b'\n"]);
    const format = await cli.run('sql', '--execute', 'SHOW STREAMS;', '--format', 'xml');
    expect([format.code, format.stderr]).to.deep.equal([2, "fjord: --format expects table, plain or json, got 'xml'\n"]);
  });

  it('finds its streams again in the next run on the same data dir (the command topic), printing plain columns on a pipe; --define substitutes', async () => {
    const created = await cli.run('sql', '--define', 'topic=s', '-e', "CREATE STREAM S (ID INT KEY, NAME STRING) WITH (kafka_topic='${topic}', value_format='json', partitions=1);");
    expect([created.code, created.stderr, created.stdout]).to.deep.equal([0, '', 'Stream created\n']);
    const shown = await cli.run('sql', '-e', 'SHOW STREAMS;');
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.match(/^Stream Name +Kafka Topic +Key Format +Value Format +Windowed\nS +s +KAFKA +JSON +false\n$/);
  });

  it('works on a broker with --bootstrap, keeping the catalog in its command topic', async () => {
    const broker = await serveBroker();
    try {
      const b = ['--bootstrap', broker.bootstrap];
      const created = await runCli(['sql', ...b, '--format', 'json', '-e', "CREATE STREAM S (ID INT KEY) WITH (kafka_topic='s', value_format='json', partitions=1);"]);
      expect([created.code, created.stderr, created.stdout]).to.deep.equal([0, '', '{"message":"Stream created"}\n']);
      const topics = await runCli(['topics', 'list', ...b]);
      expect(topics.stdout.split('\n')).to.include.members(['_confluent-ksql-default__command_topic', 's']);
    } finally {
      await broker.close();
    }
  });

  it('streams a push query of --execute until Ctrl-C (SIGINT), which cancels it and exits 130', async () => {
    const script = "CREATE STREAM S (ID INT KEY, NAME STRING) WITH (kafka_topic='s', value_format='json', partitions=1);"
      + " INSERT INTO S (ID, NAME) VALUES (1, 'alice'); SET 'auto.offset.reset'='earliest'; SELECT * FROM S EMIT CHANGES;";
    const running = startCli(['sql', '--data-dir', dataDir, '--format', 'json', '--execute', script]);
    let stdout = '';
    running.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitFor('the pushed row', () => stdout.includes('"alice"'), 30_000);
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(result.code, result.stderr).to.equal(130);
    expect(result.stdout).to.contain('{"message":"Stream created"}\n');
    expect(result.stdout).to.contain('{"ID":1,"NAME":"alice"}\n');
  });
});
