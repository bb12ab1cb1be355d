import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTopicConfig } from '../../core/log/log-config.js';
import { LogManager } from '../../core/log/log-manager.js';
import { batch, deps, records, removeDir, tempDir } from '../core/log/helpers.js';
import { TRUNCATE_TOPIC_CONFIG, contentsAfter, opAt } from './fixtures/truncate-ops.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the child until it reported `ops` operations, SIGKILLs it, returns how many it reported. */
function runAndKill(dataDir: string, ops: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'truncate-child.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && out.split('\n').length > ops) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`));
      const lines = out.split('\n');
      lines.pop(); // a partial last line was not reported
      resolve(lines.length === 0 ? 0 : Number(lines[lines.length - 1]));
    });
  });
}

function contents(m: LogManager): string[] {
  const log = m.get('events', 0)!;
  const out: string[] = [];
  let at = log.logStartOffset;
  for (let guard = 0; at < log.logEndOffset && guard < 100_000; guard++) {
    const got = records(log.read(at, 1 << 20).bytes).filter((r) => r.offset >= at);
    if (got.length === 0) break;
    for (const r of got) out.push(r.value ?? '');
    at = got[got.length - 1].offset + 1n;
  }
  return out;
}

describe('truncation under SIGKILL (real processes)', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('fjord-truncate-kill-');
  });
  afterEach(() => removeDir(dir));

  for (const killAfter of [300, 800]) {
    it(`reopens a log killed after ${killAfter}+ operations as the state before or after the operation in flight, and appends on`, async () => {
      const done = await runAndKill(dir, killAfter);
      const before = contentsAfter(done);
      const after = contentsAfter(done + 1);
      const next = opAt(done, before.length);
      const m = LogManager.open(dir, deps(), { nodeId: 0, configFor: () => parseTopicConfig(TRUNCATE_TOPIC_CONFIG) });
      const got = contents(m);
      const log = m.get('events', 0)!;
      expect(Number(log.logEndOffset), 'the log end is where its records end').to.equal(got.length);
      // A truncation in flight leaves a prefix of the old log no shorter than its result; an
      // append in flight is there whole or not at all.
      const isPrefixOf = (full: string[]) => got.length <= full.length && got.every((v, i) => v === full[i]);
      const minLength = Math.min(before.length, after.length);
      expect(isPrefixOf(before) || isPrefixOf(after), `contents after ${done} operations (next: ${JSON.stringify(next)})`).to.equal(true);
      expect(got.length, `records after ${done} operations (next: ${JSON.stringify(next)})`).to.be.at.least(minLength);
      expect(log.leaderEpochs().every((e) => e.startOffset < log.logEndOffset)).to.equal(true);
      const end = log.logEndOffset;
      m.getOrCreate('events', 0).append(batch([{ value: Buffer.from(`${end}:after`), timestamp: 1_700_000_000_000 }]));
      m.close();
      const again = LogManager.open(dir, deps(), { nodeId: 0, configFor: () => parseTopicConfig(TRUNCATE_TOPIC_CONFIG) });
      expect(contents(again)).to.deep.equal([...got, `${end}:after`]);
      again.close();
    });
  }
});
