/**
 * confluent-kafka for Python 1.7.0 (Debian's python3-confluent-kafka, librdkafka 2.0.2),
 * unmodified, against a `fjord broker` process, through the scripts in fixtures/: metadata,
 * AdminClient create/delete topics and list_groups, produce/consume byte for byte, the idempotent
 * producer, acks=0, a consumer group and its committed offsets.
 * Compression and cross-client reads are in cross-client.test.ts.
 */
import { expect } from 'chai';
import { thirdPartyBrokerOptions } from './helpers/broker-args.js';
import { useBroker } from './helpers/broker-process.js';
import { tail } from './helpers/child-run.js';
import { endOffsets, type GroupMember, groupPartitions, runGroupScenario } from './helpers/group-scenario.js';
import { createTopic } from './helpers/kafkajs-client.js';
import { type Json, pyConfig, pyConsumeAll, pyGroupMember, pyProduce, produceInput, runFixture, runFixtureFull } from './helpers/python.js';
import { expectSameRecords, makeRecords, topicName } from './helpers/records.js';
import { expectIdempotentBatches } from './helpers/stored-batches.js';
import { requireTool } from './helpers/tools.js';

interface PyMetadata {
  cluster_id: string | null;
  controller_id: number;
  brokers: { id: number; host: string; port: number }[];
  topics: Record<string, { error: string | null; partitions: { id: number; leader: number; replicas: number[]; isrs: number[]; error: string | null }[] }>;
}

