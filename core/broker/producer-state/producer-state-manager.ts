/**
 * The broker's idempotent-producer state: producer id allocation and, per partition, the state
 * the Produce handler checks sequences against. A partition's state is loaded on the first
 * Produce that reaches it (not at broker open, which stays as fast as the log's own open) and
 * snapshotted at every segment roll and on close.
 */
import { topicPartitionKey } from '../../topic-partition.js';
import type { Clock } from '../../io/clock.js';
import type { Logger } from '../../io/logger.js';
import type { Storage } from '../../io/storage.js';
import type { PartitionLog } from '../../log/partition-log.js';
import { joinPath } from '../../log/segment-files.js';
import { PartitionProducers, type ProducerStateDeps } from './partition-producers.js';
import { PRODUCER_ID_BLOCK_FILE, ProducerIdAllocator } from './producer-id-allocator.js';
import { SnapshotFiles } from './snapshot-files.js';

/** Kafka's default producer.id.expiration.ms (one day). */
export const PRODUCER_ID_EXPIRATION_MS_DEFAULT = 86_400_000;
/** Kafka's default producer.id.expiration.check.interval.ms (ten minutes). */
export const PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS_DEFAULT = 600_000;

/** Settings and dependencies of a ProducerStateManager. */
export interface ProducerStateManagerOptions {
  storage: Storage;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** producer.id.expiration.ms */
  producerIdExpirationMs?: number;
  /** producer.id.expiration.check.interval.ms */
  producerIdExpirationCheckIntervalMs?: number;
}

interface Loaded {
  topic: string;
  producers: PartitionProducers;
}

/** Producer ids and per-partition producer state of one broker. */
export class ProducerStateManager {
  private readonly partitions = new Map<string, Loaded>();
  private lastExpiryCheckMs: number;
  /** Logs here hold batches of producers whose ids another broker issued (a replicated cluster). */
  private replicated = false;

  private constructor(
    private readonly allocator: ProducerIdAllocator,
    private readonly deps: ProducerStateDeps,
    private readonly expirationCheckIntervalMs: number,
  ) {
    this.lastExpiryCheckMs = deps.clock.nowMs();
  }

  /** Opens the producer id block file of `dataDir` (the partitions load lazily). */
  static open(options: ProducerStateManagerOptions): ProducerStateManager {
    const allocator = ProducerIdAllocator.open(options.storage, joinPath(options.dataDir, PRODUCER_ID_BLOCK_FILE));
    const deps: ProducerStateDeps = {
      storage: options.storage,
      clock: options.clock,
      logger: options.logger,
      producerIdExpirationMs: options.producerIdExpirationMs ?? PRODUCER_ID_EXPIRATION_MS_DEFAULT,
    };
    return new ProducerStateManager(allocator, deps, options.producerIdExpirationCheckIntervalMs ?? PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS_DEFAULT);
  }

  /** A producer id never handed out before by this data directory. */
  allocateProducerId(): bigint {
    return this.allocator.allocate();
  }

  /** The producer state of a partition, loaded on first use (and again if its log was replaced). */
  forPartition(topic: string, partition: number, log: PartitionLog): PartitionProducers {
    const k = topicPartitionKey(topic, partition);
    const known = this.partitions.get(k);
    // A deleted and recreated topic has a new log in a fresh directory: its old state is void.
    if (known !== undefined && known.producers.log === log) return known.producers;
    // Without any id ever issued here, no batch in a log of this broker alone can carry one:
    // nothing to replay. A follower's logs hold other brokers' producers: always replay.
    const producers = PartitionProducers.load(log, this.deps, this.replicated || this.allocator.issuedBefore);
    this.partitions.set(k, { topic, producers });
    return producers;
  }

  /**
   * Says that this broker's logs are replicas (followers append batches whose producer ids
   * other brokers issued), so a log without a snapshot is always replayed on load.
   */
  holdReplicas(): void {
    this.replicated = true;
  }

  /**
   * The partition's log is being truncated (a follower dropping a divergent tail; call it
   * before or right after the cut, with no append in between): its state is rebuilt as Kafka
   * does, from the newest snapshot at or below the new log end plus a replay of the batches
   * after it, on next use. Snapshots past the end go on that load; for a full truncation
   * (`full`) every snapshot goes now, since none describes the new log.
   */
  truncated(topic: string, partition: number, log: PartitionLog, full: boolean): void {
    const k = topicPartitionKey(topic, partition);
    this.partitions.delete(k);
    if (!full) return;
    const files = new SnapshotFiles(this.deps.storage, log.dir);
    for (const offset of files.offsets()) files.remove(offset);
  }

  /** Forgets the state of a deleted topic. */
  dropTopic(topic: string): void {
    for (const [k, loaded] of this.partitions) if (loaded.topic === topic) this.partitions.delete(k);
  }

  /** Forgets idle producers every producer.id.expiration.check.interval.ms; returns how many went. */
  tick(nowMs: number): number {
    if (nowMs - this.lastExpiryCheckMs < this.expirationCheckIntervalMs) return 0;
    this.lastExpiryCheckMs = nowMs;
    let removed = 0;
    for (const { producers } of this.partitions.values()) removed += producers.removeExpired(nowMs);
    return removed;
  }

  /** Snapshots every loaded partition at its log end (call before the logs close). */
  close(): void {
    for (const { producers } of this.partitions.values()) producers.snapshotAtLogEnd();
    this.partitions.clear();
  }
}
