/**
 * Between a Group and the records of `__consumer_offsets`: which records a state change writes,
 * and how replaying the topic at startup rebuilds the groups (as Kafka's GroupMetadataManager
 * loads a partition of the topic).
 */
import { FjordError } from '../errors.js';
import { Group } from './group.js';
import { Member } from './member.js';
import {
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  type GroupMetadataValue,
  type OffsetCommitValue,
  type OffsetsTopicRecord,
} from './offsets-topic-codec.js';

/** The record of a committed offset, or its tombstone (value null). */
export function offsetRecord(groupId: string, topic: string, partition: number, value: OffsetCommitValue | null): OffsetsTopicRecord {
  return {
    group: groupId,
    key: encodeOffsetCommitKey(groupId, topic, partition),
    value: value === null ? null : encodeOffsetCommitValue(value),
  };
}

/** The record of a group's generation, protocol and members (with their assignments). */
export function groupMetadataRecord(group: Group): OffsetsTopicRecord {
  group.persisted = true;
  const value: GroupMetadataValue = {
    protocolType: group.protocolType ?? '',
    generation: group.generationId,
    protocol: group.protocolName,
    leader: group.leaderId,
    currentStateTimestampMs: group.currentStateTimestampMs,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      subscription: m.metadata(group.protocolName),
      assignment: m.assignment,
    })),
  };
  return { group: group.groupId, key: encodeGroupMetadataKey(group.groupId), value: encodeGroupMetadataValue(value) };
}

/** The tombstone that removes a group's metadata. */
export function groupTombstone(groupId: string): OffsetsTopicRecord {
  return { group: groupId, key: encodeGroupMetadataKey(groupId), value: null };
}

/**
 * Applies one replayed record to `groups`. Later records win, as in the compacted topic.
 * Groups come back Stable with their members (sessions restart now) or Empty without.
 */
export function applyOffsetsTopicRecord(groups: Map<string, Group>, key: Buffer, value: Buffer | null, nowMs: number): void {
  const k = decodeOffsetsTopicKey(key);
  if (k.type === 'unknown') return; // records of group types Fjord does not run
  let group = groups.get(k.group);
  if (k.type === 'offset') {
    if (value === null) {
      group?.removeOffset(k.topic, k.partition);
      if (group !== undefined && !group.persisted && !group.hasOffsets()) groups.delete(k.group);
      return;
    }
    if (group === undefined) groups.set(k.group, (group = new Group(k.group, nowMs)));
    group.setOffset(k.topic, k.partition, decodeOffsetCommitValue(value));
    return;
  }
  // A group's metadata replaces what an earlier record said; offsets are kept either way.
  const fresh = new Group(k.group, nowMs);
  if (group !== undefined) for (const [topic, parts] of group.offsets) for (const [p, v] of parts) fresh.setOffset(topic, p, v);
  if (value === null) {
    if (fresh.hasOffsets()) groups.set(k.group, fresh);
    else groups.delete(k.group);
    return;
  }
  restoreGroup(fresh, decodeGroupMetadataValue(value), nowMs);
  groups.set(k.group, fresh);
}

function restoreGroup(group: Group, value: GroupMetadataValue, nowMs: number): void {
  if (value.members.length > 0 && value.protocol === null) {
    throw new FjordError('CORRUPT_MESSAGE', `group metadata of ${group.groupId}: members without a protocol`);
  }
  group.generationId = value.generation;
  group.protocolName = value.protocol;
  for (const m of value.members) {
    if (group.has(m.memberId)) throw new FjordError('CORRUPT_MESSAGE', `group metadata of ${group.groupId}: member ${m.memberId} twice`);
    const member = new Member({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      protocolType: value.protocolType,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      protocols: [{ name: value.protocol!, metadata: m.subscription }],
      // Sessions restart at load: members get a full session to find the restarted coordinator.
      heartbeatDeadlineMs: nowMs + m.sessionTimeoutMs,
    });
    member.assignment = m.assignment;
    group.add(member);
  }
  group.protocolType = value.protocolType === '' ? null : value.protocolType;
  if (value.leader !== null && group.has(value.leader)) group.leaderId = value.leader;
  group.state = group.size > 0 ? 'Stable' : 'Empty';
  group.currentStateTimestampMs = value.currentStateTimestampMs >= 0 ? value.currentStateTimestampMs : nowMs;
  group.subscribedTopics = group.computeSubscribedTopics();
  group.persisted = true;
}
