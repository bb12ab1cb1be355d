/**
 * Replicated `__consumer_offsets` and group coordinator failover, on three combined brokers in
 * one process: the topic is created through the controller on the first FindCoordinator, every
 * broker names the leader of the group's offsets partition, commits are on every in-sync replica
 * before they are acknowledged, and a group's offsets survive its coordinator being stopped or
 * its partition's leadership moving (the old coordinator then answers NOT_COORDINATOR).
 */
import { expect } from 'chai';
import kafkajs from 'kafkajs';
import { CONSUMER_OFFSETS_TOPIC } from '../../core/broker/topic-names.js';
import { Fjord } from '../../core/client/fjord.js';
import { configKey } from '../../core/cluster/metadata/cluster-image.js';
import { offsetsPartitionFor } from '../../core/group/group-coordinator.js';
import { errorCode } from '../../core/protocol/error-codes.js';
import type { FindCoordinatorResponse } from '../../core/protocol/generated/find-coordinator.js';
import { waitFor } from '../cluster/quorum-helpers.js';
import { type ClusterMember, InProcessCluster } from './in-process-cluster.js';

const ctx = (apiVersion: number) => ({ apiVersion, clientId: 'offsets-test', clientHost: '127.0.0.1' });

/** The in-process cluster's offsets topic has 2 partitions (`offsets.topic.num.partitions=2`). */
const PARTITIONS = 2;

async function findCoordinator(m: ClusterMember, key: string, apiVersion = 3): Promise<FindCoordinatorResponse> {
  return (await m.broker.handle('FindCoordinator', { key, keyType: 0, coordinatorKeys: [key] }, ctx(apiVersion)))!;
}

async function commit(m: ClusterMember, groupId: string, topic: string, offset: bigint): Promise<number> {
  const res = await m.broker.handle('OffsetCommit', {
    groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n,
    topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
  }, ctx(8));
  return res!.topics[0]!.partitions[0]!.errorCode;
}

async function fetchOffset(m: ClusterMember, groupId: string, topic: string): Promise<{ errorCode: number; offset: bigint }> {
  const res = await m.broker.handle('OffsetFetch', { groupId, topics: [{ name: topic, partitionIndexes: [0] }], requireStable: false }, ctx(7));
  return { errorCode: res!.errorCode ?? 0, offset: res!.topics?.[0]?.partitions[0]?.committedOffset ?? -1n };
}

