import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PartitionProducers, type ProducerStateDeps } from '../../../../core/broker/producer-state/partition-producers.js';
import { producerBatchOf } from '../../../../core/broker/producer-state/produce-batch.js';
import { decodeSnapshot, encodeSnapshot } from '../../../../core/broker/producer-state/snapshot-codec.js';
import { SNAPSHOTS_KEPT } from '../../../../core/broker/producer-state/snapshot-files.js';
import type { Logger } from '../../../../core/io/logger.js';
import type { Storage } from '../../../../core/io/storage.js';
import { PartitionLog } from '../../../../core/log/partition-log.js';
import { CountingStorage, batch, config, deps, removeDir, tempDir } from '../../log/helpers.js';

const DAY_MS = 86_400_000;

/** An idempotent batch of `count` records. */
function idem(producerId: bigint, firstSeq: number, count: number, epoch = 0): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ value: Buffer.from(`p${producerId}-s${firstSeq + i}`) }));
  return batch(records, { producerId, producerEpoch: epoch, baseSequence: firstSeq });
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) };
}

describe('PartitionProducers (producer state of a log, with snapshots)', () => {
  let dir: string;
  let d: ReturnType<typeof deps>;
  beforeEach(() => {
    dir = path.join(tempDir(), 't-0');
    d = deps();
  });
  afterEach(() => removeDir(path.dirname(dir)));

  const openLog = (storage: Storage = d.storage, cfg: Record<string, string> = {}) => PartitionLog.open(dir, config(cfg), { ...d, storage });
  const producerDeps = (storage: Storage = d.storage): ProducerStateDeps => ({ storage, clock: d.clock, logger: logger(), producerIdExpirationMs: DAY_MS });

  /** What the Produce handler does: check, then append; returns the acknowledged base offset or the refusal. */
  function produce(p: PartitionProducers, records: Buffer): bigint | string {
    const b = producerBatchOf(records, 't-0');
    if (b !== null) {
      const verdict = p.check(b);
      if (verdict.kind === 'duplicate') return verdict.batch.firstOffset;
      if (verdict.kind === 'reject') return verdict.error;
    }
    return p.append(records, b, {}).baseOffset;
  }

  /** Appends `batches` three-record batches for producers 1 and 2 in turn; returns each batch's offset. */
  function produceMany(p: PartitionProducers, batches: number): bigint[] {
    const offsets: bigint[] = [];
    for (let i = 0; i < batches; i++) offsets.push(produce(p, idem(BigInt(1 + (i % 2)), Math.floor(i / 2) * 3, 3)) as bigint);
    return offsets;
  }

  const snapshotNames = () => fs.readdirSync(dir).filter((n) => n.endsWith('.snapshot')).sort();

  it('encodes all five remembered batches of every producer, and rejects a damaged snapshot', () => {
    const entries = [
      { producerId: 1n, epoch: 2, lastTimestampMs: 123, batches: [1, 2, 3, 4, 5].map((i) => ({ firstSeq: i * 10, lastSeq: i * 10 + 9, firstOffset: BigInt(i * 100), lastOffset: BigInt(i * 100 + 9) })) },
      { producerId: 9_000_000_000n, epoch: 0, lastTimestampMs: 1_700_000_000_000, batches: [] },
    ];
    const bytes = encodeSnapshot(entries);
    expect(decodeSnapshot(bytes, 'x')).to.deep.equal(entries);
    bytes[bytes.length - 1] ^= 1;
    expect(() => decodeSnapshot(bytes, 'x.snapshot')).to.throw(/x\.snapshot: checksum mismatch/).with.property('code', 'CORRUPT_LOG');
  });

  it('after a clean close loads from the snapshot at the log end without reading the log', () => {
    const p = PartitionProducers.load(openLog(), producerDeps(), true);
    const offsets = produceMany(p, 12);
    p.snapshotAtLogEnd();
    const end = p.log.logEndOffset;
    p.log.close();
    expect(snapshotNames()).to.deep.equal([`${String(end).padStart(20, '0')}.snapshot`]);

    const counting = new CountingStorage();
    const log = openLog(counting);
    const readBefore = counting.totalRead();
    const again = PartitionProducers.load(log, producerDeps(counting), true);
    expect(counting.totalRead() - readBefore, 'bytes of segment files read').to.equal(0);
    expect(again.loaded).to.deep.equal({ snapshotOffset: end, replayedBatches: 0 });
    // Every batch of the last five per producer is still recognised, with its original offset.
    for (let i = 2; i < 12; i++) expect(produce(again, idem(BigInt(1 + (i % 2)), Math.floor(i / 2) * 3, 3)), `batch ${i}`).to.equal(offsets[i]);
    expect(again.log.logEndOffset).to.equal(end);
    expect(produce(again, idem(1n, 18, 1))).to.equal(end);
    again.log.close();
  });

  it('after a crash (no snapshot at the log end) rebuilds the state by replaying batch headers', () => {
    const p = PartitionProducers.load(openLog(), producerDeps(), true);
    produceMany(p, 4);
    p.snapshotAtLogEnd();
    const snapshotAt = p.log.logEndOffset;
    const offsets = [idem(1n, 6, 3), idem(2n, 6, 3), idem(3n, 0, 2)].map((b) => produce(p, b));
    // The process dies here: no snapshot for the last three batches (the log files hold them).
    p.log.close();
    const again = PartitionProducers.load(openLog(), producerDeps(), true);
    expect(again.loaded).to.deep.equal({ snapshotOffset: snapshotAt, replayedBatches: 3 });
    expect(produce(again, idem(1n, 6, 3))).to.equal(offsets[0]);
    expect(produce(again, idem(2n, 6, 3))).to.equal(offsets[1]);
    expect(produce(again, idem(3n, 0, 2))).to.equal(offsets[2]);
    expect(produce(again, idem(3n, 5, 1))).to.equal('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(produce(again, idem(3n, 2, 1))).to.equal(again.log.logEndOffset - 1n);
    again.log.close();
  });

  it('rebuilds from the whole log when there is no snapshot at all', () => {
    const p = PartitionProducers.load(openLog(), producerDeps(), true);
    const offsets = produceMany(p, 6);
    p.log.close();
    const again = PartitionProducers.load(openLog(), producerDeps(), true);
    expect(again.loaded).to.deep.equal({ snapshotOffset: null, replayedBatches: 6 });
    expect(produce(again, idem(2n, 6, 3))).to.equal(offsets[5]);
    again.log.close();
  });

  it('snapshots at every segment roll, so a crash replays only the active segment', () => {
    const cfg = { 'segment.bytes': '600' };
    const p = PartitionProducers.load(openLog(d.storage, cfg), producerDeps(), true);
    const offsets = produceMany(p, 20);
    const bases = p.log.segmentBaseOffsets();
    expect(bases.length).to.be.greaterThan(SNAPSHOTS_KEPT);
    // One snapshot per roll, named by the new segment's base offset; only the newest are kept.
    expect(snapshotNames()).to.deep.equal(bases.slice(-SNAPSHOTS_KEPT).map((b) => `${String(b).padStart(20, '0')}.snapshot`));
    const active = bases[bases.length - 1];
    const inActive = offsets.filter((o) => o >= active).length;
    p.log.close();
    const again = PartitionProducers.load(openLog(d.storage, cfg), producerDeps(), true);
    expect(again.loaded).to.deep.equal({ snapshotOffset: active, replayedBatches: inActive });
    for (let i = 15; i < 20; i++) expect(produce(again, idem(BigInt(1 + (i % 2)), Math.floor(i / 2) * 3, 3)), `batch ${i}`).to.equal(offsets[i]);
    again.log.close();
  });

  it('drops a snapshot past the log end (recovery cut the log back) and uses an older one', () => {
    const p = PartitionProducers.load(openLog(), producerDeps(), true);
    produceMany(p, 2);
    p.snapshotAtLogEnd();
    const good = p.log.logEndOffset;
    p.log.close();
    const stale = path.join(dir, `${String(good + 100n).padStart(20, '0')}.snapshot`);
    fs.copyFileSync(path.join(dir, `${String(good).padStart(20, '0')}.snapshot`), stale);
    const deps2 = producerDeps();
    const again = PartitionProducers.load(openLog(), deps2, true);
    expect(again.loaded.snapshotOffset).to.equal(good);
    expect(fs.existsSync(stale)).to.equal(false);
    expect((deps2.logger as ReturnType<typeof logger>).lines.join('\n')).to.match(/removing producer snapshot at offset 106, past the log end 6/);
    again.log.close();
  });

  it('replaces a damaged snapshot by a replay of the log', () => {
    const p = PartitionProducers.load(openLog(), producerDeps(), true);
    const offsets = produceMany(p, 3);
    p.snapshotAtLogEnd();
    p.log.close();
    const file = path.join(dir, snapshotNames()[0]);
    fs.writeFileSync(file, Buffer.from('garbage!!!!!'));
    const again = PartitionProducers.load(openLog(), producerDeps(), true);
    expect(again.loaded).to.deep.equal({ snapshotOffset: null, replayedBatches: 3 });
    expect(fs.existsSync(file)).to.equal(false);
    expect(produce(again, idem(1n, 3, 3))).to.equal(offsets[2]);
    again.log.close();
  });

  it('does not read a log without snapshot when no producer id was ever issued', () => {
    const log = openLog();
    log.append(idem(1n, 0, 3));
    log.close();
    const again = PartitionProducers.load(openLog(), producerDeps(), false);
    expect(again.loaded).to.deep.equal({ snapshotOffset: null, replayedBatches: 0 });
    again.log.close();
  });

  it('leaves the state untouched when the append itself fails', () => {
    const p = PartitionProducers.load(openLog(d.storage, { 'max.message.bytes': '200' }), producerDeps(), true);
    const big = idem(1n, 0, 20);
    const b = producerBatchOf(big, 't-0')!;
    expect(p.check(b).kind).to.equal('append');
    expect(() => p.append(big, b, {})).to.throw(/max\.message\.bytes/);
    expect(p.state.producerCount).to.equal(0);
    expect(produce(p, idem(1n, 0, 1))).to.equal(0n);
    p.log.close();
  });
});
