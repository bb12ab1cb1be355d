import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { QuorumController } from '../../../../core/cluster/metadata/controller.js';
import { applyRecords } from '../../../../core/cluster/metadata/apply.js';
import { EMPTY_IMAGE, partitionOf, type ClusterImage } from '../../../../core/cluster/metadata/cluster-image.js';
import type { MetadataRecord } from '../../../../core/cluster/metadata/records.js';
import { SimRandom } from '../../../../core/sim/random.js';

/** A controller whose proposals "commit" into `committed` at once, as a one-node quorum would. */
function setup(options: { unclean?: boolean; accept?: () => boolean } = {}) {
  const batches: MetadataRecord[][] = [];
  const state = { committed: EMPTY_IMAGE as ClusterImage };
  const random = new SimRandom(3);
  const controller = new QuorumController({
    random: () => random.next(),
    sessionTimeoutMs: 1000,
    uncleanLeaderElection: options.unclean ?? false,
    propose: (records) => {
      if (options.accept !== undefined && !options.accept()) return false;
      batches.push(records);
      state.committed = applyRecords(state.committed, records);
      return true;
    },
  });
  controller.activate(EMPTY_IMAGE, 0);
  const epochs = new Map<number, number>();
  for (const id of [1, 2, 3]) {
    const { brokerEpoch } = controller.registerBroker({ brokerId: id, incarnationId: `inc-${id}`, rack: null, endPoints: [] }, 0);
    epochs.set(id, brokerEpoch);
    controller.brokerHeartbeat(id, brokerEpoch, false, 0);
  }
  return { controller, batches, state, epochs };
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FjordError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('QuorumController', () => {
  it('refuses requests while not the active controller', () => {
    const c = new QuorumController({ random: () => 0, sessionTimeoutMs: 1000, propose: () => true });
    expect(code(() => c.createTopic({ name: 't', partitions: 1, replicationFactor: 1 }))).to.equal(
      'NOT_CONTROLLER: controller image: this node is not the active controller',
    );
  });

  it('registers brokers fenced and unfences them on their first heartbeat', () => {
    const { state, batches } = setup();
    expect(batches[0]![0]).to.deep.include({ type: 'RegisterBrokerRecord', brokerId: 1, brokerEpoch: 1, fenced: true });
    expect(batches[1]![0]).to.deep.equal({ type: 'UnfenceBrokerRecord', id: 1, epoch: 1 });
    expect([...state.committed.brokers.values()].map((b) => b.fenced)).to.deep.equal([false, false, false]);
  });

  it('creates a topic: a TopicRecord, one PartitionRecord per partition (ISR = replicas, first replica leads), and configs', () => {
    const { controller, state } = setup();
    const { topicId, assignments } = controller.createTopic({ name: 'orders', partitions: 3, replicationFactor: 2, configs: { 'cleanup.policy': 'compact' } });
    expect(topicId).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(state.committed.topicIdsByName.get('orders')).to.equal(topicId);
    assignments.forEach((replicas, p) => {
      expect(partitionOf(state.committed, topicId, p)).to.deep.equal({ replicas, isr: replicas, leader: replicas[0], leaderEpoch: 0, partitionEpoch: 0 });
    });
    expect(new Set(assignments.map((r) => r[0])).size).to.equal(3);
    expect(state.committed.configs.get('topic:orders')?.get('cleanup.policy')).to.equal('compact');
  });

  it('rejects bad topic requests with Kafka error codes naming the topic', () => {
    const { controller } = setup();
    controller.createTopic({ name: 'orders', partitions: 1, replicationFactor: 1 });
    expect(code(() => controller.createTopic({ name: 'orders', partitions: 1, replicationFactor: 1 }))).to.equal(
      'TOPIC_ALREADY_EXISTS: CreateTopics "orders": topic already exists',
    );
    expect(code(() => controller.createTopic({ name: 'bad name!', partitions: 1, replicationFactor: 1 }))).to.match(/^INVALID_TOPIC_EXCEPTION: CreateTopics "bad name!": /);
    expect(code(() => controller.createTopic({ name: 'big', partitions: 1, replicationFactor: 4 }))).to.equal(
      'INVALID_REPLICATION_FACTOR: CreateTopics "big": placement: replication factor 4 is larger than the 3 available broker(s)',
    );
    expect(code(() => controller.createTopic({ name: 'none', partitions: 0, replicationFactor: 1 }))).to.match(/^INVALID_PARTITIONS: /);
  });

  it('cuts the session of a broker whose connection closed to the grace, unless it heartbeats again', () => {
    const { controller, state } = setup(); // session 1000 ms, so the grace is min(1000, 1000)
    controller.connectionLost(9, 0); // an unknown broker: nothing to cut
    controller.brokerHeartbeat(1, 1, false, 800);
    controller.brokerHeartbeat(2, 1, false, 800);
    controller.brokerHeartbeat(3, 1, false, 800);
    controller.connectionLost(1, 900);
    controller.connectionLost(2, 900);
    controller.brokerHeartbeat(2, 1, false, 1200); // reconnected: a full session again
    controller.brokerHeartbeat(3, 1, false, 1200);
    expect(controller.tick(1800)).to.deep.equal([]);
    expect(controller.tick(1901)).to.deep.equal([1]);
    expect(state.committed.brokers.get(1)?.fenced).to.equal(true);
    expect(state.committed.brokers.get(2)?.fenced).to.equal(false);
  });

  it('fences a broker whose connection closed after the grace, not after its whole session', () => {
    const batches: MetadataRecord[][] = [];
    const c = new QuorumController({ random: () => 0, sessionTimeoutMs: 3000, connectionLossGraceMs: 500, propose: (r) => batches.push(r) > 0 });
    c.activate(EMPTY_IMAGE, 0);
    c.registerBroker({ brokerId: 1, incarnationId: 'a', rack: null, endPoints: [] }, 0);
    c.brokerHeartbeat(1, 1, false, 0);
    c.connectionLost(1, 100);
    expect(c.tick(599)).to.deep.equal([]);
    expect(c.tick(601)).to.deep.equal([1]);
  });

  it('fences a broker whose session expired: it leaves every ISR and its partitions get new leaders from the ISR', () => {
    const { controller, state } = setup();
    const { topicId, assignments } = controller.createTopic({ name: 't', partitions: 3, replicationFactor: 3 });
    const ledBy1 = assignments.findIndex((r) => r[0] === 1);
    controller.brokerHeartbeat(2, 1, false, 900);
    controller.brokerHeartbeat(3, 1, false, 900);
    expect(controller.tick(1500)).to.deep.equal([1]);
    expect(state.committed.brokers.get(1)?.fenced).to.equal(true);
    for (let p = 0; p < 3; p++) {
      const s = partitionOf(state.committed, topicId, p)!;
      expect(s.isr).to.not.include(1);
      expect(s.leader).to.not.equal(1);
      expect(s.isr).to.include(s.leader);
    }
    expect(partitionOf(state.committed, topicId, ledBy1)!.leaderEpoch).to.equal(1);
  });

  it('with unclean election off, a partition whose last ISR member is fenced goes leaderless, keeps that member, and recovers when it returns', () => {
    const { controller, state, epochs } = setup();
    const { topicId } = controller.createTopic({ name: 't', partitions: 1, replicationFactor: 2 });
    const [a, b] = partitionOf(state.committed, topicId, 0)!.replicas;
    controller.alterPartition({ brokerId: a!, brokerEpoch: epochs.get(a!)!, topicId, partitionId: 0, leaderEpoch: 0, partitionEpoch: 0, newIsr: [a!] });
    controller.brokerHeartbeat(a!, epochs.get(a!)!, true, 10); // a asks to be fenced
    expect(partitionOf(state.committed, topicId, 0)).to.deep.include({ leader: -1, isr: [a] });
    controller.brokerHeartbeat(a!, epochs.get(a!)!, false, 20);
    expect(partitionOf(state.committed, topicId, 0)).to.deep.include({ leader: a, isr: [a] });
    expect(b).to.not.equal(a);
  });

  it('with unclean election on, an out-of-sync replica takes over as the only ISR member', () => {
    const { controller, state, epochs } = setup({ unclean: true });
    const { topicId } = controller.createTopic({ name: 't', partitions: 1, replicationFactor: 2 });
    const [a, b] = partitionOf(state.committed, topicId, 0)!.replicas;
    controller.alterPartition({ brokerId: a!, brokerEpoch: epochs.get(a!)!, topicId, partitionId: 0, leaderEpoch: 0, partitionEpoch: 0, newIsr: [a!] });
    controller.brokerHeartbeat(a!, epochs.get(a!)!, true, 10);
    expect(partitionOf(state.committed, topicId, 0)).to.deep.include({ leader: b, isr: [b] });
  });

  it('AlterPartition shrinks and expands the ISR and checks every epoch', () => {
    const { controller, state, epochs } = setup();
    const { topicId } = controller.createTopic({ name: 't', partitions: 1, replicationFactor: 3 });
    const p = partitionOf(state.committed, topicId, 0)!;
    const [leader, f1, f2] = p.replicas as [number, number, number];
    const req = { brokerId: leader, brokerEpoch: epochs.get(leader)!, topicId, partitionId: 0, leaderEpoch: 0, partitionEpoch: 0 };
    expect(controller.alterPartition({ ...req, newIsr: [leader, f1] })).to.deep.include({ isr: [leader, f1], partitionEpoch: 1 });
    expect(code(() => controller.alterPartition({ ...req, newIsr: [leader] }))).to.match(/^INVALID_UPDATE_VERSION: .*partition epoch 0 is not the current 1/);
    expect(code(() => controller.alterPartition({ ...req, leaderEpoch: 5, partitionEpoch: 1, newIsr: [leader] }))).to.match(/^FENCED_LEADER_EPOCH: /);
    expect(code(() => controller.alterPartition({ ...req, brokerId: f1, brokerEpoch: epochs.get(f1)!, partitionEpoch: 1, newIsr: [f1] }))).to.match(
      /^INVALID_REQUEST: .*broker \d+ is not the leader/,
    );
    expect(code(() => controller.alterPartition({ ...req, partitionEpoch: 1, newIsr: [f1] }))).to.match(/^INVALID_REQUEST: .*leaves out the leader/);
    expect(code(() => controller.alterPartition({ ...req, partitionEpoch: 1, newIsr: [leader, 99] }))).to.match(/^INVALID_REQUEST: .*99 in the new ISR is not a replica/);
    expect(code(() => controller.alterPartition({ ...req, brokerEpoch: 42, partitionEpoch: 1, newIsr: [leader] }))).to.match(/^STALE_BROKER_EPOCH: /);
    controller.brokerHeartbeat(f2, epochs.get(f2)!, true, 10); // f2 fenced: may not rejoin the ISR
    expect(code(() => controller.alterPartition({ ...req, partitionEpoch: 1, newIsr: [leader, f1, f2] }))).to.match(/^INELIGIBLE_REPLICA: /);
  });

  it('decides each request on the pending image, so back-to-back fences never elect the same broker twice', () => {
    // Nothing commits here: both fences are decided before either batch is applied anywhere.
    const proposed: MetadataRecord[][] = [];
    const { state, epochs } = setup();
    const c = new QuorumController({ random: () => 0.5, sessionTimeoutMs: 1000, propose: (r) => proposed.push(r) > 0 });
    c.activate(state.committed, 0);
    const { topicId } = c.createTopic({ name: 't', partitions: 1, replicationFactor: 3 });
    const [a, b, third] = c.image().topicsById.get(topicId)!.partitions.get(0)!.replicas as [number, number, number];
    c.brokerHeartbeat(a, epochs.get(a)!, true, 10);
    c.brokerHeartbeat(b, epochs.get(b)!, true, 10);
    const changes = proposed.flat().filter((r) => r.type === 'PartitionChangeRecord');
    expect(changes.map((r) => r.leader)).to.deep.equal([b, third]);
    expect(c.image().topicsById.get(topicId)!.partitions.get(0)).to.deep.include({ leader: third, isr: [third], leaderEpoch: 2 });
  });

  it('steps down when Raft no longer takes its proposals', () => {
    let accept = true;
    const { controller } = setup({ accept: () => accept });
    accept = false;
    expect(code(() => controller.createTopic({ name: 't', partitions: 1, replicationFactor: 1 }))).to.match(/^NOT_CONTROLLER: /);
    expect(controller.isActive()).to.equal(false);
  });
});
