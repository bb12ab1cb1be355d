/**
 * Kafka's RoundRobinAssignor: all partitions of all subscribed topics, sorted by topic then
 * partition, dealt to the members (in Kafka's member order) in turn; a member not subscribed to
 * a partition's topic is skipped for it.
 */
import { assert } from '../../errors.js';
import { addPartition, type Assignment, type AssignorMember, compareMembers, compareStrings, type PartitionAssignor, toAssignment } from './partition-assignor.js';

/** Deals partitions to members in turn. */
export const roundRobinAssignor: PartitionAssignor = {
  name: 'roundrobin',
  rebalanceProtocol: 'eager',
  assign(members: AssignorMember[], partitionsPerTopic: Map<string, number>): Assignment {
    const owned = new Map<string, Map<string, number[]>>();
    const sorted = [...members].sort(compareMembers);
    const topics = [...new Set(members.flatMap((m) => m.topics))].sort(compareStrings);
    let next = 0;
    for (const topic of topics) {
      const partitionCount = partitionsPerTopic.get(topic) ?? 0;
      for (let p = 0; p < partitionCount; p++) {
        // Some member subscribes to this topic, so at most one full turn finds it.
        let tries = 0;
        while (!sorted[next % sorted.length].topics.includes(topic)) {
          next++;
          assert(++tries <= sorted.length, `no member subscribes to ${topic}`);
        }
        addPartition(owned, sorted[next % sorted.length].memberId, topic, p);
        next++;
      }
    }
    return toAssignment(members, owned);
  },
};
