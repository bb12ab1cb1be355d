import { expect } from 'chai';
import { applyRecords } from '../../core/cluster/metadata/apply.js';
import { EMPTY_IMAGE, partitionOf, type ClusterImage } from '../../core/cluster/metadata/cluster-image.js';
import { QuorumController } from '../../core/cluster/metadata/controller.js';
import { FjordError } from '../../core/errors.js';
import { SimRandom } from '../../core/sim/random.js';

/** An active controller over three unfenced brokers whose proposals commit at once. */
function setup() {
  const state = { committed: EMPTY_IMAGE as ClusterImage };
  const random = new SimRandom(11);
  const controller = new QuorumController({
    random: () => random.next(),
    sessionTimeoutMs: 1000,
    propose: (records) => {
      state.committed = applyRecords(state.committed, records);
      return true;
    },
  });
  controller.activate(EMPTY_IMAGE, 0);
  const epochs = new Map<number, number>();
  for (const id of [1, 2, 3, 4]) {
    const { brokerEpoch } = controller.registerBroker({ brokerId: id, incarnationId: `inc-${id}`, rack: null, endPoints: [] }, 0);
    epochs.set(id, brokerEpoch);
    controller.brokerHeartbeat(id, brokerEpoch, false, 0);
  }
  const { topicId, assignments } = controller.createTopic({ name: 't', partitions: 1, replicationFactor: 3 });
  const partition = () => partitionOf(state.committed, topicId, 0)!;
  return { controller, epochs, partition, replicas: assignments[0]! };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FjordError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('QuorumController: preferred leaders and reassignment', () => {
  it('moves leadership back to the preferred replica once it is in the ISR again', () => {
    const { controller, epochs, partition, replicas } = setup();
    const preferred = replicas[0]!;
    controller.brokerHeartbeat(preferred, epochs.get(preferred)!, true, 1); // fenced: leadership moves
    expect(partition().leader).to.not.equal(preferred);
    expect(controller.electPreferredLeaders()).to.deep.equal([{ topic: 't', partition: 0, outcome: 'PREFERRED_LEADER_NOT_AVAILABLE' }]);
    controller.brokerHeartbeat(preferred, epochs.get(preferred)!, false, 2); // unfenced, but not in the ISR yet
    const p = partition();
    controller.alterPartition({ brokerId: p.leader, brokerEpoch: epochs.get(p.leader)!, topicId: controller.image().topicIdsByName.get('t')!, partitionId: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr: [...p.isr, preferred] });
    expect(controller.electPreferredLeaders()).to.deep.equal([{ topic: 't', partition: 0, outcome: 'elected' }]);
    expect(partition().leader).to.equal(preferred);
    expect(controller.electPreferredLeaders([{ topic: 't', partition: 0 }])[0]!.outcome).to.equal('ELECTION_NOT_NEEDED');
  });

  it('reassigns in two steps: first adding replicas, then dropping the old ones once in sync', () => {
    const { controller, epochs, partition, replicas } = setup();
    const outsider = [1, 2, 3, 4].find((id) => !replicas.includes(id))!;
    const target = [outsider, replicas[1]!, replicas[2]!];
    expect(codeOf(() => controller.reassignPartition('t', 0, [outsider]))).to.equal('INVALID_REPLICA_ASSIGNMENT'); // not in sync
    controller.reassignPartition('t', 0, [...replicas, outsider]);
    expect(partition().replicas).to.deep.equal([...replicas, outsider]);
    expect(partition().isr).to.not.include(outsider);
    const p = partition();
    controller.alterPartition({ brokerId: p.leader, brokerEpoch: epochs.get(p.leader)!, topicId: controller.image().topicIdsByName.get('t')!, partitionId: 0, leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch, newIsr: [...p.isr, outsider] });
    const done = controller.reassignPartition('t', 0, target);
    expect(done.replicas).to.deep.equal(target);
    expect([...done.isr].sort()).to.deep.equal([...target].sort());
    expect(target).to.include(done.leader); // the old leader (replicas[0]) was dropped: one of the ISR leads
    expect(done.leader).to.not.equal(replicas[0]);
  });

  it('refuses reassignments naming unknown brokers or repeating one', () => {
    const { controller } = setup();
    expect(codeOf(() => controller.reassignPartition('t', 0, [1, 9]))).to.equal('INVALID_REPLICA_ASSIGNMENT');
    expect(codeOf(() => controller.reassignPartition('t', 0, [1, 1]))).to.equal('INVALID_REPLICA_ASSIGNMENT');
    expect(codeOf(() => controller.reassignPartition('nope', 0, [1]))).to.equal('UNKNOWN_TOPIC_OR_PARTITION');
  });
});
