import { expect } from 'chai';
import { Fjord } from '../../../core/client/fjord.js';
import { FjordError } from '../../../core/errors.js';
import { pollUntil } from '../../helpers/embedded.js';
import { clientTransports } from '../../helpers/transports.js';

for (const transport of clientTransports) describe(`producer and consumer (${transport.name} transport)`, () => {
  let fjord: Fjord;
  let dataDir: string;

  beforeEach(async () => {
    ({ fjord, dataDir } = await transport.open());
  });
  afterEach(async () => {
    await fjord.close();
  });

  it('returns gap-free offsets and reads back keys, values, headers and tombstones byte for byte', async () => {
    await fjord.admin().createTopics([{ topic: 'orders', numPartitions: 1 }]);
    const producer = fjord.producer({ lingerMs: 0 });
    const sent = await Promise.all([
      producer.send({ topic: 'orders', key: 'k1', value: 'v1', headers: [{ key: 'h', value: 'x' }, { key: 'h', value: null }] }),
      producer.send({ topic: 'orders', key: null, value: Buffer.from([0, 255, 1]) }),
      producer.send({ topic: 'orders', key: 'k1', value: null, timestamp: 1234 }),
    ]);
    expect(sent.map((m) => m.offset)).to.deep.equal([0n, 1n, 2n]);
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'orders', partition: 0 }]);
    const records = await pollUntil(() => consumer.poll(500), 3);
    expect(records.map((r) => r.offset)).to.deep.equal([0n, 1n, 2n]);
    expect(records[0].key?.toString()).to.equal('k1');
    expect(records[0].headers.map((h) => [h.key, h.value?.toString() ?? null])).to.deep.equal([['h', 'x'], ['h', null]]);
    expect(records[1].key).to.equal(null);
    expect(records[1].value).to.deep.equal(Buffer.from([0, 255, 1]));
    expect(records[2].value).to.equal(null);
    expect(records[2].timestamp).to.equal(1234);
  });

  it('partitionsFor lists a topic\'s partitions (Kafka\'s Producer.partitionsFor); an unknown topic fails naming it', async () => {
    await fjord.admin().createTopics([{ topic: 'parts', numPartitions: 3 }]);
    const producer = fjord.producer({ allowAutoCreateTopics: false });
    expect(await producer.partitionsFor('parts')).to.deep.equal([0, 1, 2].map((partition) => ({ topic: 'parts', partition })));
    const err = (await producer.partitionsFor('no-such-topic').catch((e: unknown) => e)) as FjordError;
    expect(err).to.be.instanceOf(FjordError);
    expect(err.code).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
    expect(err.message).to.include('no-such-topic');
    expect((await producer.send({ topic: 'parts', partition: 2, value: 'v' })).partition).to.equal(2);
    await producer.close();
  });

  it('keeps send order for records sent before the topic\'s metadata is known', async () => {
    const producer = fjord.producer({ lingerMs: 0 });
    const metas = await Promise.all(['b', 'a', 'c', 'd', 'e'].map((key) => producer.send({ topic: 'fresh', key, value: key })));
    expect(metas.map((m) => m.offset)).to.deep.equal([0n, 1n, 2n, 3n, 4n]);
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'fresh', partition: 0 }]);
    const records = await pollUntil(() => consumer.poll(200), 5);
    expect(records.map((r) => r.value?.toString())).to.deep.equal(['b', 'a', 'c', 'd', 'e']);
  });

  it('puts keyed records on the partition Kafka\'s murmur2 partitioner picks and keeps their order', async () => {
    await fjord.admin().createTopics([{ topic: 'keyed', numPartitions: 4 }]);
    const producer = fjord.producer();
    const metas = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send({ topic: 'keyed', key: `key-${i % 10}`, value: String(i) })));
    const partitionOfKey = new Map<string, number>();
    metas.forEach((m, i) => {
      const key = `key-${i % 10}`;
      if (partitionOfKey.has(key)) expect(partitionOfKey.get(key)).to.equal(m.partition);
      partitionOfKey.set(key, m.partition);
    });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([0, 1, 2, 3].map((partition) => ({ topic: 'keyed', partition })));
    const records = await pollUntil(() => consumer.poll(200), 200);
    expect(records).to.have.length(200);
    for (let k = 0; k < 10; k++) {
      const values = records.filter((r) => r.key?.toString() === `key-${k}`).map((r) => Number(r.value?.toString()));
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
      expect(values).to.have.length(20);
    }
  });

  for (const compressionType of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`round-trips ${compressionType}-compressed batches`, async () => {
      const producer = fjord.producer({ compressionType, lingerMs: 10 });
      await Promise.all(Array.from({ length: 500 }, (_, i) => producer.send({ topic: `c-${compressionType}`, key: `k${i}`, value: `value-${i}-`.repeat(5) })));
      const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
      consumer.assign([{ topic: `c-${compressionType}`, partition: 0 }]);
      const records = await pollUntil(() => consumer.poll(200), 500);
      expect(records.map((r) => r.value?.toString())).to.deep.equal(Array.from({ length: 500 }, (_, i) => `value-${i}-`.repeat(5)));
    });
  }

  it('with acks=0 learns no offsets but still appends the records', async () => {
    const producer = fjord.producer({ acks: 0 });
    const meta = await producer.send({ topic: 'fire-and-forget', value: 'x' });
    expect(meta.offset).to.equal(-1n);
    const end = await fjord.admin().listOffsets([{ topic: 'fire-and-forget', partition: 0 }], 'latest');
    expect([...end.values()]).to.deep.equal([1n]);
  });

  it('rejects a batch larger than message.max.bytes with MESSAGE_TOO_LARGE and appends nothing', async () => {
    await fjord.admin().createTopics([{ topic: 'small', configs: { 'max.message.bytes': '1000' } }]);
    const producer = fjord.producer({ retries: 0 });
    let error: unknown;
    try {
      await producer.send({ topic: 'small', value: Buffer.alloc(5000, 1) });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(FjordError);
    expect((error as FjordError).code).to.equal('MESSAGE_TOO_LARGE');
    const end = await fjord.admin().listOffsets([{ topic: 'small', partition: 0 }], 'latest');
    expect([...end.values()]).to.deep.equal([0n]);
  });

  it('long-polls: a waiting poll returns as soon as a record is produced', async () => {
    await fjord.admin().createTopics([{ topic: 'live' }]);
    const consumer = fjord.consumer({ autoOffsetReset: 'latest', fetchMaxWaitMs: 5000 });
    consumer.assign([{ topic: 'live', partition: 0 }]);
    await consumer.position({ topic: 'live', partition: 0 });
    const polled = consumer.poll(5000);
    setTimeout(() => void fjord.producer({ lingerMs: 0 }).send({ topic: 'live', value: 'now' }), 50);
    const records = await polled;
    expect(records.map((r) => r.value?.toString())).to.deep.equal(['now']);
  });

  it('seeks, pauses and resumes partitions', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: 'seekable', value: String(i) })));
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    const tp = { topic: 'seekable', partition: 0 };
    consumer.assign([tp]);
    consumer.seek(tp, 7);
    expect((await pollUntil(() => consumer.poll(200), 3)).map((r) => r.offset)).to.deep.equal([7n, 8n, 9n]);
    await consumer.seekToBeginning([tp]);
    consumer.pause([tp]);
    expect(await consumer.poll(100)).to.deep.equal([]);
    consumer.resume([tp]);
    expect((await pollUntil(() => consumer.poll(200), 10)).map((r) => r.offset)).to.have.length(10);
    await consumer.seekToEnd([tp]);
    expect(await consumer.position(tp)).to.equal(10n);
  });

  it('fails a consumer with auto.offset.reset=none that has no committed offset, naming the partition', async () => {
    await fjord.admin().createTopics([{ topic: 'strict' }]);
    const consumer = fjord.consumer({ groupId: 'g-none', autoOffsetReset: 'none' });
    consumer.assign([{ topic: 'strict', partition: 0 }]);
    let error: unknown;
    try {
      await consumer.poll(100);
    } catch (err) {
      error = err;
    }
    expect((error as FjordError).message).to.contain('strict-0');
  });

  it('keeps every acknowledged record and committed offset across a clean restart', async () => {
    const producer = fjord.producer();
    await Promise.all(Array.from({ length: 50 }, (_, i) => producer.send({ topic: 'durable', key: `k${i}`, value: `v${i}` })));
    const consumer = fjord.consumer({ groupId: 'readers', autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'durable', partition: 0 }]);
    await pollUntil(() => consumer.poll(200), 20);
    await consumer.commitSync([{ topic: 'durable', partition: 0, offset: 20n }]);
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    const again = fjord.consumer({ groupId: 'readers', autoOffsetReset: 'earliest' });
    again.assign([{ topic: 'durable', partition: 0 }]);
    const rest = await pollUntil(() => again.poll(200), 30);
    expect(rest.map((r) => r.value?.toString())).to.deep.equal(Array.from({ length: 30 }, (_, i) => `v${i + 20}`));
  });

  it('refuses a second broker on a locked data directory, naming the holder', async () => {
    let error: unknown;
    try {
      await Fjord.embedded({ dataDir });
    } catch (err) {
      error = err;
    }
    expect((error as FjordError).code).to.equal('DATA_DIR_LOCKED');
    expect((error as FjordError).message).to.contain(String(process.pid));
  });
});
