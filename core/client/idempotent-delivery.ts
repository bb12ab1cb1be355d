/**
 * Delivery of an idempotent producer's batches (enable.idempotence), following Kafka's client:
 *
 * - A producer id comes from InitProducerId, asked once, lazily, before the first batch goes out.
 * - Each partition numbers its records: a batch is stamped with producer id, epoch and base
 *   sequence when it is first sent, and the sequence advances by its record count (wrapping
 *   after int32 max). A retry resends the same bytes, so the broker recognises it.
 * - At most 5 batches per partition are in flight (the broker remembers the last 5). Once a
 *   batch must be resent, the partition sends one batch at a time, lowest sequence first, until
 *   every resend is through, so retries never overtake each other.
 * - A sequence error on a batch that is not the partition's oldest unacknowledged one is a gap of
 *   our own making (an earlier batch is being retried or failed): the batch was not written and
 *   is sent again later.
 * - On the oldest one, OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_PRODUCER_EPOCH means the broker's
 *   idea of this producer differs from ours (acknowledged records may have been lost): that batch
 *   fails with the broker's error. UNKNOWN_PRODUCER_ID there means the broker forgot the producer
 *   (idle past producer.id.expiration.ms): the batch is kept. A batch failing with any other error,
 *   or whose retries run out, leaves a gap too. In all these cases the producer starts over:
 *   once nothing is in flight or awaiting a retry, it asks InitProducerId for a new id (for a
 *   producer without transactional id that is what an epoch bump amounts to), resets every
 *   partition's sequence to 0 and restamps the batches still waiting.
 */
import { topicPartitionKey } from '../topic-partition.js';
import { FjordError, kafkaError } from '../errors.js';
import type { Clock } from '../io/clock.js';
import type { Timers } from '../io/timers.js';
import { incrementSequence } from '../broker/producer-state/sequence.js';
import { BATCH, computeBatchCrc } from '../protocol/batch-header.js';
import type { PartitionProduceResponse } from '../protocol/generated/produce.js';
import { IDEMPOTENT_IN_FLIGHT_MAX, type ProducerConfig } from './producer-config.js';
import { requestProducerId } from './producer-id-request.js';
import type { Transport } from './transport.js';

/** A sealed batch handed over by the producer. */
export interface IdempotentBatch {
  topic: string;
  partition: number;
  recordCount: number;
  createdMs: number;
  /** The built batch, its CRC not yet computed (stampProducerState does it); zstd builds asynchronously. */
  bytes: Buffer | Promise<Buffer>;
  succeed(baseOffset: bigint, logAppendTimeMs: bigint): void;
  fail(err: Error): void;
}

interface Entry {
  batch: IdempotentBatch;
  bytes: Buffer | null;
  stamp: ProducerStamp | null;
  /** Sent under `stamp` with no definite answer yet: the broker may hold it. */
  unresolved: boolean;
  state: 'queued' | 'inflight' | 'backoff';
  attempts: number;
  settle: () => void;
}

interface PartitionQueue {
  topic: string;
  partition: number;
  /** Unfinished batches in sequence order; stamped ones always form a prefix. */
  entries: Entry[];
  inFlight: number;
  nextSequence: number;
}

/** Errors with which the broker refuses a batch's producer id, epoch or sequence. */
const SEQUENCE_ERRORS = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** Sends the batches of one idempotent producer. */
export class IdempotentDelivery {
  private producer: { producerId: bigint; epoch: number } | null = null;
  private initializing = false;
  /** A gap was left somewhere: start over with a new producer id once nothing is unresolved. */
  private resetRequested = false;
  private readonly queues = new Map<string, PartitionQueue>();
  private readonly inFlightMax: number;

  constructor(
    private readonly transport: Transport,
    private readonly config: ProducerConfig,
    private readonly clock: Clock,
    private readonly timers: Timers,
  ) {
    this.inFlightMax = Math.min(IDEMPOTENT_IN_FLIGHT_MAX, config.maxInFlightRequestsPerConnection);
  }

  /** The producer id and epoch in use, or null before InitProducerId answered. */
  get producerIdAndEpoch(): { producerId: bigint; epoch: number } | null {
    return this.producer;
  }

  /** Queues a sealed batch; settles once it is acknowledged or has failed (its callbacks ran). */
  enqueue(batch: IdempotentBatch): Promise<void> {
    const q = this.queueFor(batch.topic, batch.partition);
    return new Promise<void>((settle) => {
      const entry: Entry = { batch, bytes: null, stamp: null, unresolved: false, state: 'queued', attempts: 0, settle };
      q.entries.push(entry);
      if (Buffer.isBuffer(batch.bytes)) {
        entry.bytes = batch.bytes;
      } else {
        batch.bytes.then(
          (bytes) => {
            entry.bytes = bytes;
            this.pump(q);
          },
          (err: Error) => {
            // Never stamped, so no sequence was used: the batches behind it just move up.
            this.finish(q, entry, err);
            this.pump(q);
          },
        );
      }
      this.pump(q);
    });
  }

