/**
 * GroupPartitions on one real broker (a data dir, real logs) with the cluster around it faked:
 * the image is built by hand and the replication hooks answer as the test says. Covers what a
 * three-broker cluster cannot show deterministically: COORDINATOR_LOAD_IN_PROGRESS while a
 * partition loads, parked joins answered NOT_COORDINATOR when leadership moves, failed writes
 * mapped to coordinator errors and rolled back, and the creation request for the topic.
 */
import { expect } from 'chai';
import { Broker } from '../../core/broker/broker.js';
import type { ClusterHooks, ClusterRefusal } from '../../core/broker/cluster-hooks.js';
import { coordinatorErrorOf } from '../../core/broker/offsets-topic.js';
import { CONSUMER_OFFSETS_TOPIC } from '../../core/broker/topic-names.js';
import { applyRecords } from '../../core/cluster/metadata/apply.js';
import { EMPTY_IMAGE, type ClusterImage } from '../../core/cluster/metadata/cluster-image.js';
import type { MetadataRecord } from '../../core/cluster/metadata/records.js';
import { offsetsPartitionFor } from '../../core/group/group-coordinator.js';
import { silentLogger } from '../../core/io/logger.js';
import { errorCode } from '../../core/protocol/error-codes.js';
import { encodeRecordBatch } from '../../core/protocol/record-batch.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../core/protocol/generated/create-topics.js';
import type { JoinGroupResponse } from '../../core/protocol/generated/join-group.js';
import { GroupPartitions } from '../../core/replication/group-partitions.js';
import { tmpDir } from '../helpers/tmp-dir.js';

const ctx = (apiVersion: number) => ({ apiVersion, clientId: 'test', clientHost: '127.0.0.1' });
const PARTITIONS = 2;
const GROUP = 'g';
const P = offsetsPartitionFor(GROUP, PARTITIONS);

function broker(id: number, fenced = false): MetadataRecord {
  return { type: 'RegisterBrokerRecord', brokerId: id, brokerEpoch: 1, incarnationId: `i${id}`, endPoints: [{ name: 'PLAINTEXT', host: `host${id}`, port: 9090 + id }], rack: null, fenced };
}

/** Brokers 1 and 2; with `leaders`, the offsets topic with those leaders (and epochs) per partition. */
function image(leaders?: { leader: number; epoch: number }[]): ClusterImage {
  const records: MetadataRecord[] = [broker(1), broker(2)];
  if (leaders !== undefined) {
    records.push({ type: 'TopicRecord', name: CONSUMER_OFFSETS_TOPIC, topicId: 'offsets-topic-id' });
    leaders.forEach(({ leader, epoch }, partitionId) => records.push({
      type: 'PartitionRecord', topicId: 'offsets-topic-id', partitionId, replicas: [1, 2], isr: [1, 2], leader, leaderEpoch: epoch, partitionEpoch: 0,
    }));
  }
  return applyRecords(EMPTY_IMAGE, records);
}

/** Replication hooks whose answers the test sets. */
class FakeHooks {
  produceRefusal: ClusterRefusal | null = null;
  ackRefusal: ClusterRefusal | null = null;
  epoch = 0;
  /** While set, acks=all waits are held until `release()`: the in-sync replicas have not fetched yet. */
  private held: (() => void)[] | null = null;
  readonly hooks = {
    checkProduce: () => this.produceRefusal,
    leaderEpochOf: () => this.epoch,
    awaitAcks: async () => {
      if (this.held !== null) await new Promise<void>((resolve) => this.held!.push(resolve));
      return this.ackRefusal;
    },
    onAppend: () => undefined,
  } as unknown as ClusterHooks;

  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = null;
    for (const resolve of waiting) resolve();
  }
}

