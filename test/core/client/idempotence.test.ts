import { expect } from 'chai';
import { EmbeddedTransport } from '../../../core/client/embedded-transport.js';
import { Producer } from '../../../core/client/producer.js';
import { resolveProducerConfig } from '../../../core/client/producer-config.js';
import type { Transport } from '../../../core/client/transport.js';
import type { ApiName, RequestOf, ResponseOf } from '../../../core/broker/apis.js';
import { SEQUENCE_MAX } from '../../../core/broker/producer-state/sequence.js';
import { FjordError } from '../../../core/errors.js';
import { ManualClock } from '../../../core/io/clock.js';
import { batchBaseSequence, batchProducerEpoch, batchProducerId, batchRecordCount } from '../../../core/protocol/batch-header.js';
import { errorCode } from '../../../core/protocol/error-codes.js';
import type { PartitionProduceResponse } from '../../../core/protocol/generated/produce.js';
import { openFjord } from '../../helpers/embedded.js';

/** What a Produce request carried for its single partition. */
interface SentBatch {
  partition: number;
  producerId: bigint;
  epoch: number;
  baseSequence: number;
  records: number;
}

type Forward = () => Promise<unknown>;
/** Decides what a request gets: by default it is forwarded and its answer returned. */
type Interceptor = (api: ApiName, req: unknown, forward: Forward, n: number) => Promise<unknown>;

/** Wraps a transport: records every Produce batch header and lets a test tamper with answers. */
class TamperingTransport implements Transport {
  readonly description = 'tampering test transport';
  readonly sent: SentBatch[] = [];
  readonly apis: ApiName[] = [];
  private produced = 0;
  constructor(
    private readonly inner: Transport,
    public intercept: Interceptor = (_api, _req, forward) => forward(),
  ) {}
  async request<K extends ApiName>(api: K, req: RequestOf<K>): Promise<ResponseOf<K> | null> {
    this.apis.push(api);
    let n = -1;
    if (api === 'Produce') {
      n = this.produced++;
      const p = (req as RequestOf<'Produce'>).topicData[0].partitionData[0];
      const r = p.records!;
      this.sent.push({ partition: p.index, producerId: batchProducerId(r), epoch: batchProducerEpoch(r), baseSequence: batchBaseSequence(r), records: batchRecordCount(r) });
    }
    return (await this.intercept(api, req, () => this.inner.request(api, req), n)) as ResponseOf<K> | null;
  }
  async close(): Promise<void> {}
}

/** A Produce answer refusing the batch with `name`, without the broker seeing it. */
function refusal(name: Parameters<typeof errorCode>[0]): ResponseOf<'Produce'> {
  const part: PartitionProduceResponse = { index: 0, errorCode: errorCode(name), baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: `test says ${name}` };
  return { responses: [{ name: 't', partitionResponses: [part] }], throttleTimeMs: 0 };
}

async function setup(options: { clock?: ManualClock; config?: Record<string, number> } = {}) {
  const { fjord, dataDir } = await openFjord({ clock: options.clock, config: options.config });
  await fjord.admin().createTopics([{ topic: 't', numPartitions: 2 }]);
  const transport = new TamperingTransport(new EmbeddedTransport(fjord.broker!, 'test', dataDir));
  const endOf = async (partition = 0) => (await fjord.admin().listOffsets([{ topic: 't', partition }], 'latest')).values().next().value!;
  return { fjord, dataDir, transport, endOf };
}

