/**
 * `__consumer_offsets`: the compacted internal topic holding committed offsets and group
 * metadata. Records for one group always go to partition offsetsPartitionFor(group), so its
 * history is ordered.
 *
 * A single broker replays every partition into the group coordinator on start and appends to its
 * local logs. In a replicated cluster (`attachCluster`, done by `core/replication/group-partitions.ts`)
 * the topic is a cluster topic: a group's records go to the leader of its partition with the
 * leader epoch stamped, and an append resolves only once the high watermark passes it (acks=all),
 * or rejects with the coordinator error Kafka maps the write's failure to.
 */
import type { ClusterHooks } from './cluster-hooks.js';
import { FjordError } from '../errors.js';
import { offsetsPartitionFor, type GroupCoordinator, type OffsetsTopicRecord } from '../group/group-coordinator.js';
import { errorByCode, errorCode, type KafkaErrorName } from '../protocol/error-codes.js';
import { decodeRecordBatches, encodeRecordBatch } from '../protocol/record-batch.js';
import type { PartitionLog } from '../log/partition-log.js';
import { CONSUMER_OFFSETS_TOPIC } from './topic-names.js';

/** Where a group's coordinator is, as FindCoordinator tells it. */
export interface CoordinatorAnswer {
  readonly errorCode: number;
  readonly errorMessage: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/** Which groups this broker coordinates in a replicated cluster (implemented in core/replication). */
export interface GroupCoordination {
  /** FindCoordinator for one group: the leader of its offsets partition, or an error code. */
  find(groupId: string): CoordinatorAnswer;
  /**
   * 0 when this broker coordinates `groupId` now; else COORDINATOR_NOT_AVAILABLE (no offsets
   * topic yet, or no leader), COORDINATOR_LOAD_IN_PROGRESS or NOT_COORDINATOR.
   */
  check(groupId: string): number;
  /** Partitions of the cluster's `__consumer_offsets`, undefined until it exists. */
  numPartitions(): number | undefined;
}

/** offsets.commit.timeout.ms (Kafka's default): how long a write waits for the in-sync replicas. */
export const OFFSETS_COMMIT_TIMEOUT_MS = 5000;

const REPLAY_READ_BYTES = 4 * 1024 * 1024;

export class OffsetsTopic {
  private cluster: { hooks: ClusterHooks; coordination: GroupCoordination; notify: (partition: number) => void } | null = null;
  /** Per group, the last append still in flight (what SyncGroup waits for in a cluster). */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Groups whose last append failed, and the coordinator error code it failed with. */
  private readonly failedWith = new Map<string, number>();

  constructor(
    private readonly partitionLog: (topic: string, partition: number) => PartitionLog | undefined,
    readonly numPartitions: number,
  ) {}

  /**
   * Makes this broker's offsets topic the cluster's: appends go through `hooks` (leader check,
   * leader epoch, acks=all) and `coordination` says which groups are coordinated here.
   * `notify(partition)` wakes fetches parked on a partition after an append.
   */
  attachCluster(hooks: ClusterHooks, coordination: GroupCoordination, notify: (partition: number) => void): void {
    this.cluster = { hooks, coordination, notify };
  }

  /** Set in a replicated cluster: which groups this broker coordinates. */
  get coordination(): GroupCoordination | null {
    return this.cluster?.coordination ?? null;
  }

  /**
   * Appends a group's records before the caller answers the request: single broker, to the local
   * log (page cache); in a cluster, as the partition's leader, resolving once the in-sync
   * replicas have them. Rejects with a FjordError named by the Kafka coordinator error to answer.
   */
  append(groupId: string, records: OffsetsTopicRecord[], nowMs: number): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const done = this.cluster === null ? this.appendLocal(groupId, records, nowMs) : this.appendReplicated(groupId, records, nowMs);
    const tracked = done.catch(() => undefined);
    this.inFlight.set(groupId, tracked);
    void tracked.then(() => {
      if (this.inFlight.get(groupId) === tracked) this.inFlight.delete(groupId);
    });
    return done;
  }

  /**
   * Resolves once every append of `groupId` issued so far has settled: 0 if the last one
   * succeeded, else the coordinator error code it failed with.
   */
  async settled(groupId: string): Promise<number> {
    await this.inFlight.get(groupId);
    return this.failedWith.get(groupId) ?? 0;
  }

  private async appendLocal(groupId: string, records: OffsetsTopicRecord[], nowMs: number): Promise<void> {
    const partition = offsetsPartitionFor(groupId, this.numPartitions);
    const log = this.partitionLog(CONSUMER_OFFSETS_TOPIC, partition);
    if (!log) throw new Error(`assertion failed: ${CONSUMER_OFFSETS_TOPIC}-${partition} is missing`);
    const batch = await encodeBatch(records, nowMs);
    // Leader epochs mean the log is a replica of a cluster's partition (this broker has not joined
    // its cluster yet, or no longer): a local write would give it a tail no other replica has.
    if (this.cluster === null && log.leaderEpochs().length > 0) {
      throw new FjordError('NOT_COORDINATOR', `group '${groupId}': not writing to ${CONSUMER_OFFSETS_TOPIC}-${partition} locally: it is a replicated partition and this broker is not (yet) its cluster's leader`);
    }
    if (this.cluster !== null) return this.appendReplicated(groupId, records, nowMs); // attached meanwhile
    log.append(batch);
  }

