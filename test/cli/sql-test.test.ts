import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, removeTmpDirs, tmpDataDir } from './run-cli.js';

/** Writes a case directory; `files` maps file names to contents. */
function writeCase(root: string, id: string, files: Record<string, string>): string {
  const dir = path.join(root, id);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

// These cases hold statements no engine accepts, so the verdicts do not depend on how far the engine is.
const BAD_SQL = 'SELEKT nothing;\n';
const OUTPUTS = '{"outputs": [{"topic": "OUTPUT", "value": {"A": 1}}]}';

describe('fjord sql-test', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = tmpDataDir()));
  after(removeTmpDirs);

  it('runs every case below --cases: one line each, a summary, exit 1 on a failure, actual outputs written', async () => {
    writeCase(root, 'a-passes', { 'statements.sql': BAD_SQL, 'meta.json': '{"expectedException": {"type": "X"}, "flags": ["no-expected-outputs"]}' });
    writeCase(root, 'b-fails', { 'statements.sql': BAD_SQL, 'output.json': OUTPUTS, 'meta.json': '{}' });
    writeCase(root, 'c-skipped', { 'statements.sql': BAD_SQL, 'output.json': OUTPUTS, 'meta.json': '{"flags": ["needs-test-only-udfs"]}' });
    writeCase(root, 'd-nothing', { 'statements.sql': BAD_SQL, 'meta.json': '{"flags": ["no-expected-outputs"]}' });
    const out = path.join(root, 'actual');
    const r = await runCli(['sql-test', '--cases', root, '--actual-dir', out]);
    const lines = r.stdout.trim().split('\n');
    expect(r.code).to.equal(1);
    expect(lines[0]).to.equal('PASS a-passes');
    expect(lines[1]).to.match(/^FAIL b-fails: \S/);
    expect(lines[2]).to.equal('SKIP c-skipped: needs ksqlDB test-only UDFs');
    expect(lines[3]).to.match(/^NONE d-nothing: asserts nothing/);
    expect(lines[4]).to.equal('1 passed, 1 failed (1 skipped, 1 asserting nothing)');
    expect(lines[5]).to.equal('failures by class: statement-error 1');
    expect(r.stderr).to.equal('fjord: 1 of 2 cases failed\n');
    const actual = JSON.parse(fs.readFileSync(path.join(out, 'b-fails.json'), 'utf8')) as { error: { message: string } };
    expect(actual.error.message.replace(/\s*\n\s*/g, ' ')).to.equal(lines[1].slice('FAIL b-fails: '.length));
    expect(fs.existsSync(path.join(out, 'c-skipped.json'))).to.equal(false);
  });

  it('runs only the cases whose name contains --filter', async () => {
    writeCase(root, 'joins-one', { 'statements.sql': BAD_SQL, 'meta.json': '{"expectedException": {}}' });
    writeCase(root, 'other', { 'statements.sql': BAD_SQL, 'output.json': OUTPUTS });
    const r = await runCli(['sql-test', '--cases', root, '--filter', 'joins']);
    expect([r.code, r.stdout]).to.deep.equal([0, 'PASS joins-one\n1 passed, 0 failed\n']);
  });

  it('runs one case directory with --case and exits 0 when it passes', async () => {
    const dir = writeCase(root, 'ok', { 'statements.sql': BAD_SQL, 'meta.json': '{"expectedException": {}}' });
    const r = await runCli(['sql-test', '--case', dir]);
    expect([r.code, r.stdout]).to.deep.equal([0, 'PASS ok\n1 passed, 0 failed\n']);
  });

  it('runs the runner files given with -s, -i and -o', async () => {
    const dir = writeCase(root, 'files', { 's.sql': BAD_SQL, 'in.json': '{"inputs": [{"topic": "t", "value": {"A": 1}}]}', 'out.json': OUTPUTS });
    const r = await runCli(['sql-test', '-s', path.join(dir, 's.sql'), '-i', path.join(dir, 'in.json'), '-o', path.join(dir, 'out.json')]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(/^FAIL s\.sql: .*\n0 passed, 1 failed\n$/);
  });

  it('names a malformed expected-output file', async () => {
    const dir = writeCase(root, 'bad', { 's.sql': BAD_SQL, 'out.json': '{"outputs": [{"value": 1}]}' });
    const r = await runCli(['sql-test', '-s', path.join(dir, 's.sql'), '-o', path.join(dir, 'out.json')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(`fjord: ${path.join(dir, 'out.json')} outputs[0]: record has no "topic"\n`);
  });

  it('rejects a command line naming no cases, or two kinds at once, with exit 2', async () => {
    for (const args of [['-s', 'x.sql'], ['--case', 'a', '--cases', 'b']]) {
      const r = await runCli(['sql-test', ...args]);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr).to.match(/^fjord: /);
    }
  });
});
