import { expect } from 'chai';
import path from 'node:path';
import { FjordError } from '../../core/errors.js';
import { PartitionLog } from '../../core/log/partition-log.js';
import { rawSection, rebuildBatch, walkRecords } from '../../core/log/raw-records.js';
import { BATCH_HEADER_BYTES, batchMaxTimestamp } from '../../core/protocol/batch-header.js';
import { batch, config, deps, kv, records, removeDir, tempDir, valuesBatch } from '../core/log/helpers.js';

/** A batch as a leader stored it: at `baseOffset`, stamped with `epoch`. */
function stored(b: Buffer, baseOffset: bigint, epoch: number): Buffer {
  const copy = Buffer.from(b);
  copy.writeBigInt64BE(baseOffset, 0);
  copy.writeInt32BE(epoch, 12);
  return copy;
}

/** A batch after compaction on the leader: offsets 0..4, only the records at 1 and 4 kept (as the cleaner rebuilds it). */
function compactedBatch(): Buffer {
  const original = batch(['a', 'b', 'c', 'd', 'e'].map((k) => kv(k, `${k}-value`)));
  const section = rawSection(original);
  const kept = walkRecords(section, 5).filter((_, i) => i === 1 || i === 4);
  const bytes = Buffer.concat(kept.map((r) => section.subarray(r.start, r.end)));
  return rebuildBatch(original.subarray(0, BATCH_HEADER_BYTES), bytes, 2, 4, batchMaxTimestamp(original));
}

describe('PartitionLog.appendAsFollower (replicas keep the leader\'s batches as they are)', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = tempDir('fjord-follower-append-');
    dir = path.join(root, 'events-0');
  });
  afterEach(() => removeDir(root));

  it('keeps the leader\'s offsets and epochs and records the epochs in leader-epoch-checkpoint', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const first = stored(valuesBatch(3, 'a'), 0n, 2);
    const second = stored(valuesBatch(2, 'b'), 3n, 5);
    expect(log.appendAsFollower(first)).to.include({ baseOffset: 0n, lastOffset: 2n });
    log.appendAsFollower(second);
    expect(log.logEndOffset).to.equal(5n);
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 2, startOffset: 0n }, { epoch: 5, startOffset: 3n }]);
    expect(log.read(0n, 1 << 20).bytes.equals(Buffer.concat([first, second])), 'byte for byte').to.equal(true);
    log.close();
  });

  it('keeps a gap the leader compacted away, across a reopen', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.appendAsFollower(stored(valuesBatch(2, 'a'), 0n, 1));
    log.appendAsFollower(stored(valuesBatch(2, 'c'), 10n, 1));
    expect(log.logEndOffset).to.equal(12n);
    expect(records(log.read(2n, 1 << 20).bytes).map((r) => r.offset)).to.deep.equal([10n, 11n]);
    log.close();
    const again = PartitionLog.open(dir, config(), deps());
    expect(again.logEndOffset).to.equal(12n);
    expect(records(again.read(0n, 1 << 20).bytes).map((r) => r.offset)).to.deep.equal([0n, 1n, 10n, 11n]);
    again.close();
  });

  it('starts a new segment at the batch when a gap is too wide for relative offsets', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.appendAsFollower(stored(valuesBatch(1, 'a'), 0n, 1));
    log.appendAsFollower(stored(valuesBatch(1, 'far'), 3_000_000_000n, 1));
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 3_000_000_000n]);
    expect(log.logEndOffset).to.equal(3_000_000_001n);
    log.close();
  });

  it('refuses a batch below the log end or a damaged one, naming the partition', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.appendAsFollower(stored(valuesBatch(3, 'a'), 0n, 1));
    expect(() => log.appendAsFollower(stored(valuesBatch(1, 'x'), 2n, 1))).to.throw(FjordError, /events-0 starts at offset 2, below the log end 3/);
    const damaged = stored(valuesBatch(1, 'y'), 3n, 1);
    damaged[damaged.length - 1] ^= 0xff;
    expect(() => log.appendAsFollower(damaged)).to.throw(FjordError, /corrupt replicated batch at byte 0 of the append to events-0/);
    expect(log.logEndOffset).to.equal(3n);
    log.close();
  });

  it('accepts a compacted batch whose records do not fill its offset range (a produce append refuses it)', () => {
    const log = PartitionLog.open(dir, config({ 'cleanup.policy': 'compact' }), deps());
    expect(() => log.append(Buffer.from(compactedBatch()))).to.throw(FjordError, /has 2 records but lastOffsetDelta 4/);
    log.appendAsFollower(stored(compactedBatch(), 0n, 1));
    expect(log.logEndOffset).to.equal(5n);
    expect(records(log.read(0n, 1 << 20).bytes).map((r) => `${r.offset}:${r.key}`)).to.deep.equal(['1:b', '4:e']);
    log.close();
  });
});
