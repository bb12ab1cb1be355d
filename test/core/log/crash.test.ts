import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogManager } from '../../../core/log/log-manager.js';
import { parseTopicConfig } from '../../../core/log/log-config.js';
import { forEachBatch } from '../../../core/protocol/record-batch.js';
import { CRASH_RECORDS_PER_BATCH, CRASH_TOPIC_CONFIG, crashBatch } from './fixtures/crash-batches.js';
import { deps, removeDir, tempDir, withoutAssignedFields } from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ACKS_BEFORE_KILL = 3000;

/** Runs the child until it has acknowledged `acks` appends, kills it with SIGKILL, returns the acknowledged offsets. */
function runAndKill(dataDir: string, acks: number): Promise<bigint[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'append-child.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killed && out.split('\n').length > acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`));
      // Only complete lines were acknowledged; a partial last line was not.
      const lines = out.split('\n');
      lines.pop();
      resolve(lines.map((l) => BigInt(l)));
    });
  });
}

describe('PartitionLog crash safety', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = tempDir();
  });
  afterEach(() => removeDir(root));

  it('keeps every acknowledged record byte for byte and gap-free after SIGKILL mid-stream', async () => {
    const acked = await runAndKill(root, ACKS_BEFORE_KILL);
    expect(acked.length).to.be.at.least(ACKS_BEFORE_KILL);
    acked.forEach((offset, i) => expect(offset).to.equal(BigInt((i + 1) * CRASH_RECORDS_PER_BATCH - 1)));
    const d = deps();
    const mgr = LogManager.open(root, d, { nodeId: 0, configFor: () => parseTopicConfig(CRASH_TOPIC_CONFIG) });
    const log = mgr.get('crash', 0);
    expect(log).to.not.equal(undefined);
    if (log === undefined) return;
    const lastAcked = acked[acked.length - 1];
    expect(log.logEndOffset > lastAcked).to.equal(true);
    expect(log.segmentCount).to.be.greaterThan(1);
    let batchIndex = 0;
    for (let next = 0n; next <= lastAcked; ) {
      const read = log.read(next, 1 << 20);
      expect(read.firstBatchOffset).to.equal(next);
      forEachBatch(read.bytes, (at, size) => {
        const stored = read.bytes.subarray(at, at + size);
        expect(stored.readBigInt64BE(0)).to.equal(BigInt(batchIndex * CRASH_RECORDS_PER_BATCH));
        expect(withoutAssignedFields(stored).equals(withoutAssignedFields(crashBatch(batchIndex))), `batch ${batchIndex}`).to.equal(true);
        batchIndex++;
      });
      next = read.nextOffset;
    }
    expect(batchIndex).to.be.at.least(acked.length);
    mgr.close();
  });
});
