import { expect } from 'chai';
import path from 'node:path';
import { FjordError } from '../../../core/errors.js';
import { PartitionLog } from '../../../core/log/partition-log.js';
import { batch, config, deps, kv, records, removeDir, tempDir, valuesBatch } from './helpers.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

describe('PartitionLog retention and DeleteRecords', () => {
  let root: string;
  let dir: string;
  const size = valuesBatch(2).length;
  /** One batch of two records per segment. */
  const oneBatchSegments = { 'segment.bytes': String(size) };
  beforeEach(() => {
    root = tempDir();
    dir = path.join(root, 'logs-0');
  });
  afterEach(() => removeDir(root));

  it('deletes segments whose newest record is older than retention.ms, oldest first', () => {
    const d = deps();
    const log = PartitionLog.open(dir, config({ ...oneBatchSegments, 'retention.ms': String(HOUR) }), d);
    for (let i = 0; i < 4; i++) log.append(valuesBatch(2, 'v', T0 + i * HOUR));
    expect(log.applyRetention(T0 + 2 * HOUR + 1)).to.equal(2);
    expect(log.segmentBaseOffsets()).to.deep.equal([4n, 6n]);
    expect(log.logStartOffset).to.equal(4n);
    expect(d.lines.filter((l) => l.includes('older than retention.ms'))).to.have.length(2);
    log.close();
  });

  it('never deletes the active segment, however old', () => {
    const log = PartitionLog.open(dir, config({ ...oneBatchSegments, 'retention.ms': '1' }), deps());
    for (let i = 0; i < 3; i++) log.append(valuesBatch(2, 'v', T0));
    expect(log.applyRetention(T0 + 100 * HOUR)).to.equal(2);
    expect(log.segmentBaseOffsets()).to.deep.equal([4n]);
    expect(records(log.read(4n, 1 << 20).bytes)).to.have.length(2);
    log.close();
  });

  it('keeps everything with retention.ms -1', () => {
    const log = PartitionLog.open(dir, config({ ...oneBatchSegments, 'retention.ms': '-1' }), deps());
    for (let i = 0; i < 3; i++) log.append(valuesBatch(2, 'v', 0));
    expect(log.applyRetention(T0)).to.equal(0);
    log.close();
  });

  it('deletes the oldest segments while the log is larger than retention.bytes', () => {
    const log = PartitionLog.open(dir, config({ ...oneBatchSegments, 'retention.bytes': String(size * 2) }), deps());
    for (let i = 0; i < 5; i++) log.append(valuesBatch(2, 'v', T0));
    expect(log.applyRetention(T0)).to.equal(3);
    expect(log.sizeBytes).to.equal(size * 2);
    expect(log.segmentBaseOffsets()).to.deep.equal([6n, 8n]);
    log.close();
  });

  it('applies no retention to a compact-only topic', () => {
    const keyed = batch([kv('a', '1', 0), kv('b', '2', 0)]);
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(keyed.length), 'retention.ms': '1', 'cleanup.policy': 'compact' }), deps());
    for (let i = 0; i < 3; i++) log.append(batch([kv('a', '1', 0), kv('b', '2', 0)]));
    expect(log.segmentCount).to.equal(3);
    expect(log.applyRetention(T0)).to.equal(0);
    log.close();
  });

  it('raises the log start offset with deleteRecordsBefore and deletes whole segments below it', () => {
    const log = PartitionLog.open(dir, config(oneBatchSegments), deps());
    for (let i = 0; i < 4; i++) log.append(valuesBatch(2));
    expect(log.deleteRecordsBefore(5n)).to.equal(5n);
    expect(log.logStartOffset).to.equal(5n);
    expect(log.segmentBaseOffsets()).to.deep.equal([4n, 6n]);
    expect((() => { try { log.read(4n, 100); } catch (e) { return (e as FjordError).code; } })()).to.equal('OFFSET_OUT_OF_RANGE');
    expect(log.read(5n, 1 << 20).firstBatchOffset).to.equal(4n);
    log.close();
  });

  it('refuses to delete records past the log end offset', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(2));
    expect(() => log.deleteRecordsBefore(3n)).to.throw(FjordError, /valid offsets are 0..2/);
    log.close();
  });

  it('keeps the log start offset across a restart when the owner hands it back', () => {
    const log = PartitionLog.open(dir, config(oneBatchSegments), deps());
    for (let i = 0; i < 3; i++) log.append(valuesBatch(2));
    log.deleteRecordsBefore(3n);
    const { recoveryPoint, logStartOffset } = (log.close(), log);
    const again = PartitionLog.open(dir, config(oneBatchSegments), deps(), { recoveryPoint, logStartOffset });
    expect(again.logStartOffset).to.equal(3n);
    expect(again.logEndOffset).to.equal(6n);
    again.close();
  });

  it('moves the leader epoch history start with the log start offset', () => {
    const log = PartitionLog.open(dir, config(oneBatchSegments), deps());
    log.append(valuesBatch(2), { leaderEpoch: 1 });
    log.append(valuesBatch(2), { leaderEpoch: 2 });
    log.append(valuesBatch(2), { leaderEpoch: 2 });
    log.deleteRecordsBefore(5n);
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 2, startOffset: 5n }]);
    log.close();
  });
});
