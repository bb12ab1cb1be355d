import { expect } from 'chai';
import { ControllerClient } from '../../core/cluster/node/controller-client.js';
import type { CreateTopicResult } from '../../core/cluster/node/controller-api.js';
import { ControllerNode } from '../../core/cluster/node/controller-node.js';
import type { QuorumVoter } from '../../core/cluster/raft/config.js';
import { FjordError } from '../../core/errors.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { loopbackVoters, waitFor } from './quorum-helpers.js';

describe('controller quorum over loopback TCP', function () {
  this.timeout(60000);
  let voters: QuorumVoter[];
  let dirs: string[];
  let nodes: Array<ControllerNode | null>;
  let client: ControllerClient;

  const start = async (i: number): Promise<ControllerNode> => {
    const node = await ControllerNode.start({ nodeId: voters[i]!.id, voters, dataDir: dirs[i]!, tickMs: 50, sessionTimeoutMs: 60000 });
    nodes[i] = node;
    return node;
  };
  const live = (): ControllerNode[] => nodes.filter((n): n is ControllerNode => n !== null);
  const activeController = (): ControllerNode | undefined => {
    const active = live().filter((n) => n.status().activeController);
    return active.length === 1 ? active[0] : undefined;
  };
  /** Registers a broker and heartbeats it once, which unfences it (placement uses unfenced brokers only). */
  const register = async (brokerId: number): Promise<{ brokerEpoch: number }> => {
    const reg = await client.call<{ brokerEpoch: number }>('registerBroker', { brokerId, incarnationId: `inc-${brokerId}`, rack: null, endPoints: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9000 + brokerId }] }, 20000);
    await client.call('brokerHeartbeat', { brokerId, brokerEpoch: reg.brokerEpoch, wantFence: false }, 20000);
    return reg;
  };
  const createTopic = async (name: string, partitions: number, replicationFactor: number): Promise<CreateTopicResult> => {
    const { results } = await client.call<{ results: CreateTopicResult[] }>('createTopics', { topics: [{ name, partitions, replicationFactor }] }, 30000);
    expect(results[0]!.error).to.equal(undefined);
    return results[0]!;
  };

  beforeEach(async () => {
    voters = await loopbackVoters(3);
    dirs = voters.map(() => tmpDir('fjord-quorum-'));
    nodes = [null, null, null];
    for (let i = 0; i < 3; i++) await start(i);
    client = new ControllerClient(voters);
  });

  afterEach(async () => {
    client.close();
    for (const n of live()) await n.stop();
  });

  it('elects exactly one active controller that every member follows', async () => {
    const leader = await waitFor('an active controller', activeController);
    await waitFor('every member to know the leader', () => live().every((n) => n.status().leaderId === leader.nodeId));
    expect(live().filter((n) => n.status().role === 'leader')).to.have.length(1);
  });

  it('commits broker registrations and a topic on every member', async () => {
    for (const id of [1, 2, 3]) await register(id);
    expect((await register(2)).brokerEpoch).to.equal(1); // same incarnation again: same epoch
    const created = await createTopic('orders', 3, 3);
    expect(created.assignments).to.have.length(3);
    await waitFor('every member to apply the topic', () => live().every((n) => n.image.topicIdsByName.has('orders')));
    for (const n of live()) {
      const topic = n.image.topicsById.get(n.image.topicIdsByName.get('orders')!)!;
      expect([...topic.partitions.values()].map((p) => [...p.replicas].sort())).to.deep.equal([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
      expect([...n.image.brokers.values()].every((b) => !b.fenced)).to.equal(true);
    }
  });

  it('fences a broker soon after its heartbeat connection closes, long before its session (60 s) ends', async () => {
    const leader = await waitFor('an active controller', activeController);
    await register(1);
    const broker2 = new ControllerClient(voters);
    const reg = await broker2.call<{ brokerEpoch: number }>('registerBroker', { brokerId: 2, incarnationId: 'inc-2', rack: null, endPoints: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 9002 }] }, 20000);
    await broker2.call('brokerHeartbeat', { brokerId: 2, brokerEpoch: reg.brokerEpoch, wantFence: false }, 20000);
    await waitFor('broker 2 unfenced', () => leader.image.brokers.get(2)?.fenced === false);
    broker2.close(); // as when its process dies: the controller sees the connection close
    await waitFor('broker 2 fenced', () => leader.image.brokers.get(2)?.fenced === true, 15000);
    expect(leader.image.brokers.get(1)?.fenced).to.equal(false, 'broker 1 keeps heartbeating on its open connection');
  });

  it('fences a broker whose connection to a standby closed as soon as that standby becomes the active controller', async () => {
    const leader = await waitFor('an active controller', activeController);
    await register(1);
    await register(2);
    // Broker 2 says hello to the standbys on connections of its own, which then close (the
    // broker died); the active controller sees nothing close.
    const hello = new ControllerClient(voters);
    const standbys = live().filter((n) => n !== leader);
    for (const n of standbys) await hello.callOne(n.nodeId, 'brokerHello', { brokerId: 2 }, 5000);
    hello.close();
    await new Promise((r) => setTimeout(r, 200)); // the standbys see the close
    nodes[nodes.indexOf(leader)] = null;
    await leader.stop();
    const next = await waitFor('a new active controller', activeController);
    await waitFor('broker 2 fenced by the new controller', () => next.image.brokers.get(2)?.fenced === true, 15000);
    expect(next.image.brokers.get(1)?.fenced).to.equal(false, 'broker 1 got a fresh session (60 s)');
  });

  it('answers a refused request with its Kafka error code', async () => {
    await register(1);
    await createTopic('t', 1, 1);
    const { results } = await client.call<{ results: CreateTopicResult[] }>('createTopics', { topics: [{ name: 't', partitions: 1, replicationFactor: 1 }, { name: 'u', partitions: 1, replicationFactor: 2 }] }, 20000);
    expect(results.map((r) => r.error?.code)).to.deep.equal(['TOPIC_ALREADY_EXISTS', 'INVALID_REPLICATION_FACTOR']);
    const err = await client.call('brokerHeartbeat', { brokerId: 7, brokerEpoch: 1 }, 20000).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(FjordError);
    expect((err as FjordError).code).to.equal('BROKER_ID_NOT_REGISTERED');
  });

  it('keeps committed metadata and accepts new requests after the leader is stopped', async () => {
    await register(1);
    await register(2);
    await createTopic('before', 2, 2);
    const old = await waitFor('an active controller', activeController);
    const i = nodes.indexOf(old);
    await old.stop();
    nodes[i] = null;
    const next = await waitFor('a new active controller', activeController, 30000);
    expect(next.nodeId).to.not.equal(old.nodeId);
    expect(next.image.topicIdsByName.has('before')).to.equal(true);
    await createTopic('after', 1, 1);
    await waitFor('both survivors to apply the new topic', () => live().every((n) => n.image.topicIdsByName.has('after')));
  });

  it('restarts a stopped member from its metadata log on disk and catches it up', async () => {
    await register(1);
    const leader = await waitFor('an active controller', activeController);
    const i = nodes.findIndex((n) => n !== leader);
    await nodes[i]!.stop();
    nodes[i] = null;
    await createTopic('while-down', 1, 1);
    const back = await start(i);
    expect(back.image.brokers.has(1)).to.equal(true); // replayed from its own disk at once
    await waitFor('the restarted member to catch up', () => back.image.topicIdsByName.has('while-down'));
  });

  it('stops and restarts every member and keeps the committed image', async () => {
    await register(1);
    await createTopic('durable', 4, 1);
    await waitFor('all to apply', () => live().every((n) => n.image.topicIdsByName.has('durable')));
    for (let i = 0; i < 3; i++) {
      await nodes[i]!.stop();
      nodes[i] = null;
    }
    for (let i = 0; i < 3; i++) await start(i);
    for (const n of live()) expect(n.image.topicIdsByName.has('durable')).to.equal(true);
    await waitFor('an active controller after the full restart', activeController, 30000);
    await createTopic('later', 1, 1);
  });
});
