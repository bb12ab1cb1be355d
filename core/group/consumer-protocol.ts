/**
 * The consumer protocol's opaque bytes: what a consumer puts in JoinGroup's protocol metadata
 * (ConsumerProtocolSubscription) and what the leader sends back per member in SyncGroup
 * (ConsumerProtocolAssignment). Layout per ../shared/kafka-protocol/messages/ConsumerProtocol*.json:
 * an int16 version, then the classic (non-flexible) encoding of that version's fields.
 *
 * Like Kafka, decoding a version newer than we know reads the fields we know and ignores the
 * rest: the schema promises new versions only append fields.
 */
import { ClassicReader, ClassicWriter } from './classic-bytes.js';

/** The protocol type consumers join groups with. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';
/** Highest ConsumerProtocolSubscription/Assignment version this codec writes. */
export const CONSUMER_PROTOCOL_VERSION_MAX = 3;

/** Partitions of one topic. */
export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** A member's subscription: topics, plus what it owns (for sticky/cooperative assignors). */
export interface ConsumerSubscription {
  topics: string[];
  userData: Buffer | null;
  /** v1+: partitions the member owns right now. */
  ownedPartitions: TopicPartitions[];
  /** v2+: the generation its owned partitions belong to (-1 = unknown). */
  generationId: number;
  /** v3+: the consumer's rack. */
  rackId: string | null;
}

/** One member's assignment as the leader computed it. */
export interface ConsumerAssignment {
  assignedPartitions: TopicPartitions[];
  userData: Buffer | null;
}

/** A decoded subscription together with the version it was written in. */
export interface DecodedSubscription extends ConsumerSubscription {
  version: number;
}

/** A decoded assignment together with the version it was written in. */
export interface DecodedAssignment extends ConsumerAssignment {
  version: number;
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 0 || version > CONSUMER_PROTOCOL_VERSION_MAX) {
    throw new RangeError(`consumer protocol version ${version} is not in 0..${CONSUMER_PROTOCOL_VERSION_MAX}`);
  }
}

function writeTopicPartitions(w: ClassicWriter, list: readonly TopicPartitions[]): void {
  w.array(list, (tp) => {
    w.string(tp.topic);
    w.array(tp.partitions, (p) => w.int32(p));
  });
}

function readTopicPartitions(r: ClassicReader, field: string): TopicPartitions[] {
  // Smallest item: an empty topic name (2 bytes) and an empty partition array (4 bytes).
  return r.array(field, 6, () => ({
    topic: r.string(`${field}.topic`),
    partitions: r.array(`${field}.partitions`, 4, () => r.int32(`${field}.partition`)),
  }));
}

/**
 * Encodes a subscription in `version` (default: the highest). Fields the version lacks are
 * dropped, as Kafka does for these "ignorable" fields.
 */
export function encodeSubscription(sub: Partial<ConsumerSubscription> & { topics: string[] }, version = CONSUMER_PROTOCOL_VERSION_MAX): Buffer {
  checkVersion(version);
  const w = new ClassicWriter().int16(version);
  w.array(sub.topics, (t) => w.string(t));
  w.nullableBytes(sub.userData ?? null);
  if (version >= 1) writeTopicPartitions(w, sub.ownedPartitions ?? []);
  if (version >= 2) w.int32(sub.generationId ?? -1);
  if (version >= 3) w.nullableString(sub.rackId ?? null);
  return w.toBuffer();
}

/** Decodes a subscription; throws FjordError('CORRUPT_MESSAGE') on malformed bytes. */
export function decodeSubscription(buf: Buffer): DecodedSubscription {
  const r = new ClassicReader(buf, 'ConsumerProtocolSubscription');
  const version = r.int16('version');
  if (version < 0) r.fail(`version ${version} is negative`);
  const topics = r.array('topics', 2, () => r.string('topic'));
  const userData = r.nullableBytes('userData');
  const ownedPartitions = version >= 1 ? readTopicPartitions(r, 'ownedPartitions') : [];
  const generationId = version >= 2 ? r.int32('generationId') : -1;
  const rackId = version >= 3 ? r.nullableString('rackId') : null;
  return { version, topics, userData, ownedPartitions, generationId, rackId };
}

/** Encodes an assignment; every version 0-3 has the same fields, only the header differs. */
export function encodeAssignment(assignment: Partial<ConsumerAssignment> & { assignedPartitions: TopicPartitions[] }, version = CONSUMER_PROTOCOL_VERSION_MAX): Buffer {
  checkVersion(version);
  const w = new ClassicWriter().int16(version);
  writeTopicPartitions(w, assignment.assignedPartitions);
  w.nullableBytes(assignment.userData ?? null);
  return w.toBuffer();
}

/**
 * Decodes an assignment. Empty bytes decode to an empty assignment: that is what the
 * coordinator hands a member the leader left out, and what clients accept.
 */
export function decodeAssignment(buf: Buffer): DecodedAssignment {
  if (buf.length === 0) return { version: 0, assignedPartitions: [], userData: null };
  const r = new ClassicReader(buf, 'ConsumerProtocolAssignment');
  const version = r.int16('version');
  if (version < 0) r.fail(`version ${version} is negative`);
  const assignedPartitions = readTopicPartitions(r, 'assignedPartitions');
  const userData = r.nullableBytes('userData');
  return { version, assignedPartitions, userData };
}
