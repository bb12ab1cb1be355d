/**
 * Kafka's RangeAssignor: topic by topic, the members subscribed to it (in Kafka's member order)
 * get contiguous ranges of its partitions; the first `partitions % members` get one extra.
 */
import { addPartition, type Assignment, type AssignorMember, compareMembers, type PartitionAssignor, toAssignment } from './partition-assignor.js';

/** Assigns contiguous partition ranges per topic. */
export const rangeAssignor: PartitionAssignor = {
  name: 'range',
  rebalanceProtocol: 'eager',
  assign(members: AssignorMember[], partitionsPerTopic: Map<string, number>): Assignment {
    const owned = new Map<string, Map<string, number[]>>();
    const topics = new Set(members.flatMap((m) => m.topics));
    for (const topic of topics) {
      const partitionCount = partitionsPerTopic.get(topic);
      if (partitionCount === undefined) continue; // a topic that does not exist (yet)
      const consumers = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
      const perConsumer = Math.floor(partitionCount / consumers.length);
      const withExtra = partitionCount % consumers.length;
      consumers.forEach((m, i) => {
        const start = perConsumer * i + Math.min(i, withExtra);
        const length = perConsumer + (i < withExtra ? 1 : 0);
        for (let p = start; p < start + length; p++) addPartition(owned, m.memberId, topic, p);
      });
    }
    return toAssignment(members, owned);
  },
};
