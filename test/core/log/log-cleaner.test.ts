import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PartitionLog } from '../../../core/log/partition-log.js';
import { decodeRecordBatchesSync, encodeControlBatch } from '../../../core/protocol/record-batch.js';
import { batch, config, deps, kv, records, removeDir, tempDir } from './helpers.js';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

describe('PartitionLog compaction', () => {
  let root: string;
  let dir: string;
  const compacted = { 'cleanup.policy': 'compact', 'segment.bytes': '300' };
  beforeEach(() => {
    root = tempDir();
    dir = path.join(root, 'users-0');
  });
  afterEach(() => removeDir(root));

  function all(log: PartitionLog): ReturnType<typeof records> {
    const out: ReturnType<typeof records> = [];
    for (let next = log.logStartOffset; next < log.logEndOffset; ) {
      const read = log.read(next, 1 << 24);
      out.push(...records(read.bytes));
      next = read.nextOffset;
    }
    return out;
  }

  /** Writes updates for keys a..d over several segments: offset i holds key 'abcd'[i % 4], value `v<i>`. */
  function writeUpdates(log: PartitionLog, count: number, timestamp = T0): void {
    for (let i = 0; i < count; i++) log.append(batch([kv('abcd'[i % 4], `v${i}`, timestamp)]));
    log.roll();
  }

  it('keeps only the latest record per key, each at its original offset', async () => {
    const log = PartitionLog.open(dir, config(compacted), deps());
    writeUpdates(log, 20);
    const before = log.segmentCount;
    const result = await log.compact(T0, { force: true });
    expect(result).to.not.equal(null);
    expect(all(log).map((r) => [r.offset, r.key, r.value])).to.deep.equal([
      [16n, 'a', 'v16'],
      [17n, 'b', 'v17'],
      [18n, 'c', 'v18'],
      [19n, 'd', 'v19'],
    ]);
    expect(log.segmentCount).to.be.lessThan(before);
    expect(log.logEndOffset).to.equal(20n);
    log.close();
  });

  it('reports its progress segment by segment, ending at the total', async () => {
    const log = PartitionLog.open(dir, config(compacted), deps());
    writeUpdates(log, 20);
    const seen: [number, number][] = [];
    await log.compact(T0, { force: true, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.length).to.be.greaterThan(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).to.be.greaterThan(seen[i - 1]![0]);
    const [lastDone, lastTotal] = seen[seen.length - 1]!;
    expect(lastDone).to.equal(lastTotal);
    log.close();
  });

  it('keeps the kept records of a partly superseded batch in one batch with offset gaps', async () => {
    const log = PartitionLog.open(dir, config({ 'cleanup.policy': 'compact' }), deps());
    log.append(batch([kv('a', '1'), kv('b', '1'), kv('c', '1'), kv('d', '1')], { compression: 'gzip' }));
    log.append(batch([kv('b', '2'), kv('d', '2')]));
    log.roll();
    await log.compact(T0, { force: true });
    const read = log.read(0n, 1 << 20);
    const batches = decodeRecordBatchesSync(read.bytes);
    expect(batches).to.have.length(2);
    expect(batches[0].compression).to.equal('gzip');
    expect(batches[0].records.map((r) => [r.offset, r.key?.toString()])).to.deep.equal([[0n, 'a'], [2n, 'c']]);
    expect(batches[0].lastOffsetDelta).to.equal(2);
    log.close();
  });

  it('drops tombstones older than delete.retention.ms and keeps younger ones', async () => {
    const log = PartitionLog.open(dir, config({ ...compacted, 'delete.retention.ms': String(DAY) }), deps());
    log.append(batch([kv('old', 'x', T0)]));
    log.append(batch([kv('young', 'x', T0)]));
    log.append(batch([kv('old', null, T0)]));
    log.append(batch([kv('young', null, T0 + 2 * DAY)]));
    log.roll();
    const result = await log.compact(T0 + 2 * DAY + 1, { force: true });
    expect(result?.tombstonesDropped).to.equal(1);
    expect(all(log).map((r) => [r.offset, r.key, r.value])).to.deep.equal([[3n, 'young', null]]);
    log.close();
  });

  it('never touches the active segment or segments younger than min.compaction.lag.ms', async () => {
    const log = PartitionLog.open(dir, config({ ...compacted, 'min.compaction.lag.ms': String(DAY) }), deps());
    writeUpdates(log, 8, T0);
    writeUpdates(log, 8, T0 + DAY);
    log.append(batch([kv('a', 'active')]));
    await log.compact(T0 + DAY + 10, { force: true });
    const got = all(log);
    expect(got.filter((r) => r.offset < 8n).map((r) => r.offset)).to.deep.equal([4n, 5n, 6n, 7n]);
    expect(got.filter((r) => r.offset >= 8n)).to.have.length(9);
    log.close();
  });

  it('does nothing while the dirty ratio is below min.cleanable.dirty.ratio', async () => {
    const log = PartitionLog.open(dir, config({ ...compacted, 'min.cleanable.dirty.ratio': '0.5' }), deps());
    writeUpdates(log, 20);
    expect(await log.compact(T0)).to.not.equal(null);
    writeUpdates(log, 2);
    expect(log.cleanableState(T0)?.dirtyRatio).to.be.below(0.5);
    expect(await log.compact(T0)).to.equal(null);
    log.close();
  });

  it('keeps transaction control batches as they are', async () => {
    const log = PartitionLog.open(dir, config(compacted), deps());
    log.append(batch([kv('a', '1')], { producerId: 7n, producerEpoch: 0, transactional: true }));
    log.append(encodeControlBatch({ type: 'COMMIT', producerId: 7n, producerEpoch: 0, coordinatorEpoch: 0, timestampMs: T0 }));
    log.append(batch([kv('a', '2')]));
    log.roll();
    await log.compact(T0, { force: true });
    const batches = decodeRecordBatchesSync(log.read(0n, 1 << 20).bytes);
    expect(batches.map((b) => [b.baseOffset, b.isControl])).to.deep.equal([[1n, true], [2n, false]]);
    expect(all(log).map((r) => r.offset)).to.deep.equal([1n, 2n]);
    log.close();
  });

  it('keeps the compacted result and offsets after a restart', async () => {
    const log = PartitionLog.open(dir, config(compacted), deps());
    writeUpdates(log, 20);
    await log.compact(T0, { force: true });
    const expected = all(log);
    log.close();
    const again = PartitionLog.open(dir, config(compacted), deps(), {
      recoveryPoint: log.recoveryPoint,
      logStartOffset: log.logStartOffset,
      cleanerCheckpoint: log.cleanerCheckpoint,
    });
    expect(all(again)).to.deep.equal(expected);
    expect(again.cleanerCheckpoint).to.equal(20n);
    again.append(batch([kv('a', 'after')]));
    expect(again.logEndOffset).to.equal(21n);
    again.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cleaned') || f.endsWith('.swap'))).to.deep.equal([]);
  });

  it('rolls back a compaction that crashed before its swap: .cleaned files are removed and the data stays', () => {
    const log = PartitionLog.open(dir, config(compacted), deps());
    writeUpdates(log, 12);
    const expected = all(log);
    log.close();
    fs.writeFileSync(path.join(dir, '00000000000000000000.log.cleaned'), Buffer.from('half written'));
    fs.writeFileSync(path.join(dir, '00000000000000000000.index.swap'), Buffer.alloc(8));
    const d = deps();
    const again = PartitionLog.open(dir, config(compacted), d);
    expect(all(again)).to.deep.equal(expected);
    expect(d.lines.some((l) => l.includes('00000000000000000000.log.cleaned'))).to.equal(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.cleaned') || f.endsWith('.swap'))).to.deep.equal([]);
    again.close();
  });

  it('finishes a compaction that crashed after its swap was committed', async () => {
    // Small segments rolled by hand, so one cleaned segment replaces all four of them.
    const entries = { 'cleanup.policy': 'compact', 'segment.bytes': '1000' };
    const log = PartitionLog.open(dir, config(entries), deps());
    log.append(batch([kv('z', 'kept')]));
    for (let i = 1; i < 12; i++) {
      log.append(batch([kv('abcd'[i % 4], `v${i}`)]));
      if (i % 3 === 2) log.roll();
    }
    log.roll();
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 3n, 6n, 9n, 12n]);
    log.close();
    // Compact a copy; its cleaned segment becomes the committed swap of the original.
    const copy = path.join(root, 'copy-0');
    fs.cpSync(dir, copy, { recursive: true });
    const other = PartitionLog.open(copy, config(entries), deps());
    await other.compact(T0, { force: true });
    expect(other.segmentBaseOffsets()).to.deep.equal([0n, 12n]);
    const expected = all(other);
    other.close();
    fs.copyFileSync(path.join(copy, '00000000000000000000.log'), path.join(dir, '00000000000000000000.log.swap'));
    const d = deps();
    const again = PartitionLog.open(dir, config(entries), d);
    expect(d.lines.some((l) => l.includes('finished interrupted compaction swap'))).to.equal(true);
    expect(again.segmentBaseOffsets()).to.deep.equal([0n, 12n]);
    expect(all(again)).to.deep.equal(expected);
    again.close();
  });
});