describe('idempotent producer', function () {
  this.timeout(30000);

  describe('enable.idempotence', () => {
    it('is on by default, as in Kafka 3+', () => {
      expect(resolveProducerConfig({}).enableIdempotence).to.equal(true);
    });

    it('turns itself off when left unset and acks, retries or max.in.flight conflict', () => {
      expect(resolveProducerConfig({ acks: 1 }).enableIdempotence).to.equal(false);
      expect(resolveProducerConfig({ acks: 0 }).enableIdempotence).to.equal(false);
      expect(resolveProducerConfig({ retries: 0 }).enableIdempotence).to.equal(false);
      expect(resolveProducerConfig({ maxInFlightRequestsPerConnection: 6 }).enableIdempotence).to.equal(false);
      expect(resolveProducerConfig({ acks: -1, maxInFlightRequestsPerConnection: 5 }).enableIdempotence).to.equal(true);
    });

    it('is a CONFIG error naming the conflicting key when set to true explicitly', () => {
      const conflict = (config: Parameters<typeof resolveProducerConfig>[0], key: RegExp) =>
        expect(() => resolveProducerConfig({ enableIdempotence: true, ...config })).to.throw(FjordError, key).with.property('code', 'CONFIG');
      conflict({ acks: 1 }, /enableIdempotence=true \(enable\.idempotence\) requires acks='all' \(acks=1\)/);
      conflict({ retries: 0 }, /requires retries > 0/);
      conflict({ maxInFlightRequestsPerConnection: 6 }, /requires maxInFlightRequestsPerConnection <= 5/);
    });

    it('stays off when set to false', () => {
      expect(resolveProducerConfig({ enableIdempotence: false }).enableIdempotence).to.equal(false);
    });
  });

  it('asks for a producer id once, before its first batch, and stamps every batch with id, epoch and sequence', async () => {
    const { fjord, transport } = await setup();
    const producer = new Producer(transport, { lingerMs: 0 });
    for (let round = 0; round < 3; round++) {
      await Promise.all([0, 1, 0, 1, 0].map((partition, i) => producer.send({ topic: 't', partition, value: `r${round}-${i}` })));
    }
    await producer.close();
    expect(transport.apis.filter((a) => a === 'InitProducerId')).to.have.length(1);
    expect(transport.apis.indexOf('InitProducerId')).to.be.lessThan(transport.apis.indexOf('Produce'));
    const { producerId } = producer.producerIdAndEpoch!;
    for (const partition of [0, 1]) {
      const batches = transport.sent.filter((s) => s.partition === partition);
      let next = 0;
      for (const b of batches) {
        expect(b).to.include({ producerId, epoch: 0, baseSequence: next });
        next += b.records;
      }
      expect(next).to.equal(partition === 0 ? 9 : 6);
    }
    await fjord.close();
  });

  it('writes a batch whose response was lost only once: the retry is recognised as a duplicate', async () => {
    const { fjord, transport, endOf } = await setup();
    // The first Produce reaches the broker and is appended, but its answer never arrives.
    transport.intercept = async (api, _req, forward, n) => {
      const res = await forward();
      if (api === 'Produce' && n === 0) throw new FjordError('NETWORK_EXCEPTION', 'connection lost before the response');
      return res;
    };
    const producer = new Producer(transport, { lingerMs: 0, retryBackoffMs: 1 });
    const meta = await producer.send({ topic: 't', partition: 0, value: 'once' });
    const second = await producer.send({ topic: 't', partition: 0, value: 'twice?' });
    await producer.close();
    expect(transport.sent.slice(0, 2).map((s) => s.baseSequence)).to.deep.equal([0, 0]);
    expect(meta.offset).to.equal(0n);
    expect(second.offset).to.equal(1n);
    expect(await endOf()).to.equal(2n);
    await fjord.close();
  });

  it('keeps at most 5 batches of a partition in flight and delivers them in order', async () => {
    const { fjord, transport, endOf } = await setup();
    let inFlight = 0;
    let inFlightMax = 0;
    transport.intercept = async (api, _req, forward) => {
      if (api !== 'Produce') return forward();
      inFlightMax = Math.max(inFlightMax, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      const res = await forward();
      inFlight--;
      return res;
    };
    const producer = new Producer(transport, { lingerMs: 0, batchSize: 200 });
    const sends = Array.from({ length: 60 }, (_, i) => producer.send({ topic: 't', partition: 0, value: Buffer.alloc(150, i) }));
    const offsets = (await Promise.all(sends)).map((m) => m.offset);
    await producer.close();
    expect(inFlightMax).to.equal(5);
    expect(offsets).to.deep.equal(offsets.map((_, i) => BigInt(i)));
    expect(await endOf()).to.equal(60n);
    await fjord.close();
  });

  it('resends in sequence order after a retriable error, with no duplicate and no reordering', async () => {
    const { fjord, transport, endOf } = await setup();
    // The first batch is refused before the broker sees it; the ones behind it hit the gap.
    transport.intercept = async (api, _req, forward, n) => (api === 'Produce' && n === 0 ? refusal('NOT_LEADER_OR_FOLLOWER') : forward());
    const producer = new Producer(transport, { lingerMs: 0, batchSize: 200, retryBackoffMs: 5 });
    const sends = Array.from({ length: 20 }, (_, i) => producer.send({ topic: 't', partition: 0, value: Buffer.alloc(150, i) }));
    const offsets = (await Promise.all(sends)).map((m) => m.offset);
    await producer.close();
    expect(offsets).to.deep.equal(offsets.map((_, i) => BigInt(i)));
    expect(await endOf()).to.equal(20n);
    expect(new Set(transport.sent.map((s) => s.producerId)).size, 'no new producer id was needed').to.equal(1);
    await fjord.close();
  });

  it('fails the batch the broker refuses as out of order, then continues under a new producer id from sequence 0', async () => {
    const { fjord, transport, endOf } = await setup();
    const producer = new Producer(transport, { lingerMs: 0 });
    await producer.send({ topic: 't', partition: 0, value: 'a' });
    const first = producer.producerIdAndEpoch!.producerId;
    transport.intercept = async (api, _req, forward, n) => (api === 'Produce' && n === 1 ? refusal('OUT_OF_ORDER_SEQUENCE_NUMBER') : forward());
    const refused = producer.send({ topic: 't', partition: 0, value: 'b' });
    const err = await refused.then(() => null, (e: FjordError) => e);
    expect(err).to.be.instanceOf(FjordError);
    expect(err!.code).to.equal('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(err!.message).to.match(/The batch was not written.*new producer id/);
    const after = await producer.send({ topic: 't', partition: 0, value: 'c' });
    await producer.close();
    expect(after.offset).to.equal(1n);
    expect(Number(producer.producerIdAndEpoch!.producerId)).to.be.greaterThan(Number(first));
    expect(transport.sent.at(-1)).to.include({ producerId: producer.producerIdAndEpoch!.producerId, baseSequence: 0 });
    expect(await endOf()).to.equal(2n);
    await fjord.close();
  });

  it('keeps a batch the broker refuses because it forgot the producer (expired), and sends it under a new id', async () => {
    const clock = new ManualClock(Date.now());
    const { fjord, transport, endOf } = await setup({ clock, config: { producerIdExpirationMs: 60_000 } });
    const producer = new Producer(transport, { lingerMs: 0 }, clock);
    await producer.send({ topic: 't', partition: 0, value: 'before' });
    const first = producer.producerIdAndEpoch!.producerId;
    clock.advance(60_000);
    const meta = await producer.send({ topic: 't', partition: 0, value: 'after a day of silence' });
    await producer.close();
    expect(meta.offset).to.equal(1n);
    expect(transport.sent.map((s) => s.baseSequence)).to.deep.equal([0, 1, 0]);
    expect(Number(producer.producerIdAndEpoch!.producerId)).to.be.greaterThan(Number(first));
    expect(await endOf()).to.equal(2n);
    await fjord.close();
  });

  it('fails only the batch refused for good (too large) and goes on with the batches behind it', async () => {
    const { fjord, transport, endOf } = await setup();
    await fjord.admin().alterTopicConfig('t', { 'max.message.bytes': '1000' });
    const producer = new Producer(transport, { lingerMs: 0, batchSize: 2000 });
    const big = producer.send({ topic: 't', partition: 0, value: Buffer.alloc(3000) });
    const small = [1, 2, 3].map((i) => producer.send({ topic: 't', partition: 0, value: `small-${i}` }));
    expect(await big.then(() => null, (e: FjordError) => e.code)).to.equal('MESSAGE_TOO_LARGE');
    const offsets = (await Promise.all(small)).map((m) => m.offset);
    await producer.close();
    expect(offsets).to.deep.equal([0n, 1n, 2n]);
    expect(await endOf()).to.equal(3n);
    await fjord.close();
  });

  it('restamps the batches that were in flight behind a batch refused for good, and delivers them in order', async () => {
    const { fjord, transport, endOf } = await setup();
    transport.intercept = async (api, _req, forward, n) => {
      if (api !== 'Produce') return forward();
      await new Promise((r) => setTimeout(r, 5));
      return n === 0 ? refusal('INVALID_RECORD') : forward();
    };
    const producer = new Producer(transport, { lingerMs: 0, batchSize: 200 });
    const sends = Array.from({ length: 12 }, (_, i) => producer.send({ topic: 't', partition: 0, value: Buffer.alloc(150, i) }));
    const results = await Promise.allSettled(sends);
    await producer.close();
    expect(results[0]).to.have.nested.property('reason.code', 'INVALID_RECORD');
    const offsets = results.slice(1).map((r) => (r as PromiseFulfilledResult<{ offset: bigint }>).value.offset);
    expect(offsets).to.deep.equal(offsets.map((_, i) => BigInt(i)));
    expect(await endOf()).to.equal(11n);
    const ids = [...new Set(transport.sent.map((s) => s.producerId))];
    expect(ids).to.have.length(2);
    expect(transport.sent.filter((s) => s.producerId === ids[1]).map((s) => s.baseSequence)).to.deep.equal(offsets.map((_, i) => i));
    await fjord.close();
  });

  it('never gets a producer id twice from the same data directory, across restarts', async () => {
    const { fjord, dataDir } = await openFjord();
    const ids: bigint[] = [];
    let current = fjord;
    for (let restart = 0; restart < 3; restart++) {
      if (restart > 0) current = (await openFjord({ dataDir })).fjord;
      for (let p = 0; p < 2; p++) {
        const producer = current.producer({ lingerMs: 0 });
        await producer.send({ topic: 'ids', value: 'x' });
        ids.push(producer.producerIdAndEpoch!.producerId);
        await producer.close();
      }
      await current.close();
    }
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).to.deep.equal(ids);
  });

  it('sends plain batches without InitProducerId when idempotence is off (acks=1)', async () => {
    const { fjord, transport } = await setup();
    const producer = new Producer(transport, { acks: 1, lingerMs: 0 });
    await producer.send({ topic: 't', value: 'plain' });
    await producer.close();
    expect(transport.apis).to.not.include('InitProducerId');
    expect(transport.sent[0]).to.include({ producerId: -1n, epoch: -1, baseSequence: -1 });
    expect(producer.producerIdAndEpoch).to.equal(null);
    await fjord.close();
  });

  it('wraps a partition\'s sequence from int32 max to 0', async () => {
    // A broker stand-in that accepts everything: only the stamped headers matter here.
    let offset = 0n;
    const fake = {
      description: 'accepting test transport',
      async request(api: string, req: RequestOf<'Produce'>) {
        if (api === 'Metadata') return { topics: [{ errorCode: 0, name: 't', partitions: [{}], isInternal: false }] };
        if (api === 'InitProducerId') return { throttleTimeMs: 0, errorCode: 0, producerId: 42n, producerEpoch: 0 };
        const part: PartitionProduceResponse = { index: 0, errorCode: 0, baseOffset: offset, errorMessage: null };
        offset += BigInt(batchRecordCount(req.topicData[0].partitionData[0].records!));
        return { responses: [{ name: 't', partitionResponses: [part] }] };
      },
      async close() {},
    } as unknown as Transport;
    const transport = new TamperingTransport(fake);
    const producer = new Producer(transport, { lingerMs: 0 });
    await producer.send({ topic: 't', value: 'first' });
    // Jump the partition's next sequence to just below the wrap.
    const queues = (producer as unknown as { idempotent: { queues: Map<string, { nextSequence: number }> } }).idempotent.queues;
    queues.values().next().value!.nextSequence = SEQUENCE_MAX - 1;
    await Promise.all(['a', 'b', 'c'].map((value) => producer.send({ topic: 't', value })));
    await producer.send({ topic: 't', value: 'd' });
    await producer.close();
    expect(transport.sent.map((s) => [s.baseSequence, s.records])).to.deep.equal([[0, 1], [SEQUENCE_MAX - 1, 3], [1, 1]]);
  });
});
