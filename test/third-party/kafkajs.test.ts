/**
 * kafkajs 2.2.4, unmodified, against a `fjord broker` process: metadata, admin, produce/consume
 * byte for byte, the idempotent producer, acks=0, a consumer group and the group admin APIs.
 * Compression and cross-client reads are in cross-client.test.ts.
 */
import { expect } from 'chai';
import { thirdPartyBrokerOptions } from './helpers/broker-args.js';
import { useBroker } from './helpers/broker-process.js';
import { type GroupMember, groupPartitions, runGroupScenario } from './helpers/group-scenario.js';
import {
  type Admin, type KafkaClient, type KafkajsRead, createTopic, kafkajsClient, kafkajsConsumeAll, kafkajsGroupSettings, kafkajsProduce,
  readFromKafkajs, sendRecords,
} from './helpers/kafkajs-client.js';
import { expectSameRecords, makeRecords, topicName } from './helpers/records.js';
import { expectIdempotentBatches } from './helpers/stored-batches.js';

describe('third-party client: kafkajs 2.2.4', function () {
  this.timeout(60_000);
  const broker = useBroker(thirdPartyBrokerOptions);
  let kafka: KafkaClient;
  let admin: Admin;

  before(async () => {
    kafka = kafkajsClient(broker().bootstrap);
    admin = kafka.admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
  });

  describe('metadata', () => {
    it('describes the cluster as this one broker, which is also the controller', async () => {
      const cluster = await admin.describeCluster();
      const { host, port, nodeId } = broker();
      expect(cluster.brokers).to.deep.equal([{ nodeId, host, port }]);
      expect(cluster.controller).to.equal(nodeId);
      expect(cluster.clusterId).to.be.a('string').and.not.equal('');
    });

    it('reports every partition of a topic with this broker as leader, replica and in-sync replica', async () => {
      const topic = topicName('kjs-meta');
      await createTopic(broker().bootstrap, topic, 4);
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const { nodeId } = broker();
      expect(topics).to.have.length(1);
      expect(topics[0]!.partitions.map((p) => [p.partitionId, p.partitionErrorCode, p.leader, p.replicas, p.isr]).sort())
        .to.deep.equal([0, 1, 2, 3].map((p) => [p, 0, nodeId, [nodeId], [nodeId]]));
    });
  });

  describe('admin', () => {
    it('creates a topic with three partitions and deletes it again', async () => {
      const topic = topicName('kjs-admin');
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).to.equal(true);
      expect(await admin.listTopics()).to.include(topic);
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(topics[0]!.partitions).to.have.length(3);
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      expect(await admin.listTopics()).to.not.include(topic);
    });

    it('refuses to create a topic that exists (createTopics returns false)', async () => {
      const topic = topicName('kjs-exists');
      await createTopic(broker().bootstrap, topic, 1);
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] })).to.equal(false);
    });
  });

  describe('produce and consume', () => {
    it('reads back 1000 keyed records with headers byte for byte, in order per partition, each key on one partition', async () => {
      const topic = topicName('kjs-rt');
      await createTopic(broker().bootstrap, topic, 4);
      const sent = makeRecords(1000, 'kjs');
      await kafkajsProduce(kafka, topic, sent);
      const read = await kafkajsConsumeAll(kafka, topic, sent.length);
      expectSameRecords(read, sent);
      expect(new Set(read.map((r) => r.partition)).size, 'records spread over all 4 partitions').to.equal(4);
    });

    it('stores the batches of an idempotent producer with its producer id, epoch and gapless sequences', async () => {
      const topic = topicName('kjs-idem');
      await createTopic(broker().bootstrap, topic, 2);
      const sent = makeRecords(1000, 'kjs-idem');
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        await sendRecords(producer, topic, sent.slice(0, 500));
        await sendRecords(producer, topic, sent.slice(500));
      } finally {
        await producer.disconnect();
      }
      const read = await kafkajsConsumeAll(kafka, topic, sent.length);
      expectSameRecords(read, sent);
      expectIdempotentBatches(broker().dataDir, topic, read.map((r) => r.producerId));
    });

    it('sends with acks=0, gets no response, and the same connection keeps working', async () => {
      const topic = topicName('kjs-acks0');
      await createTopic(broker().bootstrap, topic, 4);
      const sent = makeRecords(1000, 'kjs-acks0');
      const producer = kafka.producer();
      await producer.connect();
      try {
        await sendRecords(producer, topic, sent.slice(0, 500), { acks: 0 });
        // An answered acks=0 request would shift every later response by one correlation id.
        await sendRecords(producer, topic, sent.slice(500), { acks: -1 });
      } finally {
        await producer.disconnect();
      }
      expectSameRecords(await kafkajsConsumeAll(kafka, topic, sent.length), sent);
    });
  });

  describe('consumer group', () => {
    const topic = topicName('kjs-group');
    const groupId = topicName('kjs-group-id');

    it('splits 4 partitions between two members, commits, and a restarted member resumes after the committed offsets', async () => {
      await createTopic(broker().bootstrap, topic, groupPartitions);
      await runGroupScenario({
        start: async (name) => kafkajsMember(kafka, name, groupId, topic),
        produce: (records) => kafkajsProduce(kafka, topic, records),
        committed: async () => committedByAdmin(admin, groupId, topic),
        first: makeRecords(1000, 'kjs-g1'),
        second: makeRecords(200, 'kjs-g2'),
      });
    });

    it('lists the group, describes it as Empty once its members left, and fetches its committed offsets', async () => {
      const { groups } = await admin.listGroups();
      expect(groups).to.deep.include({ groupId, protocolType: 'consumer' });
      const described = await admin.describeGroups([groupId]);
      expect(described.groups).to.have.length(1);
      expect(described.groups[0]).to.include({ groupId, state: 'Empty', protocolType: 'consumer' });
      expect(described.groups[0]!.members).to.deep.equal([]);
      const committed = await committedByAdmin(admin, groupId, topic);
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
      expect(Object.fromEntries(committed)).to.deep.equal(Object.fromEntries(ends));
    });
  });
});

async function committedByAdmin(admin: Admin, groupId: string, topic: string): Promise<Map<number, number>> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(offsets!.partitions.filter((p) => p.offset !== '-1').map((p) => [p.partition, Number(p.offset)] as const).sort((a, b) => a[0] - b[0]));
}

/** A kafkajs consumer in `groupId` that commits explicitly what it read before leaving. */
async function kafkajsMember(kafka: KafkaClient, name: string, groupId: string, topic: string): Promise<GroupMember> {
  const consumer = kafka.consumer({ groupId, ...kafkajsGroupSettings });
  const records: KafkajsRead[] = [];
  let assignment: number[] | undefined;
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assignment = [...(e.payload.memberAssignment[topic] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => void records.push(readFromKafkajs(partition, message)) });
  return {
    name,
    assignment: () => assignment,
    records: () => records,
    async stop() {
      const next = new Map<number, number>();
      for (const r of records) next.set(r.partition, Math.max(next.get(r.partition) ?? 0, r.offset + 1));
      if (next.size > 0) await consumer.commitOffsets([...next].map(([partition, offset]) => ({ topic, partition, offset: String(offset) })));
      await consumer.disconnect();
    },
  };
}