  private queueFor(topic: string, partition: number): PartitionQueue {
    const k = topicPartitionKey(topic, partition);
    let q = this.queues.get(k);
    if (q === undefined) this.queues.set(k, (q = { topic, partition, entries: [], inFlight: 0, nextSequence: 0 }));
    return q;
  }

  /** Sends what `q` may send now. */
  private pump(q: PartitionQueue): void {
    if (this.producer === null) return this.initProducerId();
    if (this.resetRequested) return this.pumpUnresolved(q);
    const limit = hasPendingResend(q) ? 1 : this.inFlightMax;
    for (const e of q.entries) {
      if (q.inFlight >= limit) return;
      if (e.state === 'inflight') continue;
      // Sequence order: nothing overtakes a batch that is not ready or waits out a backoff.
      if (e.state === 'backoff' || e.bytes === null) return;
      if (e.stamp === null) this.stamp(q, e, e.bytes);
      void this.send(q, e);
    }
  }

  /** While a reset waits, only batches the broker may hold are resent (one at a time) to settle them. */
  private pumpUnresolved(q: PartitionQueue): void {
    for (const e of q.entries) {
      if (q.inFlight > 0) return;
      if (e.unresolved && e.state === 'queued') void this.send(q, e);
    }
  }

  private stamp(q: PartitionQueue, e: Entry, bytes: Buffer): void {
    const p = this.producer!;
    e.stamp = { producerId: p.producerId, epoch: p.epoch, baseSequence: q.nextSequence };
    q.nextSequence = incrementSequence(q.nextSequence, e.batch.recordCount);
    stampProducerState(bytes, e.stamp);
  }

  private async send(q: PartitionQueue, e: Entry): Promise<void> {
    e.state = 'inflight';
    e.unresolved = true;
    e.attempts++;
    q.inFlight++;
    let part: PartitionProduceResponse | undefined;
    let thrown: unknown = null;
    try {
      const res = await this.transport.request('Produce', {
        transactionalId: null,
        acks: -1,
        timeoutMs: this.config.requestTimeoutMs,
        topicData: [{ name: q.topic, partitionData: [{ index: q.partition, records: e.bytes! }] }],
      });
      part = res?.responses[0]?.partitionResponses[0];
    } catch (err) {
      thrown = err;
    }
    q.inFlight--;
    this.onAnswer(q, e, part, thrown);
    this.pump(q);
    this.maybeReset();
  }

