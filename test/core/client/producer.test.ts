import { expect } from 'chai';
import { Producer } from '../../../core/client/producer.js';
import type { Transport } from '../../../core/client/transport.js';
import { decodeRecordBatch, type DecodedBatch } from '../../../core/protocol/record-batch.js';
import { partitionForKey } from '../../../core/protocol/partitioner.js';
import { openFjord, pollUntil } from '../../helpers/embedded.js';

/** A transport whose Metadata answers wait for release(), and which records produced values. */
function gatedTransport() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const produced: string[] = [];
  const transport = {
    description: 'gated test transport',
    async request(api: string, req: { topicData?: { partitionData: { records: Buffer }[] }[] }) {
      if (api === 'Metadata') {
        await gate;
        return { topics: [{ errorCode: 0, name: 't', partitions: [{}], isInternal: false }] };
      }
      // The default producer is idempotent and asks for a producer id before its first batch.
      if (api === 'InitProducerId') return { throttleTimeMs: 0, errorCode: 0, producerId: 1n, producerEpoch: 0 };
      const batch = await decodeRecordBatch(req.topicData![0].partitionData[0].records);
      produced.push(...batch.records.map((r) => r.value!.toString()));
      return { responses: [{ partitionResponses: [{ errorCode: 0, baseOffset: 0n, logAppendTimeMs: -1n, errorMessage: null }] }] };
    },
    async close() {},
  };
  return { transport: transport as unknown as Transport, release, produced };
}

/** A transport with one partition of topic 't' that answers every Produce with `answer`. */
function answeringTransport(answer: { errorCode: number; baseOffset: bigint }): Transport {
  return {
    description: 'answering test transport',
    async request(api: string) {
      if (api === 'Metadata') return { topics: [{ errorCode: 0, name: 't', partitions: [{}], isInternal: false }] };
      if (api === 'InitProducerId') return { throttleTimeMs: 0, errorCode: 0, producerId: 1n, producerEpoch: 0 };
      return { responses: [{ partitionResponses: [{ ...answer, logAppendTimeMs: -1n, errorMessage: null }] }] };
    },
    async close() {},
  } as unknown as Transport;
}