describe('GroupPartitions: group coordination per __consumer_offsets partition (one broker, faked cluster)', () => {
  let b: Broker;
  let fake: FakeHooks;
  let current: ClusterImage;
  let created: CreateTopicsRequest[];
  let gp: GroupPartitions;
  let warnings: string[];

  beforeEach(async () => {
    b = await Broker.open({ dataDir: tmpDir('fjord-gp-'), keepRestoredGroupMembers: true, config: { nodeId: 1, offsetsTopicNumPartitions: PARTITIONS, groupInitialRebalanceDelayMs: 0 } });
    fake = new FakeHooks();
    current = image();
    created = [];
    warnings = [];
    gp = GroupPartitions.attach({
      brokerId: 1, broker: b, hooks: fake.hooks, image: () => current, logger: { ...silentLogger, warn: (m) => warnings.push(m) },
      createTopics: async (req) => {
        created.push(req);
        return { throttleTimeMs: 0, topics: [] } as unknown as CreateTopicsResponse;
      },
    });
  });

  afterEach(async () => {
    gp.stop();
    await b.close();
  });

  const lead = (epoch: number) => {
    fake.epoch = epoch;
    current = image(Array.from({ length: PARTITIONS }, () => ({ leader: 1, epoch })));
    gp.follow(current);
  };
  const follow = (leader: number, epoch: number) => {
    current = image(Array.from({ length: PARTITIONS }, () => ({ leader, epoch })));
    gp.follow(current);
  };
  const loaded = () => new Promise<void>((resolve) => setImmediate(resolve));
  const commit = async (offset: bigint, groupId = GROUP) => (await b.handle('OffsetCommit', {
    groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n,
    topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
  }, ctx(8)))!.topics[0]!.partitions[0]!.errorCode;
  const fetched = async () => {
    const res = (await b.handle('OffsetFetch', { groupId: GROUP, topics: [{ name: 't', partitionIndexes: [0] }], requireStable: false }, ctx(7)))!;
    return { errorCode: res.errorCode, offset: res.topics?.[0]?.partitions[0]?.committedOffset };
  };

  it('answers COORDINATOR_NOT_AVAILABLE until the topic exists, asking the controller once for it (replication factor capped at the live brokers)', async () => {
    expect(gp.check(GROUP)).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
    const found = gp.find(GROUP);
    expect(found).to.deep.include({ errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), nodeId: -1 });
    await loaded();
    expect(created).to.have.length(1);
    const t = created[0]!.topics[0]!;
    expect(t).to.deep.include({ name: CONSUMER_OFFSETS_TOPIC, numPartitions: PARTITIONS, replicationFactor: 2 });
    expect(t.configs).to.deep.include({ name: 'cleanup.policy', value: 'compact' });
    expect(await commit(1n)).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
  });

  it('loads a partition when it becomes the leader (COORDINATOR_LOAD_IN_PROGRESS meanwhile) and names the leader in FindCoordinator', async () => {
    follow(2, 0);
    expect(gp.check(GROUP)).to.equal(errorCode('NOT_COORDINATOR'));
    expect(gp.find(GROUP)).to.deep.equal({ errorCode: 0, errorMessage: null, nodeId: 2, host: 'host2', port: 9092 });
    lead(1);
    expect(gp.check(GROUP)).to.equal(errorCode('COORDINATOR_LOAD_IN_PROGRESS'));
    expect(await commit(5n)).to.equal(errorCode('COORDINATOR_LOAD_IN_PROGRESS'));
    await loaded();
    expect(gp.check(GROUP)).to.equal(0);
    expect(gp.find(GROUP)).to.deep.include({ errorCode: 0, nodeId: 1, host: 'host1' });
  });

  it('writes commits with the leader epoch, and reloads them when it leads the partition again', async () => {
    lead(3);
    await loaded();
    expect(await commit(7n)).to.equal(0);
    const log = b.partitionLog(CONSUMER_OFFSETS_TOPIC, P)!;
    expect(log.leaderEpochs().map((e) => e.epoch)).to.include(3);
    follow(2, 4);
    expect((await fetched()).errorCode).to.equal(errorCode('NOT_COORDINATOR'));
    expect(b.groups.groupState(GROUP)).to.equal(undefined); // unloaded
    lead(5);
    await loaded();
    expect(await fetched()).to.deep.equal({ errorCode: 0, offset: 7n });
  });

  it('answers a failed write with the coordinator error Kafka maps it to, and forgets the commit', async () => {
    lead(1);
    await loaded();
    expect(await commit(10n)).to.equal(0);
    fake.ackRefusal = { errorCode: errorCode('NOT_ENOUGH_REPLICAS'), message: 'ISR too small' };
    expect(await commit(11n)).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
    expect(await fetched()).to.deep.equal({ errorCode: 0, offset: 10n });
    fake.ackRefusal = { errorCode: errorCode('REQUEST_TIMED_OUT'), message: 'slow' };
    expect(await commit(12n)).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
    fake.ackRefusal = null;
    fake.produceRefusal = { errorCode: errorCode('NOT_LEADER_OR_FOLLOWER'), message: 'moved' };
    expect(await commit(13n)).to.equal(errorCode('NOT_COORDINATOR'));
    expect(await fetched()).to.deep.equal({ errorCode: 0, offset: 10n });
  });

  const join = (memberId = '') => b.handle('JoinGroup', {
    groupId: GROUP, sessionTimeoutMs: 10000, rebalanceTimeoutMs: 60000, memberId, groupInstanceId: null,
    protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
  }, ctx(3)) as Promise<JoinGroupResponse>;
  const sync = (memberId: string, generationId: number) => b.handle('SyncGroup', {
    groupId: GROUP, generationId, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range',
    assignments: [{ memberId, assignment: Buffer.from('mine') }],
  }, ctx(3))!;

  it('answers a JoinGroup parked in the rebalance NOT_COORDINATOR when leadership moves', async () => {
    lead(1);
    await loaded();
    const first = await join();
    expect(first.errorCode).to.equal(0);
    const second = join(); // parked until the first member rejoins or the rebalance times out
    let answered = false;
    void second.then(() => (answered = true));
    await loaded();
    expect(answered).to.equal(false);
    follow(2, 2);
    expect((await second).errorCode).to.equal(errorCode('NOT_COORDINATOR'));
    expect(b.groups.groupState(GROUP)).to.equal(undefined);
  });

  it('answers SyncGroup and OffsetCommit only once the in-sync replicas have their records', async () => {
    lead(1);
    await loaded();
    const joined = await join();
    fake.hold();
    let synced = false;
    const syncing = sync(joined.memberId, joined.generationId).then((r) => ((synced = true), r));
    let committed = false;
    const committing = commit(3n, 'standalone').then((code) => ((committed = true), code));
    await loaded();
    await loaded();
    expect([synced, committed]).to.deep.equal([false, false]);
    fake.release();
    expect((await syncing)!.errorCode).to.equal(0);
    expect((await syncing)!.assignment.toString()).to.equal('mine');
    expect(await committing).to.equal(0);
  });

  it('answers SyncGroup with the coordinator error when the group metadata cannot be replicated', async () => {
    lead(1);
    await loaded();
    const joined = await join();
    fake.ackRefusal = { errorCode: errorCode('NOT_ENOUGH_REPLICAS'), message: 'ISR too small' };
    expect((await sync(joined.memberId, joined.generationId))!.errorCode).to.equal(errorCode('COORDINATOR_NOT_AVAILABLE'));
  });

  it('skips a record it cannot read when loading a partition, naming the partition, and loads the rest', async () => {
    lead(1);
    await loaded();
    expect(await commit(21n)).to.equal(0);
    follow(2, 2);
    // A record as a (buggy) leader might have replicated it: an offset-commit key cut short.
    const bad = await encodeRecordBatch([{ key: Buffer.from([0, 1, 0, 5, 0x67]), value: Buffer.from([0, 3]), timestamp: 0 }], { compression: 'none', nowMs: 0 });
    b.partitionLog(CONSUMER_OFFSETS_TOPIC, P)!.append(bad, { leaderEpoch: 2 });
    lead(3);
    await loaded();
    expect(gp.ownedPartitions().get(P)).to.equal('loaded');
    expect(await fetched()).to.deep.equal({ errorCode: 0, offset: 21n });
    expect(warnings.some((w) => w.includes(`${CONSUMER_OFFSETS_TOPIC}-${P}`) && w.includes('skipping a record'))).to.equal(true);
  });

  it('never writes group records locally to a replicated partition before the broker has joined its cluster', async () => {
    const single = await Broker.open({ dataDir: tmpDir('fjord-gp-single-'), config: { nodeId: 1, offsetsTopicNumPartitions: PARTITIONS } });
    try {
      const log = single.partitionLog(CONSUMER_OFFSETS_TOPIC, P)!;
      const replicated = await encodeRecordBatch([{ key: Buffer.from('k'), value: null, timestamp: 0 }], { compression: 'none', nowMs: 0 });
      log.append(replicated, { leaderEpoch: 4 }); // as a follower fetched it
      const end = log.logEndOffset;
      const { records } = single.groups.commitOffsets({
        groupId: GROUP, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n,
        topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null }] }],
      }, ctx(8));
      const refused = await single.offsetsTopic.append(GROUP, records, 0).then(() => null, (err: Error) => err);
      expect(refused?.message).to.match(new RegExp(`not writing to ${CONSUMER_OFFSETS_TOPIC}-${P} locally`));
      expect(log.logEndOffset).to.equal(end);
    } finally {
      await single.close();
    }
  });

  it('maps write errors as Kafka\'s GroupMetadataManager does', () => {
    expect(coordinatorErrorOf(errorCode('NOT_ENOUGH_REPLICAS'))).to.equal('COORDINATOR_NOT_AVAILABLE');
    expect(coordinatorErrorOf(errorCode('NOT_ENOUGH_REPLICAS_AFTER_APPEND'))).to.equal('COORDINATOR_NOT_AVAILABLE');
    expect(coordinatorErrorOf(errorCode('UNKNOWN_TOPIC_OR_PARTITION'))).to.equal('COORDINATOR_NOT_AVAILABLE');
    expect(coordinatorErrorOf(errorCode('REQUEST_TIMED_OUT'))).to.equal('COORDINATOR_NOT_AVAILABLE');
    expect(coordinatorErrorOf(errorCode('NOT_LEADER_OR_FOLLOWER'))).to.equal('NOT_COORDINATOR');
    expect(coordinatorErrorOf(errorCode('KAFKA_STORAGE_ERROR'))).to.equal('NOT_COORDINATOR');
    expect(coordinatorErrorOf(errorCode('MESSAGE_TOO_LARGE'))).to.equal('INVALID_COMMIT_OFFSET_SIZE');
    expect(coordinatorErrorOf(errorCode('RECORD_LIST_TOO_LARGE'))).to.equal('INVALID_COMMIT_OFFSET_SIZE');
    expect(coordinatorErrorOf(errorCode('CORRUPT_MESSAGE'))).to.equal('CORRUPT_MESSAGE');
  });
});