describe('replicated __consumer_offsets (three combined brokers in one process)', function () {
  this.timeout(120000);
  let cluster: InProcessCluster;

  before(async () => {
    cluster = await InProcessCluster.start(3);
  });

  after(async () => {
    await cluster?.stop();
  });

  // A test that stopped a member and failed before restarting it must not take the next test's brokers.
  afterEach(async () => {
    for (const v of cluster.voters) if (!cluster.members.has(v.id)) await cluster.startMember(v.id);
    await cluster.waitUnfenced();
  });

  const member = (id: number) => cluster.members.get(id)!;
  const anyMember = () => [...cluster.members.values()][0]!;
  const coordinatorOf = (groupId: string) => cluster.leaderOf(CONSUMER_OFFSETS_TOPIC, offsetsPartitionFor(groupId, PARTITIONS));

  it('creates __consumer_offsets through the controller on the first FindCoordinator, answering COORDINATOR_NOT_AVAILABLE until it exists', async () => {
    // Metadata never auto-creates it as an ordinary topic (it would lack its compaction and partitions).
    const asked = (await anyMember().broker.handle('Metadata', { topics: [{ name: CONSUMER_OFFSETS_TOPIC }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false }, ctx(12)))!;
    expect(asked.topics[0]!.errorCode).to.equal(errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
    const first = await findCoordinator(anyMember(), 'first-group');
    expect(first.errorCode).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
    expect(first.nodeId).to.equal(-1);
    const found = await waitFor('a coordinator', async () => {
      const res = await findCoordinator(anyMember(), 'first-group');
      return res.errorCode === 0 ? res : undefined;
    });
    const image = anyMember().cluster.replicas.currentImage;
    const topic = [...image.topicsById.values()].find((t) => t.name === CONSUMER_OFFSETS_TOPIC)!;
    expect(topic.partitions.size).to.equal(PARTITIONS);
    for (const p of topic.partitions.values()) expect([...p.replicas].sort()).to.deep.equal([1, 2, 3]);
    expect(image.configs.get(configKey('topic', CONSUMER_OFFSETS_TOPIC))?.get('cleanup.policy')).to.equal('compact');
    expect(found.nodeId).to.equal(coordinatorOf('first-group'));
    const metadata = (await anyMember().broker.handle('Metadata', { topics: [{ name: CONSUMER_OFFSETS_TOPIC }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false }, ctx(12)))!;
    expect(metadata.topics[0]).to.deep.include({ name: CONSUMER_OFFSETS_TOPIC, errorCode: 0, isInternal: true });
  });

  it('names the same coordinator from every broker: the leader of partition abs(hashCode) % partitions, one by one (v3) and batched (v4)', async () => {
    const groups = ['alpha', 'beta', 'gamma', 'delta', 'polygenelubricants', 'console-consumer-42'];
    // Both partitions are in use, so two different leaders answer.
    expect(new Set(groups.map((g) => offsetsPartitionFor(g, PARTITIONS))).size).to.equal(PARTITIONS);
    for (const m of cluster.members.values()) {
      const batched = (await findCoordinator(m, '', 4)) as FindCoordinatorResponse;
      expect(batched.coordinators).to.have.length(1); // the empty key, answered like any other
      const res = (await m.broker.handle('FindCoordinator', { keyType: 0, coordinatorKeys: groups }, ctx(4)))!;
      expect(res.coordinators!.map((c) => c.key)).to.deep.equal(groups);
      for (const c of res.coordinators!) {
        expect(c.errorCode, c.key).to.equal(0);
        expect(c.nodeId, c.key).to.equal(coordinatorOf(c.key));
        expect(c.port, c.key).to.equal(member(c.nodeId).server.address.port);
      }
      for (const g of groups) {
        for (const v of [0, 3]) expect((await findCoordinator(m, g, v)).nodeId, `${g} v${v} via ${m.id}`).to.equal(coordinatorOf(g));
      }
    }
  });

  it('answers NOT_COORDINATOR on brokers that do not lead the group\'s offsets partition, and acknowledges a commit once every replica has it', async () => {
    const group = 'acked-commits';
    const leader = coordinatorOf(group);
    for (const m of cluster.members.values()) {
      const code = await commit(m, group, 'some-topic', 7n);
      expect(code, `broker ${m.id}`).to.equal(m.id === leader ? 0 : errorCode('NOT_COORDINATOR'));
      if (m.id !== leader) expect((await fetchOffset(m, group, 'some-topic')).errorCode).to.equal(errorCode('NOT_COORDINATOR'));
    }
    // Acknowledged means on every in-sync replica: each broker's copy of the partition has the commit.
    const partition = offsetsPartitionFor(group, PARTITIONS);
    const leaderEnd = member(leader).broker.partitionLog(CONSUMER_OFFSETS_TOPIC, partition)!.logEndOffset;
    for (const m of cluster.members.values()) {
      expect(m.broker.partitionLog(CONSUMER_OFFSETS_TOPIC, partition)!.logEndOffset, `broker ${m.id}`).to.equal(leaderEnd);
    }
    expect(await fetchOffset(member(leader), group, 'some-topic')).to.deep.equal({ errorCode: 0, offset: 7n });
  });

  it('moves a group to the new leader of its offsets partition: the old coordinator answers NOT_COORDINATOR, the new one has the offsets', async () => {
    const group = 'moving-group';
    const partition = offsetsPartitionFor(group, PARTITIONS);
    const from = coordinatorOf(group);
    expect(await commit(member(from), group, 'moved', 42n)).to.equal(0);
    const to = [...cluster.members.keys()].find((id) => id !== from)!;
    const client = anyMember().cluster.client;
    const replicas = [to, ...[...cluster.members.keys()].filter((id) => id !== to)];
    await client.call('reassignPartition', { topic: CONSUMER_OFFSETS_TOPIC, partition, replicas }, 20000);
    await client.call('electLeaders', { partitions: [{ topic: CONSUMER_OFFSETS_TOPIC, partition }] }, 20000);
    await waitFor('every broker to see the new leader', () => [...cluster.members.values()].every((m) => cluster.leaderOf(CONSUMER_OFFSETS_TOPIC, partition, m) === to));
    const loaded = await waitFor('the new coordinator to load the group', async () => {
      const res = await fetchOffset(member(to), group, 'moved');
      return res.errorCode === 0 ? res : undefined;
    });
    expect(loaded.offset).to.equal(42n);
    expect(await commit(member(from), group, 'moved', 43n)).to.equal(errorCode('NOT_COORDINATOR'));
    expect((await fetchOffset(member(from), group, 'moved')).errorCode).to.equal(errorCode('NOT_COORDINATOR'));
    const hb = await member(from).broker.handle('Heartbeat', { groupId: group, generationId: 1, memberId: 'm', groupInstanceId: null }, ctx(4));
    expect(hb!.errorCode).to.equal(errorCode('NOT_COORDINATOR'));
    for (const m of cluster.members.values()) expect((await findCoordinator(m, group)).nodeId).to.equal(to);
  });

  it('keeps a Fjord consumer group\'s committed offsets when its coordinator stops: the group resumes where it committed', async () => {
    const fjord = await Fjord.connect({ bootstrap: cluster.bootstrap });
    const group = 'fjord-resume';
    try {
      await fjord.admin().createTopics([{ topic: 'resume', numPartitions: 1, replicationFactor: 3 }]);
      const producer = fjord.producer({ acks: 'all', enableIdempotence: false });
      for (let i = 0; i < 20; i++) await producer.send({ topic: 'resume', value: `r${i}` });
      await producer.close();
      const first = fjord.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
      first.subscribe(['resume']);
      const seen: string[] = [];
      await waitFor('the first 20 records', async () => {
        seen.push(...(await first.poll(300)).map((r) => r.value!.toString()));
        return seen.length >= 20;
      }, 30000);
      await first.commitSync([{ topic: 'resume', partition: 0, offset: 12n }]); // as if records 12.. were not processed
      await first.close();
      const old = coordinatorOf(group);
      await cluster.stopMember(old);
      await waitFor('a new coordinator', () => { const l = coordinatorOf(group); return l >= 0 && l !== old; });
      const viaSurvivor = await Fjord.connect({ bootstrap: anyMember().bootstrap });
      try {
        const second = viaSurvivor.consumer({ groupId: group, autoOffsetReset: 'earliest', enableAutoCommit: false });
        second.subscribe(['resume']);
        const resumed: string[] = [];
        await waitFor('the records after the committed offset', async () => {
          resumed.push(...(await second.poll(300)).map((r) => r.value!.toString()));
          return resumed.length >= 8;
        }, 45000);
        expect(resumed).to.deep.equal(Array.from({ length: 8 }, (_, i) => `r${12 + i}`));
        expect((await second.committed([{ topic: 'resume', partition: 0 }]))[0]!.offset).to.equal(12n);
        await second.close();
      } finally {
        await viaSurvivor.close();
      }
    } finally {
      await fjord.close();
    }
  });

  it('lets a running kafkajs consumer group carry on after its coordinator stops, from the offsets it committed', async () => {
    const { Kafka, logLevel } = kafkajs;
    const kafka = new Kafka({ clientId: 'offsets-failover', brokers: cluster.bootstrap.split(','), logLevel: process.env.FJORD_TP_DEBUG === '1' ? logLevel.DEBUG : logLevel.NOTHING, retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 } });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const group = 'kafkajs-failover';
    // Few retries: kafkajs keeps its coordinator's connection until its retries run out, then restarts the
    // consumer, which finds the new coordinator (as it does against Kafka).
    const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10000, heartbeatInterval: 500, maxWaitTimeInMs: 500, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 500 } });
    const got: string[] = [];
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'kjs-failover', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic: 'kjs-failover', acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `a${i}` })) });
      await consumer.connect();
      await consumer.subscribe({ topics: ['kjs-failover'], fromBeginning: true });
      await consumer.run({ autoCommitThreshold: 1, eachMessage: async ({ message }) => { got.push(message.value!.toString()); } });
      const committed = async () => (await admin.fetchOffsets({ groupId: group, topics: ['kjs-failover'] }))[0]!.partitions[0]!.offset;
      await waitFor('the first 10 records committed', async () => (await committed()) === '10', 30000);
      const old = coordinatorOf(group);
      await cluster.stopMember(old);
      await waitFor('a new coordinator', () => { const l = coordinatorOf(group); return l >= 0 && l !== old; });
      await producer.send({ topic: 'kjs-failover', acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `b${i}` })) });
      await waitFor('the next 10 records', () => new Set(got.filter((v) => v.startsWith('b'))).size >= 10, 45000);
      // Records before the committed offset are never delivered again, whatever rebalances happened
      // (those after it may be: at-least-once).
      expect(got.filter((v) => v.startsWith('a'))).to.deep.equal(Array.from({ length: 10 }, (_, i) => `a${i}`));
      expect([...new Set(got.filter((v) => v.startsWith('b')))].sort()).to.deep.equal(Array.from({ length: 10 }, (_, i) => `b${i}`));
      await waitFor('all 20 records committed', async () => (await committed()) === '20', 30000);
    } finally {
      await consumer.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  });
});
