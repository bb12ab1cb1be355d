import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { LOADED_INDEXES_MAX } from '../../../core/log/loaded-indexes.js';
import { PartitionLog } from '../../../core/log/partition-log.js';
import { batch, config, deps, records, removeDir, tempDir, valuesBatch } from './helpers.js';

const T0 = 1_700_000_000_000;

function files(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

describe('PartitionLog segments and indexes', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = tempDir();
    dir = path.join(root, 'events-3');
  });
  afterEach(() => removeDir(root));

  it('names segment files by their 20-digit base offset and does not preallocate indexes', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(3));
    expect(files(dir)).to.deep.equal(['00000000000000000000.index', '00000000000000000000.log', '00000000000000000000.timeindex']);
    expect(fs.statSync(path.join(dir, '00000000000000000000.index')).size).to.equal(0);
    log.close();
  });

  it('rolls a new segment when the next append would pass segment.bytes', () => {
    const one = valuesBatch(5).length;
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(one * 2 + 10) }), deps());
    for (let i = 0; i < 5; i++) log.append(valuesBatch(5));
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 10n, 20n]);
    expect(files(dir).filter((f) => f.endsWith('.log'))).to.deep.equal([
      '00000000000000000000.log',
      '00000000000000000010.log',
      '00000000000000000020.log',
    ]);
    expect(fs.statSync(path.join(dir, '00000000000000000000.log')).size).to.equal(one * 2);
    log.close();
  });

  it('rolls once the active segment is older than segment.ms, measured with the injected clock', () => {
    const d = deps();
    const log = PartitionLog.open(dir, config({ 'segment.ms': '60000' }), d);
    log.append(valuesBatch(1, 'v', T0));
    d.clock.advance(60_000);
    log.append(valuesBatch(1, 'v', T0));
    expect(log.segmentCount).to.equal(1);
    d.clock.advance(1);
    log.append(valuesBatch(1, 'v', T0));
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 2n]);
    expect(d.lines.some((l) => l.includes('rolled new segment at offset 2 (segment.ms 60000 passed)'))).to.equal(true);
    log.close();
  });

  it('never rolls an empty segment, even on request', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.roll();
    expect(log.segmentCount).to.equal(1);
    log.append(valuesBatch(1));
    log.roll();
    log.roll();
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 1n]);
    log.close();
  });

  it('writes an 8-byte index entry (relative offset, position) every index.interval.bytes', () => {
    const size = valuesBatch(4).length;
    const log = PartitionLog.open(dir, config({ 'index.interval.bytes': String(size * 2) }), deps());
    for (let i = 0; i < 6; i++) log.append(valuesBatch(4));
    log.flush();
    const index = fs.readFileSync(path.join(dir, '00000000000000000000.index'));
    const entries = [];
    for (let at = 0; at < index.length; at += 8) entries.push([index.readInt32BE(at), index.readInt32BE(at + 4)]);
    expect(entries).to.deep.equal([[8, size * 2], [16, size * 4]]);
    log.close();
  });

  it('writes a 12-byte time index entry whenever a batch raises the max timestamp', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(2, 'v', T0 + 10));
    log.append(valuesBatch(2, 'v', T0 + 5));
    log.append(valuesBatch(2, 'v', T0 + 20));
    log.flush();
    const ti = fs.readFileSync(path.join(dir, '00000000000000000000.timeindex'));
    expect(ti.length).to.equal(24);
    expect([ti.readBigInt64BE(0), ti.readInt32BE(8), ti.readBigInt64BE(12), ti.readInt32BE(20)]).to.deep.equal([BigInt(T0 + 10), 1, BigInt(T0 + 20), 5]);
    log.close();
  });

  it('finds every offset through the indexes across many segments, also after their indexes were unloaded', () => {
    const size = valuesBatch(3).length;
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(size * 2), 'index.interval.bytes': String(size) }), deps());
    for (let i = 0; i < 40; i++) log.append(valuesBatch(3, `b${i}`));
    expect(log.segmentCount).to.be.greaterThan(LOADED_INDEXES_MAX);
    const offsets = Array.from({ length: 120 }, (_, i) => BigInt(i));
    // Forwards, then backwards: more segments than LOADED_INDEXES_MAX, so indexes unload and reload.
    for (const offset of [...offsets, ...offsets.reverse()]) {
      const got = records(log.read(offset, 1).bytes);
      expect(got.map((r) => r.offset)).to.include(offset);
      expect(got[0].value).to.equal(`b${offset / 3n}-0`);
    }
    log.close();
  });

  it('reads across a segment boundary one segment at a time', () => {
    const size = valuesBatch(2).length;
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(size * 2) }), deps());
    for (let i = 0; i < 4; i++) log.append(valuesBatch(2));
    const first = log.read(0n, 1 << 20);
    expect(first.nextOffset).to.equal(4n);
    expect(log.read(first.nextOffset, 1 << 20).nextOffset).to.equal(8n);
    log.close();
  });

  it('answers offsetForTimestamp with the first batch whose max timestamp reaches it, across segments', () => {
    const size = valuesBatch(2).length;
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(size * 3) }), deps());
    for (let i = 0; i < 10; i++) log.append(valuesBatch(2, 'v', T0 + i * 1000));
    expect(log.offsetForTimestamp(BigInt(T0))).to.deep.equal({ offset: 0n, timestamp: BigInt(T0) });
    expect(log.offsetForTimestamp(BigInt(T0 + 4500))).to.deep.equal({ offset: 10n, timestamp: BigInt(T0 + 5000) });
    expect(log.offsetForTimestamp(BigInt(T0 + 7000))).to.deep.equal({ offset: 14n, timestamp: BigInt(T0 + 7000) });
    expect(log.offsetForTimestamp(BigInt(T0 + 9001))).to.equal(null);
    log.close();
  });

  it('finds timestamps again after a reopen, from the time index on disk', () => {
    const log = PartitionLog.open(dir, config({ 'segment.bytes': '400' }), deps());
    for (let i = 0; i < 10; i++) log.append(batch([{ value: Buffer.from('x'), timestamp: T0 + i }]));
    log.close();
    const again = PartitionLog.open(dir, config({ 'segment.bytes': '400' }), deps(), { recoveryPoint: 10n });
    expect(again.offsetForTimestamp(BigInt(T0 + 6))).to.deep.equal({ offset: 6n, timestamp: BigInt(T0 + 6) });
    again.close();
  });

  it('answers maxTimestampOffset with the last offset of the batch holding the largest timestamp', () => {
    const log = PartitionLog.open(dir, config({ 'segment.bytes': '400' }), deps());
    expect(log.maxTimestampOffset()).to.equal(null);
    for (const ts of [5, 9, 30, 7, 30, 2]) log.append(valuesBatch(2, 'v', T0 + ts));
    expect(log.segmentCount).to.be.greaterThan(1);
    expect(log.maxTimestampOffset()).to.deep.equal({ offset: 5n, timestamp: BigInt(T0 + 30) });
    log.close();
  });
});
