import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { removeTmpDirs, runCli, seedTopic, startCli, tmpDataDir, waitFor } from './run-cli.js';

const COMMANDS = [
  'topics create', 'topics list', 'topics describe', 'topics alter', 'topics delete',
  'produce', 'consume', 'groups list', 'groups describe', 'groups reset-offsets', 'groups delete', 'dev',
];

describe('fjord (main)', function () {
  this.timeout(30_000);
  after(removeTmpDirs);

  it('prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const { code, stdout } = await runCli(['--version']);
    expect([code, stdout]).to.deep.equal([0, `fjord ${pkg.version}\n`]);
  });

  it('prints usage for every command and subcommand with --help or -h', async () => {
    const results = await Promise.all(COMMANDS.map((c) => runCli([...c.split(' '), c.length % 2 === 0 ? '--help' : '-h'])));
    results.forEach((r, i) => {
      expect(r.code, COMMANDS[i]).to.equal(0);
      expect(r.stdout, COMMANDS[i]).to.include(`Usage: fjord ${COMMANDS[i]}`).and.include('--data-dir DIR');
    });
    for (const group of ['topics', 'groups']) expect((await runCli([group, '--help'])).stdout).to.include(`Usage: fjord ${group} <subcommand>`);
    expect((await runCli(['--help'])).stdout).to.include('Usage: fjord <command>');
  });

  it('exits 2 with one line for an unknown command or a missing subcommand', async () => {
    const unknown = await runCli(['topicz', 'list']);
    expect([unknown.code, unknown.stderr]).to.deep.equal([2, "fjord: unknown command 'topicz' (known: topics, produce, consume, groups, broker, cluster, partitions, dev, connect, topology, sql, sql-test)\n"]);
    const missing = await runCli(['groups']);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^fjord: missing subcommand: fjord groups list\|describe\|reset-offsets\|delete/);
  });

  it('accepts global flags before the command', async () => {
    const dir = tmpDataDir();
    await runCli(['--data-dir', dir, 'topics', 'create', 'orders']);
    expect((await runCli(['--data-dir', dir, 'topics', 'list'])).stdout).to.equal('orders\n');
  });

  it('fails with the DATA_DIR_LOCKED message naming the holder while another process has the data dir', async () => {
    const dir = tmpDataDir();
    await seedTopic(dir, 'orders', 1);
    const holder = startCli(['consume', 'orders', '--timeout-ms', '20000', '--data-dir', dir]);
    try {
      await waitFor('the first process to lock the data dir', () => fs.existsSync(path.join(dir, '.lock')));
      const second = await runCli(['topics', 'list', '--data-dir', dir]);
      expect(second.code).to.equal(1);
      expect(second.stderr).to.match(new RegExp(`^fjord: data dir ${dir} is locked by pid ${holder.child.pid} \\(fjord consume orders, since [^)]+\\); .*\\n$`));
      expect(second.stderr.trimEnd().split('\n')).to.have.length(1);
    } finally {
      holder.child.kill('SIGINT');
    }
    const first = await holder.done;
    expect(first.code, first.stderr).to.equal(130);
    expect(fs.existsSync(path.join(dir, '.lock'))).to.equal(false);
  });
});
