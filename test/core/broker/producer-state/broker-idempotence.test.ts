import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Broker } from '../../../../core/broker/broker.js';
import { ManualClock } from '../../../../core/io/clock.js';
import { errorCode } from '../../../../core/protocol/error-codes.js';
import { RecordBatchBuilder } from '../../../../core/protocol/record-batch.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { RECORDS_PER_BATCH, idempotentBatch } from './fixtures/idempotent-batches.js';

const ctx = (apiVersion: number) => ({ apiVersion, clientId: 'test', clientHost: 'test' });

async function openBroker(dataDir: string, options: Partial<Parameters<typeof Broker.open>[0]> = {}): Promise<Broker> {
  const broker = await Broker.open({ dataDir, ...options, config: { offsetsTopicNumPartitions: 1, ...options.config } });
  if (!broker.topics.get('idem')) broker.createTopic('idem', 1, {});
  return broker;
}

async function producerId(broker: Broker, version = 4): Promise<bigint> {
  const res = await broker.handle('InitProducerId', { transactionalId: null, transactionTimeoutMs: 60000 }, ctx(version));
  expect(res).to.include({ errorCode: 0, producerEpoch: 0 });
  return res!.producerId;
}

/** Produces a copy of `records` (the broker rewrites offsets in place) and returns the partition answer. */
async function produce(broker: Broker, records: Buffer, opts: { acks?: number; version?: number; topic?: string } = {}) {
  const req = { acks: opts.acks ?? -1, timeoutMs: 1000, topicData: [{ name: opts.topic ?? 'idem', partitionData: [{ index: 0, records: Buffer.from(records) }] }] };
  const res = await broker.handle('Produce', req, ctx(opts.version ?? 9));
  return res?.responses[0].partitionResponses[0] ?? null;
}

const logEnd = (broker: Broker, topic = 'idem') => broker.partitionLog(topic, 0)!.logEndOffset;

