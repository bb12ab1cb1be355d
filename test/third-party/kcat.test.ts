/**
 * kcat 1.7.1 (librdkafka 2.0.2), unmodified, against a `fjord broker` process: metadata,
 * produce/consume byte for byte, the idempotent producer, acks=0 and a `-G` consumer group.
 * kcat has no admin or group-listing commands: topics are made with kafkajs' admin (or by
 * Metadata auto-creation) and group offsets are checked with kafkajs' admin.
 * Compression and cross-client reads are in cross-client.test.ts.
 */
import { expect } from 'chai';
import { thirdPartyBrokerOptions } from './helpers/broker-args.js';
import { useBroker } from './helpers/broker-process.js';
import { type GroupMember, groupPartitions, runGroupScenario } from './helpers/group-scenario.js';
import { createTopic, kafkajsClient, type Admin } from './helpers/kafkajs-client.js';
import { kcatConsumeAll, kcatGroupMember, kcatHeaders, kcatMetadata, kcatProduce } from './helpers/kcat.js';
import { expectSameRecords, makeRecords, topicName } from './helpers/records.js';
import { expectIdempotentBatches } from './helpers/stored-batches.js';
import { requireTool } from './helpers/tools.js';
import { tail } from './helpers/child-run.js';

describe('third-party client: kcat (librdkafka 2.0.2)', function () {
  this.timeout(60_000);
  before(function () {
    requireTool(this, 'kcat');
  });
  const broker = useBroker(thirdPartyBrokerOptions);
  let admin: Admin;
  before(async () => {
    admin = kafkajsClient(broker().bootstrap).admin();
    await admin.connect();
  });
  after(async () => {
    await admin?.disconnect();
  });

  describe('metadata', () => {
    it('lists this broker, as controller, and every partition of a topic with it as leader and only replica', async () => {
      const topic = topicName('kcat-meta');
      await createTopic(broker().bootstrap, topic, 4);
      const md = await kcatMetadata(broker().bootstrap, topic);
      const { nodeId, bootstrap } = broker();
      expect(md.brokers).to.deep.equal([{ id: nodeId, name: bootstrap }]);
      expect(md.controllerid).to.equal(nodeId);
      expect(md.topics).to.have.length(1);
      expect(md.topics[0]!.error).to.equal(undefined);
      expect(md.topics[0]!.partitions.map((p) => [p.partition, p.leader, p.replicas, p.isrs]).sort())
        .to.deep.equal([0, 1, 2, 3].map((p) => [p, nodeId, [{ id: nodeId }], [{ id: nodeId }]]));
    });

    it('creates an unknown topic it produces to (Metadata auto-creation)', async () => {
      const topic = topicName('kcat-auto');
      const sent = makeRecords(10, 'kcat-auto', { text: true, headers: kcatHeaders });
      await kcatProduce(broker().bootstrap, topic, sent);
      expect(await admin.listTopics()).to.include(topic);
      expectSameRecords(await kcatConsumeAll(broker().bootstrap, topic), sent);
    });
  });

  describe('produce and consume', () => {
    it('reads back 1000 keyed records with headers byte for byte, in order per partition, each key on one partition', async () => {
      const topic = topicName('kcat-rt');
      await createTopic(broker().bootstrap, topic, 4);
      const sent = makeRecords(1000, 'kcat', { text: true, headers: kcatHeaders });
      await kcatProduce(broker().bootstrap, topic, sent);
      const read = await kcatConsumeAll(broker().bootstrap, topic);
      expectSameRecords(read, sent);
      expect(new Set(read.map((r) => r.partition)).size, 'records spread over all 4 partitions').to.equal(4);
    });

    it('stores the batches of an idempotent producer (enable.idempotence=true) with its producer id and gapless sequences', async () => {
      const topic = topicName('kcat-idem');
      await createTopic(broker().bootstrap, topic, 2);
      const sent = makeRecords(1000, 'kcat-idem', { text: true, headers: kcatHeaders });
      await kcatProduce(broker().bootstrap, topic, sent, ['-X', 'enable.idempotence=true']);
      expectSameRecords(await kcatConsumeAll(broker().bootstrap, topic), sent);
      expectIdempotentBatches(broker().dataDir, topic);
    });

    it('produces with acks=0: no response (librdkafka would log an unknown CorrId), and every request appended, also those pending when it disconnects', async () => {
      const topic = topicName('kcat-acks0');
      // 16 partitions: librdkafka sends one ProduceRequest per partition and, with acks=0, closes
      // the connection right after writing them, so requests the broker has received but not yet
      // handled are pending when the client's FIN arrives; they must still be appended.
      await createTopic(broker().bootstrap, topic, 16);
      const sent = makeRecords(1000, 'kcat-acks0', { text: true, headers: kcatHeaders });
      const result = await kcatProduce(broker().bootstrap, topic, sent, ['-X', 'acks=0', '-d', 'protocol']);
      expect(result.stderr, 'responses to acks=0 requests').to.not.match(/unknown CorrId/i);
      expect(result.stderr).to.match(/ProduceRequest/);
      expectSameRecords(await kcatConsumeAll(broker().bootstrap, topic), sent);
    });
  });

  describe('consumer group (-G)', () => {
    it('splits 4 partitions between two members, commits, and a restarted member resumes after the committed offsets', async () => {
      const topic = topicName('kcat-group');
      const group = topicName('kcat-group-id');
      await createTopic(broker().bootstrap, topic, groupPartitions);
      await runGroupScenario({
        start: async (name): Promise<GroupMember> => {
          const member = kcatGroupMember(broker().bootstrap, group, topic);
          return {
            name,
            assignment: member.assignment,
            records: member.records,
            // SIGTERM: kcat closes the consumer, which commits (auto-commit) and leaves the group.
            stop: async () => {
              const result = await member.stop();
              expect(result.code, `kcat -G exit\n${tail(result.stderr)}`).to.equal(0);
            },
            detail: () => tail(member.process.stderr(), 3000),
          };
        },
        produce: async (records) => void (await kcatProduce(broker().bootstrap, topic, records)),
        committed: async () => {
          const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
          return new Map(offsets!.partitions.filter((p) => p.offset !== '-1').map((p) => [p.partition, Number(p.offset)] as const).sort((a, b) => a[0] - b[0]));
        },
        first: makeRecords(1000, 'kcat-g1', { text: true, headers: kcatHeaders }),
        second: makeRecords(200, 'kcat-g2', { text: true, headers: kcatHeaders }),
      });
    });
  });
});