  private onAnswer(q: PartitionQueue, e: Entry, part: PartitionProduceResponse | undefined, thrown: unknown): void {
    const where = `produce to ${q.topic}-${q.partition}`;
    if (thrown !== null) {
      // Transports report lost connections as retriable FjordErrors; anything else is not retried.
      if (thrown instanceof FjordError && thrown.retriable) return this.retryLater(q, e, thrown);
      return this.failUnresolved(q, e, thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
    if (part === undefined) return this.retryLater(q, e, new FjordError('NETWORK_EXCEPTION', `${where}: the response has no answer for the partition`, { retriable: true }));
    if (part.errorCode === 0) return this.finish(q, e, null, part.baseOffset, part.logAppendTimeMs ?? -1n);
    const err = kafkaError(part.errorCode, where, part.errorMessage);
    // Old brokers answer a retried duplicate with this error instead of its offset; it is in the log.
    if (err.code === 'DUPLICATE_SEQUENCE_NUMBER') return this.finish(q, e, null, -1n, -1n);
    if (SEQUENCE_ERRORS.has(err.code)) return this.onSequenceError(q, e, err);
    if (err.retriable) return this.retryLater(q, e, err);
    // Refused for good (too large, invalid...): not written, so later sequences now have a gap.
    e.unresolved = false;
    this.finish(q, e, err);
    this.resetRequested = true;
  }

  private onSequenceError(q: PartitionQueue, e: Entry, err: FjordError): void {
    e.unresolved = false;
    e.state = 'queued';
    // Behind a batch that is being retried, or a reset is coming anyway: send again later.
    if (q.entries[0] !== e || this.resetRequested) return;
    this.resetRequested = true;
    if (err.code === 'UNKNOWN_PRODUCER_ID') return;
    this.finish(q, e, new FjordError(err.code, `${err.message}. The batch was not written: the broker's sequence for this producer differs from the producer's, so records acknowledged earlier may have been lost; the producer continues with a new producer id`, { cause: err }));
  }

  /** A retriable failure: the broker may hold the batch, and only a resend of the same bytes tells. */
  private retryLater(q: PartitionQueue, e: Entry, err: FjordError): void {
    const elapsedMs = this.clock.nowMs() - e.batch.createdMs;
    if (e.attempts > this.config.retries || elapsedMs + this.config.retryBackoffMs > this.config.deliveryTimeoutMs) return this.failUnresolved(q, e, err);
    e.state = 'backoff';
    this.timers.setTimeout(() => {
      e.state = 'queued';
      this.pump(q);
    }, this.config.retryBackoffMs);
  }

  /** Gives up on a batch whose fate is unknown; its partition's sequence is then unknown too. */
  private failUnresolved(q: PartitionQueue, e: Entry, err: Error): void {
    e.unresolved = false;
    this.finish(q, e, err);
    this.resetRequested = true;
  }

  /** Removes `e` and completes its records: with `err`, or acknowledged at `baseOffset`. */
  private finish(q: PartitionQueue, e: Entry, err: Error | null, baseOffset = -1n, logAppendTimeMs = -1n): void {
    const i = q.entries.indexOf(e);
    if (i >= 0) q.entries.splice(i, 1);
    if (err === null) e.batch.succeed(baseOffset, logAppendTimeMs);
    else e.batch.fail(err);
    e.settle();
  }

  /** Starts over with a new producer id once the broker can hold nothing more under the old one. */
  private maybeReset(): void {
    if (!this.resetRequested || this.initializing) return;
    for (const q of this.queues.values()) for (const e of q.entries) if (e.unresolved || e.state === 'inflight') return;
    this.resetRequested = false;
    this.producer = null;
    for (const q of this.queues.values()) {
      q.nextSequence = 0;
      for (const e of q.entries) e.stamp = null;
    }
    this.initProducerId();
  }

  private initProducerId(): void {
    if (this.initializing) return;
    this.initializing = true;
    void requestProducerId(this.transport, this.config, this.timers, () => this.failExpired()).then(
      (id) => {
        this.initializing = false;
        this.producer = id;
        for (const q of this.queues.values()) this.pump(q);
      },
      (err: Error) => {
        this.initializing = false;
        // Nothing was stamped (there is no producer id): every waiting batch fails with the cause.
        const cause = new FjordError(err instanceof FjordError ? err.code : 'UNKNOWN_SERVER_ERROR', `idempotent producer could not get a producer id: ${err.message}`, { cause: err });
        for (const q of this.queues.values()) for (const e of [...q.entries]) this.finish(q, e, cause);
      },
    );
  }

  /** Fails batches that waited past delivery.timeout.ms for a producer id; returns how many still wait. */
  private failExpired(): number {
    const now = this.clock.nowMs();
    let waiting = 0;
    for (const q of this.queues.values()) {
      for (const e of [...q.entries]) {
        if (now - e.batch.createdMs < this.config.deliveryTimeoutMs) waiting++;
        else this.finish(q, e, new FjordError('TIMEOUT', `batch for ${q.topic}-${q.partition} waited ${this.config.deliveryTimeoutMs} ms (delivery.timeout.ms) for a producer id`));
      }
    }
    return waiting;
  }
}

/** What an idempotent batch carries in its header. */
interface ProducerStamp {
  producerId: bigint;
  epoch: number;
  baseSequence: number;
}

/**
 * Writes producer id, epoch and base sequence into a built batch and computes its CRC, which
 * covers them (the producer builds idempotent batches without one: `crcLater`). Every batch is
 * stamped before its first send.
 */
function stampProducerState(bytes: Buffer, s: ProducerStamp): void {
  bytes.writeBigInt64BE(s.producerId, BATCH.producerId);
  bytes.writeInt16BE(s.epoch, BATCH.producerEpoch);
  bytes.writeInt32BE(s.baseSequence, BATCH.baseSequence);
  bytes.writeUInt32BE(computeBatchCrc(bytes, 0, bytes.length), BATCH.crc);
}

/**
 * True if some stamped batch is neither in flight nor done, i.e. must be resent. Stamped batches
 * form a prefix of the queue (stamps are handed out in order), so the scan stops at the first
 * unstamped one: at most inFlightMax entries are looked at.
 */
function hasPendingResend(q: PartitionQueue): boolean {
  for (const e of q.entries) {
    if (e.stamp === null) return false;
    if (e.state !== 'inflight') return true;
  }
  return false;
}