describe('idempotent produce through the broker', function () {
  this.timeout(60000);

  it('hands out fresh producer ids with epoch 0 for every InitProducerId version', async () => {
    const broker = await openBroker(tmpDir());
    const ids = [];
    for (let v = 0; v <= 4; v++) ids.push(await producerId(broker, v));
    expect(new Set(ids).size).to.equal(5);
    await broker.close();
  });

  it('refuses a transactional id (transactions are not supported yet) and advertises no transaction API', async () => {
    const broker = await openBroker(tmpDir());
    const res = await broker.handle('InitProducerId', { transactionalId: 'tx-1', transactionTimeoutMs: 60000 }, ctx(4));
    expect(res).to.include({ errorCode: errorCode('INVALID_REQUEST'), producerId: -1n, producerEpoch: -1 });
    const versions = await broker.handle('ApiVersions', {}, ctx(3));
    const keys = versions!.apiKeys.map((k) => k.apiKey);
    expect(versions!.apiKeys.find((k) => k.apiKey === 22)).to.include({ minVersion: 0, maxVersion: 4 });
    for (const txnKey of [24, 25, 26, 27, 28]) expect(keys).to.not.include(txnKey);
    await broker.close();
  });

  it('answers the same batch sent twice with the same offset and appends it once', async () => {
    const broker = await openBroker(tmpDir());
    const pid = await producerId(broker);
    await produce(broker, idempotentBatch(pid, 0));
    const first = await produce(broker, idempotentBatch(pid, 1));
    const end = logEnd(broker);
    const again = await produce(broker, idempotentBatch(pid, 1));
    expect(again).to.include({ errorCode: 0, baseOffset: first!.baseOffset });
    expect(logEnd(broker)).to.equal(end);
    expect(await produce(broker, idempotentBatch(pid, 2))).to.include({ errorCode: 0, baseOffset: end });
    await broker.close();
  });

  it('checks sequences for acks=0 too: a duplicate is not appended', async () => {
    const broker = await openBroker(tmpDir());
    const pid = await producerId(broker);
    expect(await produce(broker, idempotentBatch(pid, 0), { acks: 0 })).to.equal(null);
    expect(await produce(broker, idempotentBatch(pid, 0), { acks: 0 })).to.equal(null);
    expect(logEnd(broker)).to.equal(BigInt(RECORDS_PER_BATCH));
    await broker.close();
  });

  it('answers gaps, old epochs and unknown producers with Kafka\'s error codes', async () => {
    const broker = await openBroker(tmpDir());
    const pid = await producerId(broker);
    await produce(broker, idempotentBatch(pid, 0, 1));
    expect(await produce(broker, idempotentBatch(pid, 2, 1))).to.include({ errorCode: errorCode('OUT_OF_ORDER_SEQUENCE_NUMBER'), baseOffset: -1n });
    expect(await produce(broker, idempotentBatch(pid, 1, 0))).to.include({ errorCode: errorCode('INVALID_PRODUCER_EPOCH') });
    const other = await producerId(broker);
    expect(await produce(broker, idempotentBatch(other, 3))).to.include({ errorCode: errorCode('UNKNOWN_PRODUCER_ID') });
    // Produce v3-4 clients (Kafka 0.11) predate UNKNOWN_PRODUCER_ID.
    expect(await produce(broker, idempotentBatch(other, 3), { version: 3 })).to.include({ errorCode: errorCode('OUT_OF_ORDER_SEQUENCE_NUMBER') });
    expect(logEnd(broker)).to.equal(BigInt(RECORDS_PER_BATCH));
    await broker.close();
  });

  it('refuses an idempotent batch that shares its produce buffer with another batch', async () => {
    const broker = await openBroker(tmpDir());
    const pid = await producerId(broker);
    const plain = new RecordBatchBuilder();
    plain.append({ value: Buffer.from('plain') }, 0);
    const res = await produce(broker, Buffer.concat([plain.build(), idempotentBatch(pid, 0)]));
    expect(res).to.include({ errorCode: errorCode('INVALID_RECORD') });
    expect(res!.errorMessage).to.match(/exactly one batch/);
    await broker.close();
  });

  it('forgets a producer idle for producer.id.expiration.ms', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const broker = await openBroker(tmpDir(), { clock, config: { producerIdExpirationMs: 60_000 } });
    const pid = await producerId(broker);
    await produce(broker, idempotentBatch(pid, 0));
    clock.advance(60_000);
    expect(await produce(broker, idempotentBatch(pid, 1))).to.include({ errorCode: errorCode('UNKNOWN_PRODUCER_ID') });
    await broker.close();
  });

  it('starts afresh on a deleted and recreated topic', async () => {
    const broker = await openBroker(tmpDir());
    const pid = await producerId(broker);
    await produce(broker, idempotentBatch(pid, 0));
    broker.deleteTopic('idem');
    broker.createTopic('idem', 1, {});
    expect(await produce(broker, idempotentBatch(pid, 0))).to.include({ errorCode: 0, baseOffset: 0n });
    expect(logEnd(broker)).to.equal(BigInt(RECORDS_PER_BATCH));
    await broker.close();
  });

  it('still recognises a retried batch after a clean restart, loading the state without reading the log', async () => {
    const dataDir = tmpDir();
    let broker = await openBroker(dataDir);
    const pid = await producerId(broker);
    const offsets = [];
    for (let i = 0; i < 4; i++) offsets.push((await produce(broker, idempotentBatch(pid, i)))!.baseOffset);
    const end = logEnd(broker);
    await broker.close();

    broker = await openBroker(dataDir);
    for (let i = 0; i < 4; i++) expect(await produce(broker, idempotentBatch(pid, i)), `batch ${i}`).to.include({ errorCode: 0, baseOffset: offsets[i] });
    expect(logEnd(broker)).to.equal(end);
    expect(broker.producerStates.forPartition('idem', 0, broker.partitionLog('idem', 0)!).loaded).to.deep.equal({ snapshotOffset: end, replayedBatches: 0 });
    expect(Number(await producerId(broker))).to.be.greaterThan(Number(pid));
    await broker.close();
  });

  it('still recognises a retried batch after the broker process was SIGKILLed', async () => {
    const dataDir = tmpDir();
    const { pid, acks } = await runChildUntilKilled(dataDir, 30);
    const lastAcked = acks.length - 1;
    const broker = await openBroker(dataDir);
    // The batch whose ack was lost with the process, and the one after it that may or may not be in.
    expect(await produce(broker, idempotentBatch(pid, lastAcked))).to.include({ errorCode: 0, baseOffset: acks[lastAcked] });
    expect(await produce(broker, idempotentBatch(pid, lastAcked - 3))).to.include({ errorCode: 0, baseOffset: acks[lastAcked - 3] });
    expect(await produce(broker, idempotentBatch(pid, lastAcked + 1))).to.include({ errorCode: 0 });
    // Every batch is in the log exactly once: no duplicate, no gap.
    expect(logEnd(broker)).to.equal(BigInt((lastAcked + 2) * RECORDS_PER_BATCH));
    // No snapshot was written before the kill: the state came from replaying the log's headers.
    const { loaded } = broker.producerStates.forPartition('idem', 0, broker.partitionLog('idem', 0)!);
    expect(loaded.snapshotOffset).to.equal(null);
    expect(loaded.replayedBatches).to.be.at.least(acks.length);
    expect(Number(await producerId(broker))).to.be.greaterThan(Number(pid));
    await broker.close();
  });
});

const child = path.join(import.meta.dirname, 'fixtures', 'idempotent-child.ts');

/** Runs the child broker until it acknowledged `want` batches, then SIGKILLs it. */
function runChildUntilKilled(dataDir: string, want: number): Promise<{ pid: bigint; acks: bigint[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pid = -1n;
    const acks: bigint[] = [];
    let partial = '';
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'pid') pid = BigInt(a);
        if (kind === 'ack' && Number(a) === acks.length) acks.push(BigInt(b));
      }
      if (acks.length >= want && !proc.killed) proc.kill('SIGKILL');
    });
    // 'close', not 'exit': the child may have printed more acks (a loaded machine lets it run ahead
    // of this reader) that are still in the pipe when it dies; every printed ack must count.
    proc.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve({ pid, acks }) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}