describe('third-party client: confluent-kafka for Python (librdkafka 2.0.2)', function () {
  this.timeout(60_000);
  before(function () {
    requireTool(this, 'confluent-kafka');
  });
  const broker = useBroker(thirdPartyBrokerOptions);
  const metadata = async (topic?: string): Promise<PyMetadata> =>
    (await runFixture('metadata.py', [broker().bootstrap, ...(topic ? ['--topic', topic] : [])]))[0] as unknown as PyMetadata;

  describe('metadata', () => {
    it('lists this broker, as controller, and every partition of a topic with it as leader and only replica', async () => {
      const topic = topicName('py-meta');
      await createTopic(broker().bootstrap, topic, 4);
      const md = await metadata(topic);
      const { nodeId, host, port } = broker();
      expect(md.brokers).to.deep.equal([{ id: nodeId, host, port }]);
      expect(md.controller_id).to.equal(nodeId);
      expect(md.cluster_id).to.be.a('string').and.not.equal('');
      expect(md.topics[topic]!.error).to.equal(null);
      expect(md.topics[topic]!.partitions.map((p) => [p.id, p.leader, p.replicas, p.isrs, p.error]).sort())
        .to.deep.equal([0, 1, 2, 3].map((p) => [p, nodeId, [nodeId], [nodeId], null]));
    });
  });

  describe('AdminClient', () => {
    it('creates a topic with three partitions (create_topics) and deletes it (delete_topics)', async () => {
      const topic = topicName('py-admin');
      expect(await runFixture('admin.py', [broker().bootstrap, 'create', topic, '3'])).to.deep.equal([{ name: topic, ok: true }]);
      expect((await metadata(topic)).topics[topic]!.partitions).to.have.length(3);
      expect(await runFixture('admin.py', [broker().bootstrap, 'delete', topic])).to.deep.equal([{ name: topic, ok: true }]);
      expect(Object.keys((await metadata()).topics)).to.not.include(topic);
    });

    it('reports TOPIC_ALREADY_EXISTS when creating a topic twice', async () => {
      const topic = topicName('py-exists');
      await createTopic(broker().bootstrap, topic, 1);
      const [result] = await runFixture('admin.py', [broker().bootstrap, 'create', topic, '1']);
      expect(result).to.include({ name: topic, ok: false });
      expect(result!.error).to.match(/TOPIC_ALREADY_EXISTS|already exists/i);
    });
  });

  describe('produce and consume', () => {
    it('reads back 1000 keyed records with headers byte for byte, in order per partition, each key on one partition', async () => {
      const topic = topicName('py-rt');
      await createTopic(broker().bootstrap, topic, 4);
      const sent = makeRecords(1000, 'py');
      const produced = await pyProduce(broker().bootstrap, topic, sent);
      expect(produced).to.include({ delivered: 1000, error_count: 0, undelivered: 0 });
      const read = await pyConsumeAll(broker().bootstrap, topic, sent.length);
      expectSameRecords(read, sent);
      expect(new Set(read.map((r) => r.partition)).size, 'records spread over all 4 partitions').to.equal(4);
    });

    it('stores the batches of an idempotent producer (enable.idempotence) with its producer id and gapless sequences', async () => {
      const topic = topicName('py-idem');
      await createTopic(broker().bootstrap, topic, 2);
      const sent = makeRecords(1000, 'py-idem');
      const produced = await pyProduce(broker().bootstrap, topic, sent, { 'enable.idempotence': true });
      expect(produced, JSON.stringify(produced.errors)).to.include({ delivered: 1000, error_count: 0, undelivered: 0 });
      expectSameRecords(await pyConsumeAll(broker().bootstrap, topic, sent.length), sent);
      expectIdempotentBatches(broker().dataDir, topic);
    });

    it('produces with acks=0: no response (librdkafka would log an unknown CorrId), and every request appended, also those pending when it disconnects', async () => {
      const topic = topicName('py-acks0');
      // 16 partitions: librdkafka sends one ProduceRequest per partition and, with acks=0, closes
      // the connection right after writing them, so requests the broker has received but not yet
      // handled are pending when the client's FIN arrives; they must still be appended.
      await createTopic(broker().bootstrap, topic, 16);
      const sent = makeRecords(1000, 'py-acks0');
      const { lines, stderr } = await runFixtureFull('produce.py', [broker().bootstrap, topic, ...pyConfig({ acks: 0, debug: 'protocol' })], { input: produceInput(sent) });
      expect(lines.at(-1)).to.include({ delivered: 1000, error_count: 0, undelivered: 0 });
      expect(stderr, 'responses to acks=0 requests').to.not.match(/unknown CorrId/i);
      expect(stderr).to.match(/ProduceRequest/);
      expectSameRecords(await pyConsumeAll(broker().bootstrap, topic, sent.length), sent);
    });
  });

  describe('consumer group', () => {
    const topic = topicName('py-group');
    const group = topicName('py-group-id');
    const committed = async (): Promise<Map<number, number>> => {
      const [result] = await runFixture('committed.py', [broker().bootstrap, group, topic, String(groupPartitions)]);
      expect(result!.errors).to.deep.equal([]);
      return new Map(Object.entries(result!.offsets as Record<string, number>).filter(([, o]) => o >= 0).map(([p, o]) => [Number(p), o] as const).sort((a, b) => a[0] - b[0]));
    };

    it('splits 4 partitions between two members, commits, and a restarted member resumes after the committed offsets', async () => {
      await createTopic(broker().bootstrap, topic, groupPartitions);
      await runGroupScenario({
        start: async (name): Promise<GroupMember> => {
          const member = pyGroupMember(broker().bootstrap, group, topic);
          return {
            name,
            assignment: member.assignment,
            records: member.records,
            stop: async () => {
              if (member.records().length > 0) {
                const { errors } = await member.commit();
                expect(errors, 'commit errors').to.deep.equal([]);
              }
              await member.stop();
            },
            detail: () => tail(member.process.stderr(), 3000),
          };
        },
        produce: async (records) => {
          const produced = await pyProduce(broker().bootstrap, topic, records);
          expect(produced).to.include({ delivered: records.length, error_count: 0 });
        },
        committed,
        first: makeRecords(1000, 'py-g1'),
        second: makeRecords(200, 'py-g2'),
      });
    });

    it('lists the group as Empty with list_groups (ListGroups v0 + DescribeGroups v0) once its members left', async () => {
      const [result] = await runFixture('admin.py', [broker().bootstrap, 'list-groups']);
      const found = (result!.groups as Json[]).filter((g) => g.id === group);
      expect(found).to.have.length(1);
      expect(found[0]).to.include({ error: null, state: 'Empty', protocol_type: 'consumer' });
      expect(found[0]!.members).to.deep.equal([]);
    });

    it('reads the committed offsets of the group (Consumer.committed, OffsetFetch)', async () => {
      const offsets = await committed();
      expect([...offsets.keys()]).to.deep.equal([0, 1, 2, 3]);
      // Both batches of the scenario (1000 + 200 records) were read and committed.
      const ends = endOffsets(await pyConsumeAll(broker().bootstrap, topic, 1200));
      expect(Object.fromEntries(offsets)).to.deep.equal(Object.fromEntries(ends));
    });
  });
});
