import { expect } from 'chai';
import type { FjordError } from '../../../../core/errors.js';
import type { ProduceRequest } from '../../../../core/protocol/generated/produce.js';
import type { FetchRequest } from '../../../../core/protocol/generated/fetch.js';
import { NO_REPLY, HOLD } from './fake-broker.js';
import { answeredBy, FakeCluster } from './fake-cluster.js';

function produce(topic: string, partitions: number[], acks = -1): ProduceRequest {
  return { transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: partitions.map((index) => ({ index, records: Buffer.from(`batch-${index}`) })) }] };
}

function fetch(topic: string, partitions: number[]): FetchRequest {
  return { replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, topics: [{ topic, partitions: partitions.map((partition) => ({ partition, fetchOffset: 0n, partitionMaxBytes: 1 << 16 })) }] };
}

const METADATA = (topics: string[]) => ({ topics: topics.map((name) => ({ name, topicId: Buffer.alloc(16) })), allowAutoTopicCreation: false });

async function failure(p: Promise<unknown>): Promise<FjordError> {
  try {
    await p;
  } catch (err) {
    return err as FjordError;
  }
  throw new Error('expected a failure');
}

describe('kafka transport: routing requests in a cluster', () => {
  let cluster: FakeCluster;

  beforeEach(() => {
    cluster = new FakeCluster([1, 2, 3]);
    cluster.leaders.set('orders', [1, 2, 3, 1]);
  });
  afterEach(() => cluster.close());

  it("sends each partition of one Produce to its leader and merges the leaders' answers", async () => {
    const t = cluster.transport();
    const res = await t.request('Produce', produce('orders', [0, 1, 2, 3]));
    const byPartition = res!.responses.flatMap((r) => r.partitionResponses).sort((a, b) => a.index - b.index);
    expect(byPartition.map((p) => [p.index, p.errorCode, answeredBy(p.baseOffset)])).to.deep.equal([[0, 0, 1], [1, 0, 2], [2, 0, 3], [3, 0, 1]]);
    const got = (id: number) => cluster.broker(id).received('Produce').flatMap((r) => r.body.topicData[0].partitionData.map((p: { index: number; records: Buffer }) => `${p.index}:${p.records.toString()}`));
    expect([got(1), got(2), got(3)]).to.deep.equal([['0:batch-0', '3:batch-3'], ['1:batch-1'], ['2:batch-2']]);
  });

  it('resolves an acks=0 Produce with null once every leader got its part', async () => {
    const t = cluster.transport();
    expect(await t.request('Produce', produce('orders', [0, 1], 0))).to.equal(null);
    expect(cluster.broker(2).received('Produce')).to.have.length(1);
  });

  it('answers partitions of a topic the cluster does not know with UNKNOWN_TOPIC_OR_PARTITION, sending nothing', async () => {
    const t = cluster.transport();
    const res = await t.request('Produce', produce('nope', [0]));
    expect(res!.responses[0].partitionResponses[0].errorCode).to.equal(3);
    expect(cluster.brokers.flatMap((b) => b.received('Produce'))).to.have.length(0);
  });

  it('refreshes metadata and fetches again from the new leader after NOT_LEADER_OR_FOLLOWER', async () => {
    const t = cluster.transport();
    await t.request('Fetch', fetch('orders', [0, 1]));
    cluster.leaders.set('orders', [3, 2, 3, 1]);
    const res = await t.request('Fetch', fetch('orders', [0, 1]));
    const parts = res!.responses.flatMap((r) => r.partitions).sort((a, b) => a.partitionIndex - b.partitionIndex);
    expect(parts.map((p) => [p.partitionIndex, p.errorCode, answeredBy(p.highWatermark)])).to.deep.equal([[0, 0, 3], [1, 0, 2]]);
  });

  it('answers a Fetch of a deleted topic with UNKNOWN_TOPIC_OR_PARTITION after one metadata check, without repeating it', async () => {
    const t = cluster.transport({ retryBackoffMs: 200 });
    await t.request('Fetch', fetch('orders', [0]));
    cluster.leaders.delete('orders');
    const started = Date.now();
    const res = await t.request('Fetch', fetch('orders', [0]));
    expect(res!.responses[0].partitions[0].errorCode).to.equal(3);
    expect(cluster.broker(1).received('Fetch')).to.have.length(2);
    expect(Date.now() - started).to.be.below(1000);
  });

  it('leaves a produce rejected by a moved leader to the producer, and routes its retry to the new leader', async () => {
    const t = cluster.transport();
    await t.request('Produce', produce('orders', [0]));
    cluster.leaders.set('orders', [2, 2, 3, 1]);
    const rejected = await t.request('Produce', produce('orders', [0]));
    expect(rejected!.responses[0].partitionResponses[0].errorCode).to.equal(6);
    const retried = await t.request('Produce', produce('orders', [0]));
    expect(answeredBy(retried!.responses[0].partitionResponses[0].baseOffset)).to.equal(2);
  });

  it('answers the partitions of an unreachable leader with NETWORK_EXCEPTION and the others normally', async () => {
    const t = cluster.transport({ reconnectBackoffMs: 1000 });
    await t.request('Metadata', METADATA(['orders']));
    cluster.broker(2).refuse = true;
    const res = await t.request('Produce', produce('orders', [0, 1]));
    const codes = res!.responses.flatMap((r) => r.partitionResponses).map((p) => [p.index, p.errorCode]).sort();
    expect(codes).to.deep.equal([[0, 0], [1, 13]]);
  });

  it('bootstraps from the next listed address when the first refuses', async () => {
    cluster.broker(1).refuse = true;
    const t = cluster.transport({}, [1, 2]);
    const res = await t.request('Metadata', METADATA(['orders']));
    expect(res!.controllerId).to.equal(1);
  });

  it('asks another broker when the connection of a read is lost before its answer', async () => {
    const t = cluster.transport({}, [1, 2]);
    await t.request('Metadata', METADATA([]));
    cluster.broker(1).handlers.Metadata = (req) => (req.stream.drop(), NO_REPLY);
    cluster.broker(2).handlers.Metadata = cluster.broker(3).handlers.Metadata = () => ({ brokers: [], controllerId: 7, topics: [] });
    // Whichever broker is picked first, the read ends on one that answers.
    for (let i = 0; i < 3; i++) expect((await t.request('Metadata', METADATA([])))!.controllerId).to.equal(7);
  });

  it('sends group requests to the coordinator FindCoordinator names, and looks again after NOT_COORDINATOR', async () => {
    cluster.coordinators.set('g', 2);
    const t = cluster.transport();
    expect((await t.request('Heartbeat', { groupId: 'g', generationId: 1, memberId: 'm' }))!.errorCode).to.equal(0);
    expect(cluster.broker(2).received('Heartbeat')).to.have.length(1);
    cluster.coordinators.set('g', 3);
    expect((await t.request('Heartbeat', { groupId: 'g', generationId: 1, memberId: 'm' }))!.errorCode).to.equal(0);
    expect(cluster.broker(2).received('Heartbeat')).to.have.length(2);
    expect(cluster.broker(3).received('Heartbeat')).to.have.length(1);
    expect(cluster.brokers.flatMap((b) => b.received('FindCoordinator'))).to.have.length(2);
  });

  it('returns a commit whose connection was lost to the caller instead of repeating it', async () => {
    const t = cluster.transport();
    cluster.broker(1).handlers.OffsetCommit = (req) => (req.stream.drop(), HOLD);
    const err = await failure(t.request('OffsetCommit', { groupId: 'g', generationIdOrMemberEpoch: -1, memberId: '', topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: null }] }] }));
    expect(err.code).to.equal('NETWORK_EXCEPTION');
    expect(cluster.broker(1).received('OffsetCommit')).to.have.length(1);
  });

  it('splits DescribeGroups by coordinator, looking all groups up in one batched FindCoordinator (v4+)', async () => {
    cluster.coordinators.set('a', 1).set('b', 2).set('c', 2);
    const t = cluster.transport();
    const res = await t.request('DescribeGroups', { groups: ['a', 'b', 'c'], includeAuthorizedOperations: false });
    expect(res!.groups.map((g) => [g.groupId, g.groupState]).sort()).to.deep.equal([['a', 'on 1'], ['b', 'on 2'], ['c', 'on 2']]);
    const finds = cluster.brokers.flatMap((b) => b.received('FindCoordinator'));
    expect(finds.map((f) => [f.apiVersion, f.body.coordinatorKeys])).to.deep.equal([[4, ['a', 'b', 'c']]]);
  });

  it('looks coordinators up one key per request from brokers that only speak FindCoordinator v0-3', async () => {
    for (const b of cluster.brokers) b.ranges.FindCoordinator = [0, 2];
    cluster.coordinators.set('a', 1).set('b', 3);
    const t = cluster.transport();
    const res = await t.request('DescribeGroups', { groups: ['a', 'b'], includeAuthorizedOperations: false });
    expect(res!.groups.map((g) => g.groupState).sort()).to.deep.equal(['on 1', 'on 3']);
    const finds = cluster.brokers.flatMap((b) => b.received('FindCoordinator'));
    expect(finds.map((f) => [f.apiVersion, f.body.key]).sort()).to.deep.equal([[2, 'a'], [2, 'b']]);
  });

  it('speaks OffsetFetch v7 to a broker without v8 and hands back the v8 shape', async () => {
    for (const b of cluster.brokers) b.ranges.OffsetFetch = [1, 7];
    const t = cluster.transport();
    const res = await t.request('OffsetFetch', { requireStable: false, groups: [{ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [2] }] }] });
    expect(res!.groups).to.deep.equal([{ groupId: 'g', errorCode: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, committedOffset: 20n, committedLeaderEpoch: -1, metadata: null, errorCode: 0 }] }] }]);
    expect(cluster.broker(1).received('OffsetFetch')[0]).to.deep.include({ apiVersion: 7 });
  });

  it('sends CreateTopics to the controller, and again to the new one after NOT_CONTROLLER', async () => {
    cluster.controllerId = 3;
    const t = cluster.transport();
    const create = (name: string) => t.request('CreateTopics', { topics: [{ name, numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 1000, validateOnly: false });
    expect((await create('one'))!.topics[0].errorCode).to.equal(0);
    expect(cluster.broker(3).received('CreateTopics')).to.have.length(1);
    cluster.controllerId = 2;
    expect((await create('two'))!.topics[0].errorCode).to.equal(0);
    expect(cluster.broker(3).received('CreateTopics')).to.have.length(2);
    expect(cluster.broker(2).received('CreateTopics')).to.have.length(1);
  });

  it('lists groups from every broker', async () => {
    cluster.coordinators.set('a', 1).set('b', 2).set('c', 3);
    const t = cluster.transport();
    const res = await t.request('ListGroups', { statesFilter: [] });
    expect(res!.groups.map((g) => g.groupId).sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('sends ListOffsets of partitions on several leaders to each and merges', async () => {
    const t = cluster.transport();
    const res = await t.request('ListOffsets', { replicaId: -1, topics: [{ name: 'orders', partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    expect(res!.topics.flatMap((x) => x.partitions).map((p) => [p.partitionIndex, answeredBy(p.offset)]).sort()).to.deep.equal([[0, 1], [1, 2], [2, 3]]);
  });
});
