/**
 * The interface every partition assignor implements, and helpers they share. An assignor runs
 * in the group leader (a consumer), not in the coordinator: it maps each member to the
 * partitions it consumes, from the members' subscriptions and the topics' partition counts.
 */
import type { TopicPartitions } from '../consumer-protocol.js';

export type { TopicPartitions } from '../consumer-protocol.js';

/** What an assignor knows of one member (decoded from its ConsumerProtocolSubscription). */
export interface AssignorMember {
  memberId: string;
  groupInstanceId?: string | null;
  topics: string[];
  /** Partitions the member owns now (subscription v1+); used by sticky assignors. */
  ownedPartitions: TopicPartitions[];
  /** Generation its owned partitions belong to (subscription v2+); -1 or absent = unknown. */
  generationId?: number;
}

/** Member id → the partitions assigned to it, topics sorted by name, partitions ascending. */
export type Assignment = Map<string, TopicPartitions[]>;

/** A named assignment strategy, as offered in JoinGroup's protocol list. */
export interface PartitionAssignor {
  /** The protocol name it is offered under (Kafka's names). */
  readonly name: 'range' | 'roundrobin' | 'cooperative-sticky';
  /** Eager assignors revoke everything at each rebalance; cooperative ones only what moves. */
  readonly rebalanceProtocol: 'eager' | 'cooperative';
  /** Assigns partitions; every member appears in the result, possibly with nothing. */
  assign(members: AssignorMember[], partitionsPerTopic: Map<string, number>): Assignment;
}

/**
 * Kafka's member order: static members first, by group instance id; then dynamic members by
 * member id. Strings compare by UTF-16 code units, like Java's String.compareTo.
 */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  const ai = a.groupInstanceId ?? null;
  const bi = b.groupInstanceId ?? null;
  if (ai !== null && bi !== null) return compareStrings(ai, bi);
  if (ai !== null) return -1;
  if (bi !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A topic-partition as one string key, for sets and maps. */
export function tpKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

/** Builds the result: member → topic → partitions, sorted, empty topics left out. */
export function toAssignment(members: readonly AssignorMember[], owned: Map<string, Map<string, number[]>>): Assignment {
  const result: Assignment = new Map();
  for (const m of members) {
    const byTopic = owned.get(m.memberId) ?? new Map<string, number[]>();
    const list = [...byTopic.entries()]
      .filter(([, ps]) => ps.length > 0)
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([topic, ps]) => ({ topic, partitions: [...ps].sort((x, y) => x - y) }));
    result.set(m.memberId, list);
  }
  return result;
}

/** Adds one partition to a member → topic → partitions map. */
export function addPartition(owned: Map<string, Map<string, number[]>>, memberId: string, topic: string, partition: number): void {
  let byTopic = owned.get(memberId);
  if (byTopic === undefined) owned.set(memberId, (byTopic = new Map()));
  let ps = byTopic.get(topic);
  if (ps === undefined) byTopic.set(topic, (ps = []));
  ps.push(partition);
}