describe('producer', () => {
  it('keeps send order when a send arrives after the metadata is cached but before an earlier send is appended', async () => {
    const { transport, release, produced } = gatedTransport();
    const producer = new Producer(transport, { lingerMs: 0 });
    const first = producer.send({ topic: 't', value: 'first' });
    release();
    // Step microtasks until the metadata is cached; 'first' is then still a few steps from its append.
    const cache = (producer as unknown as { metadata: { partitionCount(t: string): number | undefined } }).metadata;
    for (let i = 0; i < 100 && cache.partitionCount('t') === undefined; i++) await Promise.resolve();
    expect(cache.partitionCount('t')).to.equal(1);
    const second = producer.send({ topic: 't', value: 'second' });
    await Promise.all([first, second]);
    await producer.flush();
    expect(produced).to.deep.equal(['first', 'second']);
  });

  it('settles the sends of one partition in record order, also a send that waited for metadata (as Kafka orders callbacks)', async () => {
    const { transport, release } = gatedTransport();
    const producer = new Producer(transport, { lingerMs: 20 });
    const order: string[] = [];
    const first = producer.send({ topic: 't', value: 'queued' }).then(() => order.push('queued'));
    release();
    // Step microtasks until the queue has drained: the next send takes the direct path into the same batch.
    const queued = (producer as unknown as { queued: Map<string, unknown> }).queued;
    for (let i = 0; i < 100 && queued.size > 0; i++) await Promise.resolve();
    expect(queued.size).to.equal(0);
    const second = producer.send({ topic: 't', value: 'direct' }).then(() => order.push('direct'));
    await Promise.all([first, second]);
    expect(order).to.deep.equal(['queued', 'direct']);
  });

  it('copies a record\'s bytes before send() returns, whether it waits for metadata or not', async () => {
    const { transport, release, produced } = gatedTransport();
    const producer = new Producer(transport, { lingerMs: 0 });
    const reused = Buffer.from('aaaa');
    const waiting = producer.send({ topic: 't', value: reused }); // no metadata yet: queued
    reused.write('bbbb');
    release();
    await waiting;
    const appended = producer.send({ topic: 't', value: reused }); // metadata cached: appended at once
    reused.write('cccc');
    await appended;
    await producer.flush();
    expect(produced).to.deep.equal(['aaaa', 'bbbb']);
  });

  it('copies the key, header values, timestamp and partition of a send that waits for metadata', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batches: DecodedBatch[] = [];
    const transport = {
      description: 'gated recording transport',
      async request(api: string, req: { topicData?: { partitionData: { index: number; records: Buffer }[] }[] }) {
        if (api === 'Metadata') {
          await gate;
          return { topics: [{ errorCode: 0, name: 't', partitions: [{}, {}], isInternal: false }] };
        }
        batches.push(await decodeRecordBatch(req.topicData![0].partitionData[0].records));
        return { responses: [{ partitionResponses: [{ errorCode: 0, baseOffset: 0n, logAppendTimeMs: -1n, errorMessage: null }] }] };
      },
      async close() {},
    } as unknown as Transport;
    const producer = new Producer(transport, { acks: 1, lingerMs: 0 });
    const key = Buffer.from('key1');
    const h = Buffer.from('hv1');
    const sent = [
      producer.send({ topic: 't', key, value: 'a', headers: [{ key: 'h', value: h }], timestamp: 1234, partition: 1 }),
      producer.send({ topic: 't', key, value: 'b', headers: { h }, timestamp: 5678, partition: 1 }),
    ];
    key.write('XXXX');
    h.write('YYY');
    release();
    const metadata = await Promise.all(sent);
    await producer.flush();
    const records = batches.flatMap((b) => b.records);
    expect(records.map((r) => [r.key?.toString(), r.value?.toString(), r.headers.map((x) => `${x.key}=${x.value}`), r.timestamp])).to.deep.equal([
      ['key1', 'a', ['h=hv1'], 1234n],
      ['key1', 'b', ['h=hv1'], 5678n],
    ]);
    expect(metadata.map((m) => [m.partition, m.timestamp])).to.deep.equal([[1, 1234], [1, 5678]]);
  });

  it('flush() waits for sends still waiting for the topic\'s metadata', async () => {
    const { transport, release, produced } = gatedTransport();
    const producer = new Producer(transport, { lingerMs: 1000 });
    const sent = producer.send({ topic: 't', value: 'queued' });
    const flushed = producer.flush();
    setTimeout(release, 20);
    await flushed;
    expect(produced).to.deep.equal(['queued']);
    expect((await sent).partition).to.equal(0);
  });

  it('keeps filling a lingering batch while max.in.flight batches of its partition are outstanding', async () => {
    const produced: number[] = [];
    let unblock!: () => void;
    const blocked = new Promise<void>((r) => (unblock = r));
    const transport = {
      description: 'slow broker',
      async request(api: string, req: { topicData?: { partitionData: { records: Buffer }[] }[] }) {
        if (api === 'Metadata') return { topics: [{ errorCode: 0, name: 't', partitions: [{}], isInternal: false }] };
        await blocked;
        const batch = await decodeRecordBatch(req.topicData![0].partitionData[0].records);
        produced.push(batch.records.length);
        return { responses: [{ partitionResponses: [{ errorCode: 0, baseOffset: 0n, logAppendTimeMs: -1n, errorMessage: null }] }] };
      },
      async close() {},
    } as unknown as Transport;
    const producer = new Producer(transport, { acks: 1, lingerMs: 1, maxInFlightRequestsPerConnection: 2 });
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      sends.push(producer.send({ topic: 't', value: `r${i}` }));
      await new Promise((r) => setTimeout(r, 3));
    }
    unblock();
    await Promise.all(sends);
    expect(produced.reduce((a, b) => a + b, 0)).to.equal(20);
    // Two small batches went out while the broker was stuck; everything else waited in a third.
    expect(produced.length).to.be.at.most(3);
  });

  it('starts a new batch rather than letting one grow past batch.size', async () => {
    const { transport, release, produced } = gatedTransport();
    release();
    const producer = new Producer(transport, { lingerMs: 0, batchSize: 1000 });
    const sizes: number[] = [];
    const original = transport.request.bind(transport);
    (transport as unknown as { request: typeof original }).request = async (api, req) => {
      if (api === 'Produce') sizes.push((req as { topicData: { partitionData: { records: Buffer }[] }[] }).topicData[0].partitionData[0].records.length);
      return original(api, req);
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => producer.send({ topic: 't', value: Buffer.alloc(100, i) })));
    expect(produced).to.have.length(40);
    expect(Math.max(...sizes)).to.be.at.most(1000);
  });

  for (const acks of [1, 'all'] as const) {
    it(`gives each record of a batch its own offset and timestamp and settles them in send order (acks=${acks})`, async () => {
      const transport = answeringTransport({ errorCode: 0, baseOffset: 100n });
      const producer = new Producer(transport, { acks, lingerMs: 5 });
      const settled: number[] = [];
      const sends = Array.from({ length: 50 }, (_, i) =>
        producer.send({ topic: 't', value: `r${i}`, timestamp: 1_700_000_000_000 + i * 7 }).then((m) => {
          settled.push(i);
          return m;
        }),
      );
      const metadata = await Promise.all(sends);
      expect(settled).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
      expect(metadata.map((m) => m.offset)).to.deep.equal(Array.from({ length: 50 }, (_, i) => 100n + BigInt(i)));
      expect(metadata.map((m) => m.timestamp)).to.deep.equal(Array.from({ length: 50 }, (_, i) => 1_700_000_000_000 + i * 7));
      expect(metadata.every((m) => m.topic === 't' && m.partition === 0)).to.equal(true);
    });

    it(`rejects every record of a batch the broker refuses, in send order, with the broker's error (acks=${acks})`, async () => {
      // MESSAGE_TOO_LARGE (10) is not retriable: the batch fails at once.
      const producer = new Producer(answeringTransport({ errorCode: 10, baseOffset: -1n }), { acks, lingerMs: 5 });
      const failed: number[] = [];
      const sends = Array.from({ length: 20 }, (_, i) =>
        producer.send({ topic: 't', value: `r${i}` }).catch((err: { code?: string }) => {
          failed.push(i);
          return err.code;
        }),
      );
      expect(await Promise.all(sends)).to.deep.equal(Array(20).fill('MESSAGE_TOO_LARGE'));
      expect(failed).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    });
  }

  it('rejects a send that waited for metadata together with the direct sends of its failed batch', async () => {
    const { transport, release } = gatedTransport();
    const failing = transport as unknown as { request: (api: string, req: unknown) => Promise<unknown> };
    const original = failing.request.bind(transport);
    failing.request = async (api, req) => {
      if (api !== 'Produce') return original(api, req);
      return { responses: [{ partitionResponses: [{ errorCode: 10, baseOffset: -1n, logAppendTimeMs: -1n, errorMessage: null }] }] };
    };
    const producer = new Producer(transport, { acks: 1, lingerMs: 20 });
    const order: string[] = [];
    const queued = producer.send({ topic: 't', value: 'queued' }).catch(() => order.push('queued'));
    release();
    const waiting = (producer as unknown as { queued: Map<string, unknown> }).queued;
    for (let i = 0; i < 100 && waiting.size > 0; i++) await Promise.resolve();
    const direct = producer.send({ topic: 't', value: 'direct' }).catch(() => order.push('direct'));
    await Promise.all([queued, direct]);
    expect(order).to.deep.equal(['queued', 'direct']);
  });
  describe('sendReportingFailure (a send without a promise of its own)', () => {
    it('batches its records with promised sends, whose offsets and timestamps stay their own', async () => {
      const transport = answeringTransport({ errorCode: 0, baseOffset: 100n });
      const producer = new Producer(transport, { acks: 1, lingerMs: 5 });
      const failures: Error[] = [];
      const promised: Promise<{ offset: bigint; timestamp: number }>[] = [];
      for (let i = 0; i < 12; i++) {
        const record = { topic: 't', value: `r${i}`, timestamp: 1_700_000_000_000 + i };
        // Records 0, 1, 5 and 9 have promises; the rest only report failures.
        if (i === 0 || i === 1 || i === 5 || i === 9) promised.push(producer.send(record));
        else producer.sendReportingFailure(record, (e) => failures.push(e));
      }
      const metadata = await Promise.all(promised);
      expect(metadata.map((m) => m.offset)).to.deep.equal([100n, 101n, 105n, 109n]);
      expect(metadata.map((m) => m.timestamp)).to.deep.equal([0, 1, 5, 9].map((i) => 1_700_000_000_000 + i));
      await producer.flush();
      expect(failures).to.deep.equal([]);
    });

    it('delivers the records in send order, also those that waited for metadata', async () => {
      const { transport, release, produced } = gatedTransport();
      const producer = new Producer(transport, { lingerMs: 0 });
      const reused = Buffer.from('aaaa');
      producer.sendReportingFailure({ topic: 't', value: reused }, () => {});
      reused.write('bbbb');
      producer.sendReportingFailure({ topic: 't', value: 'second' }, () => {});
      release();
      await producer.flush();
      expect(produced).to.deep.equal(['aaaa', 'second']);
    });

    it('calls a handler once per failed batch it was passed with, with the broker\'s error', async () => {
      const producer = new Producer(answeringTransport({ errorCode: 10, baseOffset: -1n }), { acks: 1, lingerMs: 5 });
      const failures: string[] = [];
      const onFailure = (e: Error) => failures.push((e as { code?: string }).code ?? e.message);
      for (let i = 0; i < 20; i++) producer.sendReportingFailure({ topic: 't', value: `r${i}` }, onFailure);
      await producer.flush();
      expect(failures).to.deep.equal(['MESSAGE_TOO_LARGE']);
    });

    it('ackedEndOffset: after flush(), each partition\'s log end for what was sent, read back from a real broker', async () => {
      const { fjord } = await openFjord();
      try {
        await fjord.admin().createTopics([{ topic: 'ends', numPartitions: 2 }]);
        const producer = fjord.producer({ lingerMs: 2, batchSize: 512 });
        expect(producer.ackedEndOffset('ends', 0)).to.equal(undefined);
        // Many small batches per partition, so the end is the last batch's, not the first's.
        for (let i = 0; i < 300; i++) producer.sendReportingFailure({ topic: 'ends', partition: i % 3 === 0 ? 1 : 0, value: `record ${i}` }, (e) => expect.fail(e.message));
        await producer.flush();
        const logEnds = await fjord.admin().listOffsets([{ topic: 'ends', partition: 0 }, { topic: 'ends', partition: 1 }], 'latest');
        expect([...logEnds.values()]).to.deep.equal([200n, 100n]);
        expect([producer.ackedEndOffset('ends', 0), producer.ackedEndOffset('ends', 1)]).to.deep.equal([200n, 100n]);
        expect(producer.ackedEndOffset('other', 0)).to.equal(undefined);
        await producer.close();
      } finally {
        await fjord.close();
      }
    });

    it('writes string keys as their UTF-8 bytes, on the key\'s murmur2 partition when there are several (a real broker)', async () => {
      const { fjord } = await openFjord();
      try {
        await fjord.admin().createTopics([{ topic: 'one', numPartitions: 1 }, { topic: 'three', numPartitions: 3 }]);
        const producer = fjord.producer({ lingerMs: 1 });
        const keys = ['u1', 'grüße ✓', 'u2', 'k-42', ''];
        for (const topic of ['one', 'three']) for (const key of keys) producer.sendReportingFailure({ topic, key, value: key.length === 0 ? 'empty' : key }, (e) => expect.fail(e.message));
        await producer.flush();
        await producer.close();
        for (const [topic, partitions] of [['one', 1], ['three', 3]] as const) {
          const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
          consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
          const got = await pollUntil(() => consumer.poll(100), keys.length);
          await consumer.close();
          const byKey = new Map(got.map((r) => [r.key!.toString('utf8'), r]));
          for (const key of keys) {
            expect(byKey.get(key)?.key).to.deep.equal(Buffer.from(key, 'utf8'));
            expect(byKey.get(key)?.partition).to.equal(partitionForKey(Buffer.from(key, 'utf8'), partitions));
          }
        }
      } finally {
        await fjord.close();
      }
    });

    it('reports CLOSED for a send after close()', async () => {
      const producer = new Producer(answeringTransport({ errorCode: 0, baseOffset: 0n }), { acks: 1 });
      await producer.close();
      const failure = await new Promise<Error>((resolve) => producer.sendReportingFailure({ topic: 't', value: 'late' }, resolve));
      expect((failure as { code?: string }).code).to.equal('CLOSED');
    });
  });
});
