import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PartitionLog } from '../../../core/log/partition-log.js';
import { BATCH } from '../../../core/protocol/batch-header.js';
import { CountingStorage, config, deps, records, removeDir, tempDir, valuesBatch } from './helpers.js';

const SEG0 = '00000000000000000000.log';
/** Same-length value prefixes, so every test batch has the same size. */
const tag = (i: number) => `b${String(i).padStart(4, '0')}`;

describe('PartitionLog recovery on open', () => {
  let root: string;
  let dir: string;
  const size = valuesBatch(3, tag(0)).length;
  beforeEach(() => {
    root = tempDir();
    dir = path.join(root, 'payments-1');
  });
  afterEach(() => removeDir(root));

  /** Appends `n` batches of 3 records (values `tag(i)-<j>`) and closes without a recovery point handed back. */
  function writeBatches(n: number, entries: Record<string, string> = {}): void {
    const log = PartitionLog.open(dir, config(entries), deps());
    for (let i = 0; i < n; i++) log.append(valuesBatch(3, tag(i)));
    log.close();
  }

  function expectGapFree(log: PartitionLog, count: bigint): void {
    const got: bigint[] = [];
    for (let next = log.logStartOffset; next < log.logEndOffset; ) {
      const read = log.read(next, 1 << 24);
      got.push(...records(read.bytes).map((r) => r.offset));
      next = read.nextOffset;
    }
    expect(got).to.deep.equal(Array.from({ length: Number(count) }, (_, i) => BigInt(i)));
  }

  it('cuts garbage after the last valid batch, logs where and why, and appends continue gap-free', () => {
    writeBatches(4);
    fs.appendFileSync(path.join(dir, SEG0), Buffer.from('this is not a record batch at all, just noise.....................'));
    const d = deps();
    const log = PartitionLog.open(dir, config(), d);
    expect(log.logEndOffset).to.equal(12n);
    expect(fs.statSync(path.join(dir, SEG0)).size).to.equal(size * 4);
    expect(d.lines.some((l) => l.includes(`${SEG0} at byte ${size * 4}`) && l.includes('magic'))).to.equal(true);
    log.append(valuesBatch(2));
    expectGapFree(log, 14n);
    log.close();
  });

  it('keeps every whole batch before a batch cut off in the middle', () => {
    writeBatches(5);
    fs.truncateSync(path.join(dir, SEG0), size * 3 + 20);
    const d = deps();
    const log = PartitionLog.open(dir, config(), d);
    expect(log.logEndOffset).to.equal(9n);
    expect(d.lines.some((l) => l.includes(`at byte ${size * 3}`) && l.includes('a batch header needs 61'))).to.equal(true);
    log.append(valuesBatch(3));
    expectGapFree(log, 12n);
    log.close();
  });

  it('truncates at a batch whose CRC-covered bytes changed and removes every later segment', () => {
    writeBatches(6, { 'segment.bytes': String(size * 2) });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log'))).to.have.length(3);
    const seg1 = path.join(dir, '00000000000000000006.log');
    const bytes = fs.readFileSync(seg1);
    bytes[size + BATCH.records + 3] ^= 0x40; // a record byte of the second batch in segment 6
    fs.writeFileSync(seg1, bytes);
    const d = deps();
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(size * 2) }), d);
    expect(log.logEndOffset).to.equal(9n);
    expect(log.segmentBaseOffsets()).to.deep.equal([0n, 6n]);
    expect(fs.existsSync(path.join(dir, '00000000000000000012.log'))).to.equal(false);
    expect(d.lines.some((l) => l.includes(`00000000000000000006.log at byte ${size}`) && l.includes('CRC mismatch'))).to.equal(true);
    expect(d.lines.some((l) => l.includes('removing segment') && l.includes('00000000000000000012.log'))).to.equal(true);
    log.append(valuesBatch(3));
    expectGapFree(log, 12n);
    log.close();
  });

  it('re-validates from the recovery point inside the active segment, trusting what is before it', () => {
    const log = PartitionLog.open(dir, config(), deps());
    for (let i = 0; i < 4; i++) log.append(valuesBatch(3, tag(i)));
    log.flush();
    const rp = log.recoveryPoint;
    for (let i = 4; i < 8; i++) log.append(valuesBatch(3, tag(i)));
    log.close();
    const bytes = fs.readFileSync(path.join(dir, SEG0));
    bytes[size * 6 + BATCH.records + 1] ^= 1;
    fs.writeFileSync(path.join(dir, SEG0), bytes);
    const d = deps();
    const again = PartitionLog.open(dir, config(), d, { recoveryPoint: rp });
    expect(again.logEndOffset).to.equal(18n);
    expect(d.lines.some((l) => l.includes(`re-validated ${size * 4} bytes in 1 segments from recovery point 12`))).to.equal(true);
    again.close();
  });

  it('opens a cleanly closed log without reading its segments', () => {
    const entries = { 'segment.bytes': String(size * 50) };
    const log = PartitionLog.open(dir, config(entries), deps());
    for (let i = 0; i < 500; i++) log.append(valuesBatch(3, tag(i)));
    log.close();
    const logBytes = log.sizeBytes;
    const storage = new CountingStorage();
    const d = deps(undefined, storage);
    const again = PartitionLog.open(dir, config(entries), d, { recoveryPoint: log.recoveryPoint });
    expect(again.logEndOffset).to.equal(1500n);
    const readFromLogs = [...storage.bytesRead].filter(([n]) => n.endsWith('.log')).reduce((t, [, b]) => t + b, 0);
    expect(readFromLogs).to.be.lessThan(4096 + size);
    expect(d.lines.some((l) => l.includes('re-validated 0 bytes in 0 segments'))).to.equal(true);
    const fresh = new CountingStorage();
    PartitionLog.open(dir, config(entries), deps(undefined, fresh)).close();
    expect(fresh.totalRead()).to.be.at.least(logBytes);
    again.close();
  });

  it('rebuilds a missing index and still finds every offset', () => {
    const entries = { 'index.interval.bytes': String(size) };
    const log = PartitionLog.open(dir, config(entries), deps());
    for (let i = 0; i < 20; i++) log.append(valuesBatch(3, tag(i)));
    log.close();
    fs.rmSync(path.join(dir, '00000000000000000000.index'));
    const d = deps();
    const again = PartitionLog.open(dir, config(entries), d, { recoveryPoint: log.recoveryPoint });
    expect(d.lines.some((l) => l.includes('rebuilding missing index'))).to.equal(true);
    expect(records(again.read(31n, 1).bytes)[0].value).to.equal(`${tag(10)}-0`);
    again.flush();
    again.close();
    expect(fs.statSync(path.join(dir, '00000000000000000000.index')).size).to.equal(19 * 8);
  });

  it('drops index entries that point past the log or do not increase', () => {
    const entries = { 'index.interval.bytes': String(size) };
    writeBatches(5, entries);
    const indexPath = path.join(dir, '00000000000000000000.index');
    const garbage = Buffer.alloc(16);
    garbage.writeInt32BE(100, 0);
    garbage.writeInt32BE(1 << 30, 4);
    fs.appendFileSync(indexPath, garbage);
    const again = PartitionLog.open(dir, config(entries), deps(), { recoveryPoint: 15n });
    expect(records(again.read(14n, 1).bytes)[0].value).to.equal(`${tag(4)}-0`);
    again.close();
    expect(fs.statSync(indexPath).size).to.equal(4 * 8);
  });

  it('clamps a recovery point past the end of the files and says so', () => {
    writeBatches(2);
    const d = deps();
    const log = PartitionLog.open(dir, config(), d, { recoveryPoint: 100n });
    expect(log.recoveryPoint).to.equal(6n);
    expect(d.lines.some((l) => l.includes('recovery point 100 is past the log end 6'))).to.equal(true);
    log.close();
  });

  it('cuts a leader epoch that starts past the recovered end', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(3), { leaderEpoch: 1 });
    log.append(valuesBatch(3), { leaderEpoch: 2 });
    log.close();
    fs.truncateSync(path.join(dir, SEG0), size + 5);
    const again = PartitionLog.open(dir, config(), deps());
    expect(again.leaderEpochs()).to.deep.equal([{ epoch: 1, startOffset: 0n }]);
    again.close();
  });
});
