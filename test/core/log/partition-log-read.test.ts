import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { FjordError } from '../../../core/errors.js';
import { PartitionLog } from '../../../core/log/partition-log.js';
import { ATTR_TIMESTAMP_TYPE, batchAttributes, batchMaxTimestamp, batchProblem } from '../../../core/protocol/batch-header.js';
import { decodeRecordBatchesSync } from '../../../core/protocol/record-batch.js';
import { batch, config, deps, records, removeDir, tempDir, valuesBatch, withoutAssignedFields } from './helpers.js';

function thrown(fn: () => unknown): FjordError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(FjordError);
    return err as FjordError;
  }
  throw new Error('expected a FjordError');
}

describe('PartitionLog append and read', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = tempDir();
    dir = path.join(root, 'orders-0');
  });
  afterEach(() => removeDir(root));

  it('assigns consecutive offsets and returns the stored batches byte for byte apart from baseOffset and epoch', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const sent = [valuesBatch(3, 'a'), valuesBatch(2, 'b'), valuesBatch(4, 'c')];
    const originals = sent.map((b) => Buffer.from(b));
    const results = sent.map((b) => log.append(b, { leaderEpoch: 5 }));
    expect(results.map((r) => [r.baseOffset, r.lastOffset])).to.deep.equal([[0n, 2n], [3n, 4n], [5n, 8n]]);
    expect(log.logEndOffset).to.equal(9n);
    const read = log.read(0n, 1 << 20);
    expect(read.firstBatchOffset).to.equal(0n);
    expect(read.nextOffset).to.equal(9n);
    expect(withoutAssignedFields(read.bytes)).to.deep.equal(Buffer.concat(originals.map(withoutAssignedFields)));
    const decoded = decodeRecordBatchesSync(read.bytes);
    expect(decoded.map((b) => b.baseOffset)).to.deep.equal([0n, 3n, 5n]);
    expect(decoded.every((b) => b.partitionLeaderEpoch === 5)).to.equal(true);
    log.close();
  });

  it('accepts several batches in one append and writes them as one range', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const result = log.append(Buffer.concat([valuesBatch(2), valuesBatch(3)]));
    expect([result.baseOffset, result.lastOffset]).to.deep.equal([0n, 4n]);
    expect(records(log.read(0n, 1 << 20).bytes).map((r) => r.offset)).to.deep.equal([0n, 1n, 2n, 3n, 4n]);
    log.close();
  });

  it('returns the whole batch holding an offset in the middle of a batch', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(5, 'x'));
    log.append(valuesBatch(5, 'y'));
    const read = log.read(7n, 1 << 20);
    expect(read.firstBatchOffset).to.equal(5n);
    expect(records(read.bytes).map((r) => r.value)).to.deep.equal(['y-0', 'y-1', 'y-2', 'y-3', 'y-4']);
    log.close();
  });

  it('stops before maxBytes but always returns at least one whole batch', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const size = valuesBatch(10).length;
    for (let i = 0; i < 5; i++) log.append(valuesBatch(10));
    expect(log.read(0n, size * 2 + 5).bytes.length).to.equal(size * 2);
    expect(log.read(0n, 10).bytes.length).to.equal(size);
    expect(log.read(0n, 10, { minOneBatch: false }).bytes.length).to.equal(0);
    log.close();
  });

  it('never returns a batch reaching maxOffset', () => {
    const log = PartitionLog.open(dir, config(), deps());
    for (let i = 0; i < 4; i++) log.append(valuesBatch(2));
    const read = log.read(0n, 1 << 20, { maxOffset: 4n });
    expect(read.nextOffset).to.equal(4n);
    expect(records(read.bytes)).to.have.length(4);
    expect(log.read(4n, 1 << 20, { maxOffset: 4n }).bytes.length).to.equal(0);
    expect(log.read(2n, 1 << 20, { maxOffset: 3n }).bytes.length).to.equal(0);
    log.close();
  });

  it('reads empty at the log end offset and fails outside the log with OFFSET_OUT_OF_RANGE', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(3));
    expect(log.read(3n, 100).bytes.length).to.equal(0);
    const err = thrown(() => log.read(4n, 100));
    expect(err.code).to.equal('OFFSET_OUT_OF_RANGE');
    expect(err.message).to.include('orders-0').and.include('offset 4').and.include('0..3');
    expect(thrown(() => log.read(-1n, 100)).code).to.equal('OFFSET_OUT_OF_RANGE');
    log.close();
  });

  it('rejects a corrupt batch with CORRUPT_MESSAGE and its byte position, writing nothing', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const good = valuesBatch(2);
    const bad = valuesBatch(2);
    bad[bad.length - 1] ^= 0xff;
    const err = thrown(() => log.append(Buffer.concat([good, bad])));
    expect(err.code).to.equal('CORRUPT_MESSAGE');
    expect(err.message).to.include(`byte ${good.length}`).and.include('CRC');
    expect(log.logEndOffset).to.equal(0n);
    expect(log.sizeBytes).to.equal(0);
    log.close();
  });

  it('rejects a batch larger than max.message.bytes with MESSAGE_TOO_LARGE', () => {
    const log = PartitionLog.open(dir, config({ 'max.message.bytes': '200' }), deps());
    const err = thrown(() => log.append(valuesBatch(50)));
    expect(err.code).to.equal('MESSAGE_TOO_LARGE');
    expect(err.message).to.include('max.message.bytes is 200');
    log.close();
  });

  it('rejects an append larger than segment.bytes with RECORD_LIST_TOO_LARGE', () => {
    const one = valuesBatch(3);
    const log = PartitionLog.open(dir, config({ 'segment.bytes': String(one.length * 2 - 1) }), deps());
    expect(thrown(() => log.append(Buffer.concat([valuesBatch(3), valuesBatch(3)]))).code).to.equal('RECORD_LIST_TOO_LARGE');
    log.close();
  });

  it('fsyncs and advances the recovery point every flush.messages records, and not before', () => {
    const log = PartitionLog.open(dir, config({ 'flush.messages': '5' }), deps());
    log.append(valuesBatch(3));
    expect(log.recoveryPoint).to.equal(0n);
    log.append(valuesBatch(3));
    expect(log.recoveryPoint).to.equal(6n);
    log.close();
  });

  it('stamps LogAppendTime into maxTimestamp and the attributes with a valid CRC', () => {
    const d = deps();
    const log = PartitionLog.open(dir, config({ 'message.timestamp.type': 'LogAppendTime' }), d);
    d.clock.set(1_800_000_000_000);
    const result = log.append(valuesBatch(3, 'v', 1_000));
    expect(result.logAppendTimeMs).to.equal(1_800_000_000_000);
    expect(result.maxTimestamp).to.equal(1_800_000_000_000n);
    const bytes = log.read(0n, 1 << 20).bytes;
    expect(batchProblem(bytes)).to.equal(null);
    expect(batchAttributes(bytes) & ATTR_TIMESTAMP_TYPE).to.equal(ATTR_TIMESTAMP_TYPE);
    expect(batchMaxTimestamp(bytes)).to.equal(1_800_000_000_000n);
    expect(records(bytes).map((r) => r.timestamp)).to.deep.equal([1_800_000_000_000n, 1_800_000_000_000n, 1_800_000_000_000n]);
    log.close();
  });

  it('keeps CreateTime and reports -1 as logAppendTime by default', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const result = log.append(valuesBatch(1, 'v', 1234));
    expect(result.logAppendTimeMs).to.equal(-1);
    expect(result.maxTimestamp).to.equal(1234n);
    log.close();
  });

  it('rejects records without keys on a compacted topic, also inside compressed batches', () => {
    const log = PartitionLog.open(dir, config({ 'cleanup.policy': 'compact' }), deps());
    const err = thrown(() => log.append(valuesBatch(2)));
    expect(err.code).to.equal('INVALID_RECORD');
    expect(err.message).to.include('compacted topic requires keys');
    const gz = batch([{ key: Buffer.from('k'), value: Buffer.from('1') }, { value: Buffer.from('2') }], { compression: 'gzip' });
    expect(thrown(() => log.append(gz)).message).to.include('compacted topic requires keys: record 1 of the batch at byte 0');
    const thirdKeyless = batch([{ key: Buffer.from('a'), value: Buffer.from('1') }, { key: Buffer.from(''), value: null }, { value: Buffer.from('3') }, { value: Buffer.from('4') }]);
    expect(thrown(() => log.append(thirdKeyless)).message).to.include('record 2 of the batch');
    expect(log.logEndOffset).to.equal(0n);
    log.append(batch([{ key: Buffer.from('k'), value: Buffer.from('1') }]));
    expect(log.logEndOffset).to.equal(1n);
    log.close();
  });

  it('records a new leader epoch in leader-epoch-checkpoint in Kafka text format', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.append(valuesBatch(2), { leaderEpoch: 0 });
    log.append(valuesBatch(2), { leaderEpoch: 0 });
    log.append(valuesBatch(1), { leaderEpoch: 3 });
    expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).to.equal('0\n2\n0 0\n3 4\n');
    expect(log.leaderEpochs()).to.deep.equal([{ epoch: 0, startOffset: 0n }, { epoch: 3, startOffset: 4n }]);
    log.close();
  });

  it('reads a batch larger than the read chunk whole', () => {
    const log = PartitionLog.open(dir, config(), deps());
    const big = batch([{ value: Buffer.alloc(300_000, 7) }]);
    log.append(valuesBatch(1));
    log.append(big);
    log.append(valuesBatch(1));
    const read = log.read(1n, 10);
    expect(read.bytes.length).to.equal(big.length);
    expect(records(read.bytes)[0].value?.length).to.equal(300_000);
    log.close();
  });

  it('refuses use after close with CLOSED', () => {
    const log = PartitionLog.open(dir, config(), deps());
    log.close();
    expect(thrown(() => log.append(valuesBatch(1))).code).to.equal('CLOSED');
  });
});