  private async appendReplicated(groupId: string, records: OffsetsTopicRecord[], nowMs: number): Promise<void> {
    const { hooks, coordination, notify } = this.cluster!;
    const fail = (kafkaCode: number, message: string): never => {
      const name = coordinatorErrorOf(kafkaCode);
      this.failedWith.set(groupId, errorCode(name));
      throw new FjordError(name, `group '${groupId}': ${message}`);
    };
    const n = coordination.numPartitions();
    if (n === undefined) return fail(errorCode('COORDINATOR_NOT_AVAILABLE'), `${CONSUMER_OFFSETS_TOPIC} does not exist yet`);
    const partition = offsetsPartitionFor(groupId, n);
    const batch = await encodeBatch(records, nowMs);
    // Checked after the (async) encoding, right before the append: leadership may have moved meanwhile.
    const refused = hooks.checkProduce(CONSUMER_OFFSETS_TOPIC, partition, -1);
    if (refused !== null) return fail(refused.errorCode, refused.message);
    const log = this.partitionLog(CONSUMER_OFFSETS_TOPIC, partition);
    if (!log) return fail(errorCode('UNKNOWN_TOPIC_OR_PARTITION'), `${CONSUMER_OFFSETS_TOPIC}-${partition} has no log on this broker`);
    const leaderEpoch = hooks.leaderEpochOf(CONSUMER_OFFSETS_TOPIC, partition);
    log.append(batch, leaderEpoch === undefined ? {} : { leaderEpoch });
    const lastOffset = log.logEndOffset - 1n;
    notify(partition);
    hooks.onAppend(CONSUMER_OFFSETS_TOPIC, partition);
    const acked = await hooks.awaitAcks(CONSUMER_OFFSETS_TOPIC, partition, lastOffset, -1, OFFSETS_COMMIT_TIMEOUT_MS);
    if (acked !== null) return fail(acked.errorCode, acked.message);
    this.failedWith.delete(groupId);
  }

  /** Feeds every record of every partition to the coordinator, oldest first. Returns the count. */
  async replayInto(groups: GroupCoordinator): Promise<number> {
    let count = 0;
    for (let p = 0; p < this.numPartitions; p++) count += await this.replayPartition(p, (key, value) => groups.loadRecord(key, value));
    return count;
  }

  /**
   * Reads one partition from its log start to its log end (as Kafka's loadGroupsForPartition:
   * the whole log, not just up to the high watermark), handing each record to `apply`.
   */
  async replayPartition(partition: number, apply: (key: Buffer, value: Buffer | null) => void): Promise<number> {
    const log = this.partitionLog(CONSUMER_OFFSETS_TOPIC, partition);
    if (!log) return 0;
    let count = 0;
    let offset = log.logStartOffset;
    const end = log.logEndOffset;
    while (offset < end) {
      const { bytes } = log.read(offset, REPLAY_READ_BYTES, { minOneBatch: true });
      if (bytes.length === 0) break;
      for (const batch of await decodeRecordBatches(bytes)) {
        if (!batch.isControl) {
          for (const record of batch.records) {
            if (record.offset < offset || record.offset >= end || !record.key) continue;
            apply(record.key, record.value);
            count++;
          }
        }
        offset = batch.baseOffset + BigInt(batch.lastOffsetDelta) + 1n;
      }
    }
    return count;
  }
}

function encodeBatch(records: OffsetsTopicRecord[], nowMs: number): Promise<Buffer> {
  return encodeRecordBatch(records.map((r) => ({ key: r.key, value: r.value, timestamp: nowMs })), { compression: 'none', nowMs });
}

/**
 * The coordinator error a failed `__consumer_offsets` write is answered with, as Kafka's
 * GroupMetadataManager maps it: the partition missing, too few replicas or a timeout →
 * COORDINATOR_NOT_AVAILABLE; leadership lost → NOT_COORDINATOR; too large →
 * INVALID_COMMIT_OFFSET_SIZE; anything else as it is.
 */
export function coordinatorErrorOf(code: number): KafkaErrorName {
  const name = (errorByCode(code)?.name ?? 'UNKNOWN_SERVER_ERROR') as KafkaErrorName;
  switch (name) {
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
    case 'REQUEST_TIMED_OUT':
      return 'COORDINATOR_NOT_AVAILABLE';
    case 'NOT_LEADER_OR_FOLLOWER':
    case 'KAFKA_STORAGE_ERROR':
      return 'NOT_COORDINATOR';
    case 'MESSAGE_TOO_LARGE':
    case 'RECORD_LIST_TOO_LARGE':
    case 'INVALID_FETCH_SIZE':
      return 'INVALID_COMMIT_OFFSET_SIZE';
    default:
      return name;
  }
}

export function offsetsTopicConfigs(segmentBytes: number): Record<string, string> {
  return { 'cleanup.policy': 'compact', 'segment.bytes': String(segmentBytes), 'compression.type': 'producer' };
}
