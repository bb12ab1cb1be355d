/**
 * Keys and values of `__consumer_offsets`, in Kafka's own layout so the topic reads the same as a
 * Kafka cluster's (and tools that dump it understand ours). Every key and value starts with an
 * int16 version; the rest is the classic encoding:
 *
 * - offset commit key, versions 0-1: group, topic, int32 partition (we write version 1)
 * - group metadata key, version 2: group
 * - offset commit value: v0/v2 (offset, metadata, commitTimestamp), v1 (+ expireTimestamp),
 *   v3 (offset, leaderEpoch, metadata, commitTimestamp). We write v3, or v1 when the commit
 *   carries an explicit expiry (OffsetCommit v2-4 retentionTimeMs), as Kafka does.
 * - group metadata value, versions 0-3; we write v3.
 *
 * A null value is a tombstone. Flexible versions (4+) are not read: Fjord never writes them.
 */
import { ClassicReader, ClassicWriter } from './classic-bytes.js';

/** Key of a committed offset. */
export interface OffsetCommitKey {
  type: 'offset';
  group: string;
  topic: string;
  partition: number;
}

/** Key of a group's metadata. */
export interface GroupMetadataKey {
  type: 'group';
  group: string;
}

/** A key version this codec does not know (e.g. records of newer group protocols); loaders skip it. */
export interface UnknownOffsetsTopicKey {
  type: 'unknown';
  version: number;
}

export type OffsetsTopicKey = OffsetCommitKey | GroupMetadataKey | UnknownOffsetsTopicKey;

/** A committed offset as stored. */
export interface OffsetCommitValue {
  offset: bigint;
  /** -1 when unknown. */
  leaderEpoch: number;
  metadata: string;
  commitTimestampMs: number;
  /** Only value version 1 stores it; null = expire by the retention rules. */
  expireTimestampMs: number | null;
}

/** One member inside a stored group. */
export interface GroupMemberValue {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  /** The member's metadata for the group's chosen protocol. */
  subscription: Buffer;
  assignment: Buffer;
}

/** A group's generation, protocol and members as stored. */
export interface GroupMetadataValue {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  /** -1 when unknown (value versions below 2). */
  currentStateTimestampMs: number;
  members: GroupMemberValue[];
}

const OFFSET_KEY_VERSION = 1;
const GROUP_KEY_VERSION = 2;
const GROUP_VALUE_VERSION = 3;

/** Encodes the key of a committed offset (version 1). */
export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Buffer {
  return new ClassicWriter().int16(OFFSET_KEY_VERSION).string(group).string(topic).int32(partition).toBuffer();
}

/** Encodes the key of a group's metadata (version 2). */
export function encodeGroupMetadataKey(group: string): Buffer {
  return new ClassicWriter().int16(GROUP_KEY_VERSION).string(group).toBuffer();
}

/** Decodes any key of `__consumer_offsets`. */
export function decodeOffsetsTopicKey(buf: Buffer): OffsetsTopicKey {
  const r = new ClassicReader(buf, 'offsets topic key');
  const version = r.int16('version');
  const where = new ClassicReader(buf.subarray(2), `offsets topic key version ${version}`);
  if (version === 0 || version === 1) {
    const group = where.string('group');
    const topic = where.string('topic');
    const partition = where.int32('partition');
    return { type: 'offset', group, topic, partition };
  }
  if (version === 2) return { type: 'group', group: where.string('group') };
  return { type: 'unknown', version };
}

/** Encodes a committed offset: version 3, or version 1 when it has an explicit expiry. */
export function encodeOffsetCommitValue(value: OffsetCommitValue): Buffer {
  const w = new ClassicWriter();
  if (value.expireTimestampMs !== null) {
    return w.int16(1).int64(value.offset).string(value.metadata)
      .int64(BigInt(value.commitTimestampMs)).int64(BigInt(value.expireTimestampMs)).toBuffer();
  }
  return w.int16(3).int64(value.offset).int32(value.leaderEpoch).string(value.metadata)
    .int64(BigInt(value.commitTimestampMs)).toBuffer();
}

/** Decodes a committed offset of value version 0-3. */
export function decodeOffsetCommitValue(buf: Buffer): OffsetCommitValue {
  const version = new ClassicReader(buf, 'offset commit value').int16('version');
  const r = new ClassicReader(buf.subarray(2), `offset commit value version ${version}`);
  if (version < 0 || version > 3) r.fail('unsupported version');
  const offset = r.int64('offset');
  const leaderEpoch = version >= 3 ? r.int32('leaderEpoch') : -1;
  const metadata = r.string('metadata');
  const commitTimestampMs = Number(r.int64('commitTimestamp'));
  const expire = version === 1 ? Number(r.int64('expireTimestamp')) : -1;
  return { offset, leaderEpoch, metadata, commitTimestampMs, expireTimestampMs: expire === -1 ? null : expire };
}

/** Encodes a group's metadata (value version 3). */
export function encodeGroupMetadataValue(value: GroupMetadataValue): Buffer {
  const w = new ClassicWriter().int16(GROUP_VALUE_VERSION);
  w.string(value.protocolType).int32(value.generation);
  w.nullableString(value.protocol).nullableString(value.leader);
  w.int64(BigInt(value.currentStateTimestampMs));
  w.array(value.members, (m) => {
    w.string(m.memberId).nullableString(m.groupInstanceId).string(m.clientId).string(m.clientHost);
    w.int32(m.rebalanceTimeoutMs).int32(m.sessionTimeoutMs);
    w.nullableBytes(m.subscription).nullableBytes(m.assignment);
  });
  return w.toBuffer();
}

function readMember(r: ClassicReader, version: number): GroupMemberValue {
  const memberId = r.string('memberId');
  const groupInstanceId = version >= 3 ? r.nullableString('groupInstanceId') : null;
  const clientId = r.string('clientId');
  const clientHost = r.string('clientHost');
  const sessionOrRebalance = r.int32(version >= 1 ? 'rebalanceTimeout' : 'sessionTimeout');
  // Before version 1 the rebalance timeout was not stored: it was the session timeout.
  const sessionTimeoutMs = version >= 1 ? r.int32('sessionTimeout') : sessionOrRebalance;
  const subscription = r.bytes('subscription');
  const assignment = r.bytes('assignment');
  return { memberId, groupInstanceId, clientId, clientHost, rebalanceTimeoutMs: sessionOrRebalance, sessionTimeoutMs, subscription, assignment };
}

/** Decodes a group's metadata of value version 0-3. */
export function decodeGroupMetadataValue(buf: Buffer): GroupMetadataValue {
  const version = new ClassicReader(buf, 'group metadata value').int16('version');
  const r = new ClassicReader(buf.subarray(2), `group metadata value version ${version}`);
  if (version < 0 || version > 3) r.fail('unsupported version');
  const protocolType = r.string('protocolType');
  const generation = r.int32('generation');
  const protocol = r.nullableString('protocol');
  const leader = r.nullableString('leader');
  const currentStateTimestampMs = version >= 2 ? Number(r.int64('currentStateTimestamp')) : -1;
  // Smallest member: three empty strings (6), session timeout (4), two empty byte arrays (8).
  const members = r.array('members', 18, () => readMember(r, version));
  return { protocolType, generation, protocol, leader, currentStateTimestampMs, members };
}

/** One record to append to `__consumer_offsets` (value null = tombstone). */
export interface OffsetsTopicRecord {
  /** The group it belongs to: its partition is offsetsPartitionFor(group, partitions). */
  group: string;
  key: Buffer;
  value: Buffer | null;
}
