/** `fjord sql --execute` / `--file`: run statements and exit, 1 at the first error with its message on stderr. */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { cliIn, removeTmpDirs, tmpDataDir } from './run-cli.js';

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

  it('reports a --file it cannot read, naming it', async () => {
    const missing = path.join(dataDir, 'nope.sql');
    const result = await cli.run('sql', '--file', missing);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain(`cannot read --file ${missing}`);
  });

  it('runs the statements of a --file in order, the same as --execute', async () => {
    const file = path.join(dataDir, 'script.sql');
    fs.writeFileSync(file, 'SELEKT\n  1;\n');
    const result = await cli.run('sql', '--file', file);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^fjord: .*SELEKT/);
  });

  it('rejects --execute with --file, and an unknown --format, as usage errors', async () => {
    const both = await cli.run('sql', '--execute', 'SHOW STREAMS;', '--file', 'x.sql');
    expect([both.code, both.stderr]).to.deep.equal([2, 'fjord: give either --execute or --file, not both\n']);
    const format = await cli.run('sql', '--execute', 'SHOW STREAMS;', '--format', 'xml');
    expect([format.code, format.stderr]).to.deep.equal([2, "fjord: --format expects table, plain or json, got 'xml'\n"]);
  });
});
