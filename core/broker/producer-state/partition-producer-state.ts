/**
 * What one partition knows of its idempotent producers: per producer id, the epoch and the last
 * five batches (sequence range and offsets). Pure: the produce path asks `check` before it
 * appends, and calls `recordAppend` only after the append succeeded, so a failed append leaves
 * no trace. Time comes in as arguments.
 *
 * The rules are Kafka's (ProducerStateManager / ProducerAppendInfo), with one deliberate
 * difference: an unknown producer must start at sequence 0 (UNKNOWN_PRODUCER_ID otherwise), as
 * brokers before Kafka 2.5 did. Kafka 2.5+ accepts any first sequence from an unknown producer,
 * which can silently lose a batch that was retried around the gap (KAFKA-15591); here the
 * producer learns about the gap and re-initializes instead.
 */
import { isNextSequence } from './sequence.js';

/** Batches remembered per producer: the client never has more than this many in flight. */
export const PRODUCER_BATCHES_KEPT = 5;

/** One appended batch of a producer. */
export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: bigint;
  lastOffset: bigint;
}

/** One producer's state on one partition. */
export interface ProducerEntry {
  producerId: bigint;
  epoch: number;
  /** The last appended batches of this epoch, oldest first; at most PRODUCER_BATCHES_KEPT. */
  batches: BatchMetadata[];
  /** Broker time of the last append (or of rebuilding the entry), for producer.id.expiration.ms. */
  lastTimestampMs: number;
}

/** The producer fields of an incoming batch, read from its header. */
export interface ProducerBatch {
  producerId: bigint;
  epoch: number;
  firstSeq: number;
  lastSeq: number;
}

/** Kafka error names a sequence check can answer with. */
export type ProducerStateError = 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'UNKNOWN_PRODUCER_ID';

/** What to do with an incoming batch. */
export type SequenceCheck =
  | { kind: 'append' }
  /** A retry of a batch already in the log: answer with its offsets, append nothing. */
  | { kind: 'duplicate'; batch: BatchMetadata }
  | { kind: 'reject'; error: ProducerStateError; message: string };

const APPEND: SequenceCheck = { kind: 'append' };

/** The producer state of one partition. */
export class PartitionProducerState {
  private readonly producers = new Map<bigint, ProducerEntry>();

  /**
   * @param name `topic-partition`, for messages.
   * @param expirationMs producer.id.expiration.ms: a producer idle this long is forgotten.
   */
  constructor(
    readonly name: string,
    readonly expirationMs: number,
  ) {}

  /** A state holding `entries` (from a snapshot). */
  static fromEntries(name: string, expirationMs: number, entries: readonly ProducerEntry[]): PartitionProducerState {
    const state = new PartitionProducerState(name, expirationMs);
    for (const e of entries) state.producers.set(e.producerId, { ...e, batches: e.batches.map((b) => ({ ...b })) });
    return state;
  }

  /** Producers known, expired ones included until the next `removeExpired`. */
  get producerCount(): number {
    return this.producers.size;
  }

  /** The live entry of `producerId`, or undefined (unknown or expired). */
  entry(producerId: bigint, nowMs: number): ProducerEntry | undefined {
    const e = this.producers.get(producerId);
    return e === undefined || this.isExpired(e, nowMs) ? undefined : e;
  }

  /** Every entry, for a snapshot. The caller must not modify them. */
  entries(): ProducerEntry[] {
    return [...this.producers.values()];
  }

  private isExpired(e: ProducerEntry, nowMs: number): boolean {
    return nowMs - e.lastTimestampMs >= this.expirationMs;
  }

  /** Decides, without changing anything, whether `batch` may be appended. */
  check(batch: ProducerBatch, nowMs: number): SequenceCheck {
    const e = this.entry(batch.producerId, nowMs);
    const who = `producer ${batch.producerId} (epoch ${batch.epoch}) on ${this.name}`;
    if (e === undefined) {
      if (batch.firstSeq === 0) return APPEND;
      return reject('UNKNOWN_PRODUCER_ID', `${who}: no state for this producer id (never seen, or idle past producer.id.expiration.ms ${this.expirationMs}), so its first batch must have sequence 0, got ${batch.firstSeq}`);
    }
    if (batch.epoch < e.epoch) {
      return reject('INVALID_PRODUCER_EPOCH', `${who}: epoch ${batch.epoch} is older than the current epoch ${e.epoch}`);
    }
    if (batch.epoch > e.epoch) {
      if (batch.firstSeq === 0) return APPEND;
      return reject('OUT_OF_ORDER_SEQUENCE_NUMBER', `${who}: a new epoch must start at sequence 0, got ${batch.firstSeq} (current epoch ${e.epoch})`);
    }
    const duplicate = e.batches.find((b) => b.firstSeq === batch.firstSeq && b.lastSeq === batch.lastSeq);
    if (duplicate !== undefined) return { kind: 'duplicate', batch: duplicate };
    const lastSeq = e.batches.length === 0 ? -1 : e.batches[e.batches.length - 1].lastSeq;
    // -1 (no batch of this epoch yet) is followed only by 0.
    if (isNextSequence(lastSeq, batch.firstSeq)) return APPEND;
    return reject('OUT_OF_ORDER_SEQUENCE_NUMBER', `${who}: sequence ${batch.firstSeq} does not follow the last appended sequence ${lastSeq}`);
  }

  /**
   * Records a batch that is now in the log at `firstOffset..lastOffset`. Also used to replay the
   * log on load, where batches are trusted as written. A new epoch (or an expired entry) starts
   * the producer's batch list afresh.
   */
  recordAppend(batch: ProducerBatch, firstOffset: bigint, lastOffset: bigint, nowMs: number): void {
    let e = this.entry(batch.producerId, nowMs);
    if (e === undefined || e.epoch !== batch.epoch) {
      e = { producerId: batch.producerId, epoch: batch.epoch, batches: [], lastTimestampMs: nowMs };
      this.producers.set(batch.producerId, e);
    }
    e.batches.push({ firstSeq: batch.firstSeq, lastSeq: batch.lastSeq, firstOffset, lastOffset });
    if (e.batches.length > PRODUCER_BATCHES_KEPT) e.batches.shift();
    e.lastTimestampMs = nowMs;
  }

  /** Forgets producers idle for producer.id.expiration.ms; returns how many. */
  removeExpired(nowMs: number): number {
    let removed = 0;
    for (const [id, e] of this.producers) {
      if (this.isExpired(e, nowMs)) {
        this.producers.delete(id);
        removed++;
      }
    }
    return removed;
  }
}

function reject(error: ProducerStateError, message: string): SequenceCheck {
  return { kind: 'reject', error, message };
}
