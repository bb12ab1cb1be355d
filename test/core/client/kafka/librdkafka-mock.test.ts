import { expect } from 'chai';
import type { ConsumerConfig } from '../../../../core/client/consumer-config.js';
import { Fjord } from '../../../../core/client/fjord.js';
import { parseBootstrap, resolveKafkaTransportConfig } from '../../../../core/client/kafka/kafka-config.js';
import { KafkaTransport } from '../../../../core/client/kafka/kafka-transport.js';
import type { ConsumerRecord } from '../../../../core/client/record-types.js';
import type { FjordError } from '../../../../core/errors.js';
import { pollUntil } from '../../../helpers/embedded.js';
import { requireConfluentKafka, startMockCluster, type MockCluster } from './mock-cluster.js';

const FAST: Partial<ConsumerConfig> = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 200, fetchMaxWaitMs: 100, autoOffsetReset: 'earliest' };
/** Tries at most this many auto-created topics to find one whose leaders are on several brokers. */
const TOPIC_TRIES_MAX = 10;

function recordKey(r: ConsumerRecord): string {
  return JSON.stringify([r.key?.toString('hex'), r.value?.toString('hex'), r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null])]);
}

describe("kafka transport against librdkafka's mock cluster (3 brokers)", function () {
  this.timeout(60_000);
  let mock: MockCluster;
  let fjord: Fjord;

  before(async function () {
    requireConfluentKafka(this);
    mock = await startMockCluster(3);
    // librdkafka 2.0's mock writes ListOffsets v4+ LeaderEpoch as an int64: speak v3 to it.
    fjord = await Fjord.connect({ bootstrap: mock.bootstrap, clientId: 'fjord-mock-test', apiVersionsMax: { ListOffsets: 3 } });
  });
  after(async () => {
    await fjord?.close();
    await mock?.stop();
  });

  /** An auto-created topic (the mock has no CreateTopics) whose partitions have leaders on several brokers. */
  async function spreadTopic(prefix: string): Promise<{ topic: string; partitions: number[]; leaders: number[] }> {
    const admin = fjord.admin();
    for (let i = 0; i < TOPIC_TRIES_MAX; i++) {
      const topic = `${prefix}-${i}`;
      // Metadata below v4 (the mock speaks 0-2) creates a topic it is asked about.
      const [described] = await admin.describeTopics([topic]);
      const leaders = described.partitions.map((p) => p.leader);
      if (new Set(leaders).size > 1) return { topic, partitions: described.partitions.map((p) => p.partition), leaders };
    }
    throw new Error(`no auto-created topic had leaders on more than one broker in ${TOPIC_TRIES_MAX} tries`);
  }

  it('learns all three brokers from any one bootstrap address', async () => {
    const last = parseBootstrap(mock.bootstrap).slice(-1);
    const transport = new KafkaTransport(resolveKafkaTransportConfig({ bootstrap: last }));
    try {
      const res = await transport.request('Metadata', { topics: [], allowAutoTopicCreation: false });
      expect(res!.brokers.map((b) => b.nodeId).sort()).to.deep.equal([1, 2, 3]);
    } finally {
      await transport.close();
    }
  });

  it('fails createTopics clearly, naming CreateTopics and both version ranges (the mock has no admin APIs)', async () => {
    let error: FjordError | undefined;
    try {
      await fjord.admin().createTopics([{ topic: 'made-by-admin', numPartitions: 6 }]);
    } catch (err) {
      error = err as FjordError;
    }
    expect(error?.code).to.equal('UNSUPPORTED_VERSION');
    expect(error?.message).to.match(/CreateTopics \(api key 19\): Fjord speaks versions 0-7, broker \d at 127\.0\.0\.1:\d+ supports none/);
  });

  it('produces 1000 keyed records to partitions led by different brokers and reads them back byte for byte', async () => {
    const { topic, partitions } = await spreadTopic('keyed');
    const producer = fjord.producer({ lingerMs: 5 });
    const sent = Array.from({ length: 1000 }, (_, i) => ({
      topic,
      key: `key-${i % 37}`,
      value: i % 100 === 99 ? null : Buffer.from([i & 0xff, 0, 255, (i >> 8) & 0xff]),
      headers: [{ key: 'n', value: String(i) }, { key: 'n', value: null }],
    }));
    const metas = await Promise.all(sent.map((r) => producer.send(r)));
    await producer.close();
    const partitionOfKey = new Map<string, number>();
    metas.forEach((m, i) => {
      const key = sent[i].key;
      expect(partitionOfKey.get(key) ?? m.partition).to.equal(m.partition);
      partitionOfKey.set(key, m.partition);
    });
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign(partitions.map((partition) => ({ topic, partition })));
    const received = await pollUntil(() => consumer.poll(500), 1000, 30_000);
    await consumer.close();
    expect(received).to.have.length(1000);
    const expected = sent.map((r, i) => JSON.stringify([Buffer.from(r.key).toString('hex'), r.value?.toString('hex'), [['n', Buffer.from(String(i)).toString('hex')], ['n', null]]]));
    expect(received.map(recordKey).sort()).to.deep.equal(expected.sort());
    for (const p of partitions) {
      const offsets = received.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets).to.deep.equal(offsets.map((_, i) => BigInt(i)));
    }
  });

  it('consumes in a group, commits, and a new member resumes after the committed offsets', async () => {
    const { topic } = await spreadTopic('grouped');
    const producer = fjord.producer({ lingerMs: 5 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => producer.send({ topic, key: `k${i}`, value: `v${i}` })));
    const first = fjord.consumer({ ...FAST, groupId: 'mock-group', enableAutoCommit: false });
    first.subscribe([topic]);
    const seen = await pollUntil(() => first.poll(200), 100, 30_000);
    expect(seen.map((r) => r.value?.toString()).sort()).to.deep.equal(Array.from({ length: 100 }, (_, i) => `v${i}`).sort());
    await first.commitSync();
    const committed = await first.committed(first.assignment());
    expect(committed.reduce((sum, c) => sum + c.offset, 0n)).to.equal(100n);
    await first.close();
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic, key: `n${i}`, value: `new${i}` })));
    await producer.close();
    const second = fjord.consumer({ ...FAST, groupId: 'mock-group' });
    second.subscribe([topic]);
    const next = await pollUntil(() => second.poll(200), 10, 30_000);
    await second.poll(300);
    await second.close();
    expect(next.map((r) => r.value?.toString()).sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `new${i}`).sort());
  });
});
