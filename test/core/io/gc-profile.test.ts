import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import { applyServerGcProfile, GC_FLAGS_ENV, SERVER_GC_FLAGS, serverGcFlags } from '../../../core/io/gc-profile.js';
import { removeTmpDirs, runCli, startCli, tmpDataDir } from '../../cli/run-cli.js';

describe('server GC profile (core/io/gc-profile)', () => {
  describe('serverGcFlags', () => {
    it('is the defaults when FJORD_V8_GC_FLAGS is not set', () => {
      expect(serverGcFlags({})).to.deep.equal([...SERVER_GC_FLAGS]);
      expect(SERVER_GC_FLAGS).to.include('--heap-growing-percent=300');
    });

    it('is what FJORD_V8_GC_FLAGS names, split on whitespace, in place of the defaults', () => {
      expect(serverGcFlags({ [GC_FLAGS_ENV]: '  --heap-growing-percent=150\t--max-lazy ' })).to.deep.equal(['--heap-growing-percent=150', '--max-lazy']);
    });

    it('is nothing when FJORD_V8_GC_FLAGS is set but empty', () => {
      expect(serverGcFlags({ [GC_FLAGS_ENV]: '' })).to.deep.equal([]);
      expect(serverGcFlags({ [GC_FLAGS_ENV]: '   ' })).to.deep.equal([]);
    });

    it('rejects a token that is not a flag, naming the variable and the token', () => {
      for (const bad of ['heap-growing-percent=150', '--', '-x', '--a b=']) {
        const call = () => serverGcFlags({ [GC_FLAGS_ENV]: `--ok ${bad}` });
        expect(call, bad).to.throw(FjordError, /FJORD_V8_GC_FLAGS: '.*' is not a V8 flag/);
      }
      try {
        serverGcFlags({ [GC_FLAGS_ENV]: 'heap-growing-percent=150' });
        expect.fail('accepted a token without --');
      } catch (err) {
        expect((err as FjordError).code).to.equal('CONFIG');
        expect((err as Error).message).to.include("'heap-growing-percent=150'");
      }
    });
  });

  it('applyServerGcProfile hands each flag to V8, in order, and returns them', () => {
    const applied: string[] = [];
    const flags = applyServerGcProfile({ [GC_FLAGS_ENV]: '--heap-growing-percent=150 --incremental-marking-soft-trigger=80' }, (f) => applied.push(f));
    expect(applied).to.deep.equal(['--heap-growing-percent=150', '--incremental-marking-soft-trigger=80']);
    expect(flags).to.deep.equal(applied);
  });

  describe('the fjord CLI', function () {
    this.timeout(30_000);
    after(removeTmpDirs);

    /** Starts `fjord broker --verbose` on a free port, waits until it listens, stops it with SIGTERM. */
    async function brokerStderr(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
      const running = startCli(['broker', '--listen', '127.0.0.1:0', '--data-dir', tmpDataDir(), '--verbose'], { env });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        running.child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('listening on')) resolve();
        });
        running.child.on('exit', (code) => reject(new Error(`fjord broker exited with ${code} before listening`)));
      });
      running.child.kill('SIGTERM');
      return running.done;
    }

    it('fjord broker applies the defaults and says so with --verbose', async () => {
      const { code, stderr } = await brokerStderr({});
      expect(code).to.equal(0);
      expect(stderr).to.include(`fjord: V8 GC flags: ${SERVER_GC_FLAGS.join(' ')}`);
    });

    it('fjord broker applies FJORD_V8_GC_FLAGS instead, or none when it is empty', async () => {
      expect((await brokerStderr({ [GC_FLAGS_ENV]: '--heap-growing-percent=150' })).stderr).to.include('fjord: V8 GC flags: --heap-growing-percent=150\n');
      expect((await brokerStderr({ [GC_FLAGS_ENV]: '' })).stderr).to.include('fjord: V8 GC flags: none\n');
    });

    it('a malformed FJORD_V8_GC_FLAGS stops a server command with a clear error before it starts', async () => {
      const dataDir = tmpDataDir();
      const result = await runCli(['broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir], { env: { [GC_FLAGS_ENV]: 'heap-growing-percent=150' } });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal("fjord: FJORD_V8_GC_FLAGS: 'heap-growing-percent=150' is not a V8 flag (expected --name or --name=value, separated by spaces)\n");
      expect(result.stdout).to.not.include('listening');
    });

    it('commands that are not servers leave V8 alone (a malformed FJORD_V8_GC_FLAGS is not even read)', async () => {
      const result = await runCli(['topics', 'list', '--data-dir', tmpDataDir()], { env: { [GC_FLAGS_ENV]: 'heap-growing-percent=150' } });
      expect(result.code, result.stderr).to.equal(0);
    });
  });
});
