/**
 * The producer: records are encoded straight into a per-partition RecordBatchBuilder; a batch
 * is sent when it reaches batch.size or has waited linger.ms. Sending and retries follow Kafka's
 * semantics: acks 0/1/all, retriable errors retried with backoff within delivery.timeout.ms.
 * With enable.idempotence (the default when acks='all') sealed batches go to
 * IdempotentDelivery, which numbers them so the broker drops retried duplicates; otherwise they
 * are sent as they are, each on its own, which keeps the acks=0/1 path as fast as it was.
 */
import { FjordError, kafkaError } from '../errors.js';
import { systemClock, type Clock } from '../io/clock.js';
import { systemTimers, type TimerHandle, type Timers } from '../io/timers.js';
import { partitionForKey, StickyPartitioner } from '../protocol/partitioner.js';
import { fieldLength, RecordBatchBuilder } from '../protocol/record-batch.js';
import { IdempotentDelivery, type IdempotentBatch } from './idempotent-delivery.js';
import { MetadataCache } from './metadata-cache.js';
import { acksNumber, resolveProducerConfig, type ProducerConfig } from './producer-config.js';
import { toBuffer, toHeaders, type Bytes, type ProducerRecord, type RecordHeader, type RecordMetadata, type TopicPartition } from './record-types.js';
import type { Transport } from './transport.js';

/**
 * How a batch's records are settled. The batch has one promise; each record's send() promise is
 * `promise.then(nextRecordMetadata)`. A promise runs its reactions in the order they were added,
 * so the records settle in send order and each reaction can take the next index from the ack.
 * This keeps two objects per pending record (the derived promise and its reaction) instead of a
 * promise, two resolving functions and their context: the records of a producer's window of
 * unacknowledged sends survive young-generation collections, and copying them dominated GC.
 */
interface Pending {
  promise: Promise<BatchAck>;
  resolve: (ack: BatchAck) => void;
  reject: (e: Error) => void;
  /** Each record's timestamp, in append order (a double array: no object per record). */
  timestamps: number[];
  /**
   * The append positions of the records that have a send() promise, once a record without one
   * (sendReportingFailure) joined the batch; null while every record has one (position = order).
   */
  promised: number[] | null;
  /** The failure handler last attached to `promise`, so consecutive records attach theirs once. */
  failureHandler: ((error: Error) => void) | null;
}

function newPending(): Pending {
  let resolve!: (ack: BatchAck) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<BatchAck>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject, timestamps: [], promised: null, failureHandler: null };
}

interface Queued {
  record: ProducerRecord;
  resolve: (m: RecordMetadata | Promise<RecordMetadata>) => void;
  reject: (e: Error) => void;
  /** Set for a sendReportingFailure: the record has no promise, resolve/reject are unused. */
  onFailure?: (error: Error) => void;
}

const ignore = (): void => {};

interface OpenBatch {
  topic: string;
  partition: number;
  builder: RecordBatchBuilder;
  pending: Pending;
  createdMs: number;
  /** linger.ms passed while the partition had max.in.flight batches outstanding: send it next. */
  lingered: boolean;
}

interface ReadyBatch {
  topic: string;
  partition: number;
  bytes: Buffer;
  pending: Pending;
  createdMs: number;
  attempts: number;
}

/** Upper bound of a record's encoded size: varint overheads of at most 5 bytes per length and delta. */
function recordSizeEstimate(keyLength: number, valueLength: number, headers: RecordHeader[] | undefined): number {
  let size = 40 + Math.max(0, keyLength) + Math.max(0, valueLength);
  if (headers) for (const h of headers) size += 10 + Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  return size;
}

/** What a batch's acknowledgement said, shared by the RecordMetadata of its records. */
interface BatchAck {
  topic: string;
  partition: number;
  baseOffset: bigint;
  logAppendTimeMs: number;
  timestamps: number[];
  /** Pending.promised: the append position of each promised record, or null when all are. */
  promised: number[] | null;
  /** The index of the record whose promise settles next (see Pending). */
  next: number;
}

/**
 * A record's metadata, computed from its batch's acknowledgement on access: producing millions
 * of records a second, a BigInt offset (or a boxed timestamp) per record that nobody reads is
 * garbage worth avoiding.
 */
class SentRecordMetadata implements RecordMetadata {
  constructor(
    private readonly ack: BatchAck,
    private readonly index: number,
  ) {}
  get topic(): string {
    return this.ack.topic;
  }
  get partition(): number {
    return this.ack.partition;
  }
  get offset(): bigint {
    return this.ack.baseOffset < 0n ? -1n : this.ack.baseOffset + BigInt(this.index);
  }
  get timestamp(): number {
    return this.ack.logAppendTimeMs >= 0 ? this.ack.logAppendTimeMs : this.ack.timestamps[this.index];
  }
  toJSON(): { topic: string; partition: number; offset: string; timestamp: number } {
    return { topic: this.topic, partition: this.partition, offset: String(this.offset), timestamp: this.timestamp };
  }
}

/** The reaction every record adds to its batch's promise: one shared function, no closure per record. */
function nextRecordMetadata(ack: BatchAck): RecordMetadata {
  const n = ack.next++;
  return new SentRecordMetadata(ack, ack.promised === null ? n : ack.promised[n]!);
}

/** Room past batch.size: the record that fills a batch may overshoot it a little. */
const BATCH_SLACK_BYTES = 1024;
/** Free batch buffers kept for reuse; enough for a few partitions' batches in flight. */
const BUFFER_POOL_MAX = 16;

/** Sends within one tick may share a clock reading for at most this many records (well under 1 ms). */
const CLOCK_READS_EVERY = 64;

export class Producer {
  readonly config: ProducerConfig;
  private readonly metadata: MetadataCache;
  private readonly sticky = new StickyPartitioner(Math.random);
  /** Sealed batches not yet completed, by topic, then by partition. */
  private readonly outstanding = new Map<string, number[]>();
  /** Open batches by topic, then by partition. */
  private readonly open = new Map<string, (OpenBatch | undefined)[]>();
  private lingerTimer: TimerHandle | null = null;
  private lingerImmediate = false;
  private inFlight = new Set<Promise<void>>();
  private bufferedBytes = 0;
  private readonly bufferPool: Buffer[] = [];
  private cachedNowMs = 0;
  private clockReadsLeft = 0;
  /** Per topic: sends waiting for metadata or buffer space, in send order. */
  private readonly queued = new Map<string, Queued[]>();
  private readonly draining = new Set<Promise<void>>();
  private spaceWaiters: (() => void)[] = [];
  private closed = false;
  /** Per topic, per partition: the offset after the last record acknowledged (acks >= 1). */
  private readonly ackedEnds = new Map<string, bigint[]>();
  /** Sends sealed batches when idempotence is on; null sends them directly. */
  private readonly idempotent: IdempotentDelivery | null;

  constructor(
    private readonly transport: Transport,
    config: Partial<ProducerConfig> = {},
    private readonly clock: Clock = systemClock,
    private readonly timers: Timers = systemTimers,
  ) {
    this.config = resolveProducerConfig(config);
    this.metadata = new MetadataCache(transport, this.config.allowAutoCreateTopics);
    this.idempotent = this.config.enableIdempotence ? new IdempotentDelivery(transport, this.config, clock, timers) : null;
  }

  /** The producer id and epoch of an idempotent producer once InitProducerId answered, else null. */
  get producerIdAndEpoch(): { producerId: bigint; epoch: number } | null {
    return this.idempotent?.producerIdAndEpoch ?? null;
  }

  /**
   * Sends one record; resolves with its partition and offset once acknowledged per `acks`. The
   * record's bytes are copied before send() returns (as Kafka's producer serializes in send()):
   * the caller may reuse or overwrite its key, value and header buffers at once.
   */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    if (this.closed) return Promise.reject(new FjordError('CLOSED', 'the producer is closed'));
    const count = this.metadata.partitionCount(record.topic);
    if (count === undefined || this.bufferedBytes >= this.config.bufferMemory || this.queued.has(record.topic)) return this.enqueue(record);
    return this.append(record, count);
  }

  /**
   * send() for a caller that needs no metadata, only failures (Kafka's `send(record, callback)`
   * with a callback that looks at the exception): the record is copied and batched exactly as
   * by send(), but gets no promise of its own. If its batch fails, `onFailure` is called once
   * for the records of that batch sent with it (once, too, when the topic's metadata lookup
   * fails); a caller that needs each record's outcome uses send(). A Fjord Streams application
   * sends its output records this way: two promises and a metadata object per record were a
   * large part of its garbage.
   */
  sendReportingFailure(record: ProducerRecord, onFailure: (error: Error) => void): void {
    if (this.closed) {
      queueMicrotask(() => onFailure(new FjordError('CLOSED', 'the producer is closed')));
      return;
    }
    const count = this.metadata.partitionCount(record.topic);
    if (count === undefined || this.bufferedBytes >= this.config.bufferMemory || this.queued.has(record.topic)) {
      this.enqueue(record, onFailure);
      return;
    }
    this.append(record, count, undefined, onFailure);
  }

  /**
   * A send that must wait (for its topic's metadata, or for buffer space) joins its topic's
   * queue; later sends of the topic queue behind it, so records keep the order of send() calls.
   * The queue is drained synchronously once it can go on, so new sends return to the fast path.
   */
  private enqueue(given: ProducerRecord): Promise<RecordMetadata>;
  private enqueue(given: ProducerRecord, onFailure: (error: Error) => void): void;
  private enqueue(given: ProducerRecord, onFailure?: (error: Error) => void): Promise<RecordMetadata> | void {
    const record = ownCopy(given);
    let queue = this.queued.get(record.topic);
    const first = queue === undefined;
    if (!queue) this.queued.set(record.topic, (queue = []));
    const q = queue;
    let promise: Promise<RecordMetadata> | undefined;
    if (onFailure === undefined) promise = new Promise<RecordMetadata>((resolve, reject) => q.push({ record, resolve, reject }));
    else q.push({ record, resolve: ignore, reject: ignore, onFailure });
    if (first) {
      const drained = this.drain(record.topic, q);
      this.draining.add(drained);
      void drained.finally(() => this.draining.delete(drained));
    }
    return promise;
  }

  private async drain(topic: string, queue: Queued[]): Promise<void> {
    let next = 0;
    try {
      const count = await this.metadata.partitionsFor(topic);
      while (next < queue.length) {
        if (this.bufferedBytes >= this.config.bufferMemory) {
          await new Promise<void>((r) => this.spaceWaiters.push(r));
          continue;
        }
        const item = queue[next++];
        try {
          // The queued send's own resolve/reject join the batch, so its promise settles in record
          // order with the sends after it (adopting append()'s promise would settle it later).
          if (item.onFailure === undefined) this.append(item.record, count, item);
          else this.append(item.record, count, undefined, item.onFailure);
        } catch (err) {
          if (item.onFailure === undefined) item.reject(err as Error);
          else item.onFailure(err as Error);
        }
      }
    } catch (err) {
      // The topic's metadata lookup failed: every waiting send fails, each handler once.
      const called = new Set<(error: Error) => void>();
      for (; next < queue.length; next++) {
        const item = queue[next];
        if (item.onFailure === undefined) item.reject(err as Error);
        else if (!called.has(item.onFailure)) {
          called.add(item.onFailure);
          item.onFailure(err as Error);
        }
      }
    }
    // Nothing can have joined since the loop's last check: no await in between.
    this.queued.delete(topic);
  }

  private append(record: ProducerRecord, partitionCount: number): Promise<RecordMetadata>;
  private append(record: ProducerRecord, partitionCount: number, settle: Pick<Queued, 'resolve' | 'reject'>): void;
  private append(record: ProducerRecord, partitionCount: number, settle: undefined, onFailure: (error: Error) => void): void;
  private append(record: ProducerRecord, partitionCount: number, settle?: Pick<Queued, 'resolve' | 'reject'>, onFailure?: (error: Error) => void): Promise<RecordMetadata> | void {
    // A string value is written into the batch as UTF-8 by the builder: no Buffer made and copied.
    // So is a string key, unless the partitioner must hash its bytes (a topic of one partition
    // needs no hash: every key goes to partition 0).
    const key = typeof record.key === 'string' && (partitionCount === 1 || record.partition !== undefined) ? record.key : toBuffer(record.key);
    const keyLength = fieldLength(key);
    const value = record.value ?? null;
    const valueLength = fieldLength(value);
    // No headers and an empty array are the same record: no array is copied for none.
    const headers = isEmptyArray(record.headers) ? undefined : toHeaders(record.headers);
    const partition = this.choosePartition(record, key, partitionCount);
    const now = this.now();
    let byPartition = this.open.get(record.topic);
    if (!byPartition) this.open.set(record.topic, (byPartition = []));
    let batch = byPartition[partition];
    // As Kafka's accumulator: a record that would push a non-empty batch past batch.size starts a new one.
    if (batch && batch.builder.estimatedSizeBytes + recordSizeEstimate(keyLength, valueLength, headers) > this.config.batchSize) {
      this.seal(batch);
      batch = undefined;
    }
    if (!batch) {
      // IdempotentDelivery stamps every batch before its first send, computing the CRC then.
      const builder = new RecordBatchBuilder({ compression: this.config.compressionType, buffer: this.takeBuffer(), crcLater: this.idempotent !== null });
      batch = { topic: record.topic, partition, builder, pending: newPending(), createdMs: now, lingered: false };
      byPartition[partition] = batch;
    }
    const open = batch;
    const before = open.builder.estimatedSizeBytes;
    const timestamp = record.timestamp ?? now;
    open.builder.appendFields(key, value, headers, timestamp, now, valueLength, keyLength);
    this.bufferedBytes += open.builder.estimatedSizeBytes - before;
    const pending = open.pending;
    const position = pending.timestamps.push(timestamp) - 1;
    let promise: Promise<RecordMetadata> | undefined;
    if (onFailure !== undefined) this.attachFailureHandler(pending, position, onFailure);
    else {
      pending.promised?.push(position);
      if (settle === undefined) promise = pending.promise.then(nextRecordMetadata);
      // A queued send's own promise settles inside its reaction, so in order with the sends after it.
      else void pending.promise.then((ack) => settle.resolve(nextRecordMetadata(ack)), settle.reject);
    }
    if (open.builder.estimatedSizeBytes >= this.config.batchSize) this.seal(open);
    else this.armLinger();
    return promise;
  }

  /** A record without a promise at `position`: later promised records keep their metadata right. */
  private attachFailureHandler(pending: Pending, position: number, onFailure: (error: Error) => void): void {
    if (pending.promised === null) pending.promised = Array.from({ length: position }, (_, i) => i);
    if (pending.failureHandler === onFailure) return;
    pending.failureHandler = onFailure;
    void pending.promise.then(undefined, onFailure);
  }

  /**
   * Batch buffers are reused: at tens of MB/s a fresh batch.size buffer per batch is external
   * memory that triggers full garbage collections. A buffer comes back only once its batch is
   * done (acknowledged or failed); with acks=0 never, since a socket write may still read it.
   */
  private takeBuffer(): Buffer {
    return this.bufferPool.pop() ?? Buffer.allocUnsafe(this.config.batchSize + BATCH_SLACK_BYTES);
  }

  private giveBack(builder: RecordBatchBuilder): void {
    const buf = builder.buffer;
    if (acksNumber(this.config.acks) === 0 || buf.length !== this.config.batchSize + BATCH_SLACK_BYTES) return;
    if (this.bufferPool.length < BUFFER_POOL_MAX) this.bufferPool.push(buf);
  }

  /** The clock, read once per CLOCK_READS_EVERY sends and at least once per tick. */
  private now(): number {
    if (this.clockReadsLeft-- > 0) return this.cachedNowMs;
    this.cachedNowMs = this.clock.nowMs();
    this.clockReadsLeft = CLOCK_READS_EVERY - 1;
    queueMicrotask(this.expireNow);
    return this.cachedNowMs;
  }

  private readonly expireNow = (): void => {
    this.clockReadsLeft = 0;
  };

  private choosePartition(record: ProducerRecord, key: Buffer | string | null, count: number): number {
    if (record.partition !== undefined) {
      if (!Number.isInteger(record.partition) || record.partition < 0 || record.partition >= count) {
        throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `partition ${record.partition} of topic '${record.topic}' does not exist (it has ${count})`);
      }
      return record.partition;
    }
    // One partition: where any partitioner sends every record, so no key is hashed for it.
    if (count === 1) return 0;
    if (key !== null) return partitionForKey(key as Buffer, count);
    return this.sticky.partition(record.topic, count);
  }

  private armLinger(): void {
    if (this.lingerTimer || this.lingerImmediate) return;
    if (this.config.lingerMs === 0) {
      // linger.ms=0: send once the current burst of sends is done. A 0 ms timer would wait 1 ms
      // (Node's minimum), a whole millisecond of latency for nothing.
      this.lingerImmediate = true;
      queueMicrotask(() => {
        this.lingerImmediate = false;
        this.sealLingered();
      });
      return;
    }
    this.lingerTimer = this.timers.setTimeout(() => {
      this.lingerTimer = null;
      this.sealLingered();
    }, this.config.lingerMs);
  }

  /**
   * linger.ms passed. As Kafka's accumulator: a partition that already has max.in.flight batches
   * outstanding keeps filling its open batch instead of queueing another small one; the batch is
   * sent when one of those completes. Without this, a producer faster than its broker builds an
   * ever longer queue of tiny batches and latency grows without bound.
   */
  private sealLingered(): void {
    for (const byPartition of [...this.open.values()]) {
      for (const batch of byPartition) {
        if (!batch) continue;
        if (this.outstandingOf(batch.topic, batch.partition) < this.config.maxInFlightRequestsPerConnection) this.seal(batch);
        else batch.lingered = true;
      }
    }
  }

  private sealAll(): void {
    for (const byPartition of [...this.open.values()]) for (const batch of byPartition) if (batch) this.seal(batch);
  }

  private outstandingOf(topic: string, partition: number): number {
    return this.outstanding.get(topic)?.[partition] ?? 0;
  }

  private addOutstanding(topic: string, partition: number, delta: number): void {
    let counts = this.outstanding.get(topic);
    if (!counts) this.outstanding.set(topic, (counts = []));
    counts[partition] = (counts[partition] ?? 0) + delta;
  }

  /** A sealed batch completed (acknowledged or failed): a lingered batch of its partition goes now. */
  private batchDone(topic: string, partition: number): void {
    this.addOutstanding(topic, partition, -1);
    const waiting = this.open.get(topic)?.[partition];
    if (waiting?.lingered) this.seal(waiting);
  }

  private seal(batch: OpenBatch): void {
    const byPartition = this.open.get(batch.topic);
    if (byPartition && byPartition[batch.partition] === batch) byPartition[batch.partition] = undefined;
    if (batch.builder.recordCount === 0) return;
    // A full or lingered batch ends the sticky partition's turn (KIP-480).
    this.sticky.onNewBatch(batch.topic, batch.partition, this.metadata.partitionCount(batch.topic) ?? 1);
    this.addOutstanding(batch.topic, batch.partition, 1);
    const done = (): void => this.batchDone(batch.topic, batch.partition);
    if (this.idempotent !== null) return this.track(this.idempotent.enqueue(this.idempotentBatch(batch, done)));
    const ready = async (): Promise<void> => {
      const bytes = this.config.compressionType === 'zstd' ? await batch.builder.buildAsync() : batch.builder.build();
      await this.deliver({ topic: batch.topic, partition: batch.partition, bytes, pending: batch.pending, createdMs: batch.createdMs, attempts: 0 });
    };
    const p = ready()
      .catch((err) => this.fail(batch.pending, batch.builder.estimatedSizeBytes, err as Error))
      .finally(() => {
        this.giveBack(batch.builder);
        done();
      });
    this.track(p);
  }

  private idempotentBatch(batch: OpenBatch, done: () => void): IdempotentBatch {
    // What was counted against buffer.memory while the batch filled; released when it completes.
    const bufferedBytes = batch.builder.estimatedSizeBytes;
    return {
      topic: batch.topic,
      partition: batch.partition,
      recordCount: batch.builder.recordCount,
      createdMs: batch.createdMs,
      bytes: this.build(batch.builder),
      succeed: (baseOffset, logAppendTimeMs) => {
        this.release(bufferedBytes);
        this.resolveRecords(batch.topic, batch.partition, batch.pending, baseOffset, logAppendTimeMs);
        this.giveBack(batch.builder);
        done();
      },
      fail: (err) => {
        this.fail(batch.pending, bufferedBytes, err);
        this.giveBack(batch.builder);
        done();
      },
    };
  }

  /** The finished batch; a synchronous build error (e.g. MESSAGE_TOO_LARGE) becomes a rejection. */
  private build(builder: RecordBatchBuilder): Buffer | Promise<Buffer> {
    if (this.config.compressionType === 'zstd') return builder.buildAsync();
    try {
      return builder.build();
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(batch: ReadyBatch): Promise<void> {
    const acks = acksNumber(this.config.acks);
    for (;;) {
      batch.attempts++;
      const res = await this.transport.request('Produce', {
        transactionalId: null,
        acks,
        timeoutMs: this.config.requestTimeoutMs,
        topicData: [{ name: batch.topic, partitionData: [{ index: batch.partition, records: batch.bytes }] }],
      });
      const part = res?.responses[0]?.partitionResponses[0];
      if (acks === 0 || !part) return this.succeed(batch, -1n);
      if (part.errorCode === 0) return this.succeed(batch, part.baseOffset, part.logAppendTimeMs);
      const err = kafkaError(part.errorCode, `produce to ${batch.topic}-${batch.partition}`, part.errorMessage);
      const elapsed = this.clock.nowMs() - batch.createdMs;
      if (!err.retriable || batch.attempts > this.config.retries || elapsed + this.config.retryBackoffMs > this.config.deliveryTimeoutMs) throw err;
      if (err.code === 'UNKNOWN_TOPIC_OR_PARTITION') this.metadata.forget(batch.topic);
      await new Promise<void>((r) => this.timers.setTimeout(r, this.config.retryBackoffMs));
    }
  }

  private succeed(batch: ReadyBatch, baseOffset: bigint, logAppendTimeMs = -1n): void {
    this.release(batch.bytes.length);
    this.resolveRecords(batch.topic, batch.partition, batch.pending, baseOffset, logAppendTimeMs);
  }

  private resolveRecords(topic: string, partition: number, pending: Pending, baseOffset: bigint, logAppendTimeMs: bigint): void {
    if (baseOffset >= 0n) {
      let ends = this.ackedEnds.get(topic);
      if (ends === undefined) this.ackedEnds.set(topic, (ends = []));
      const end = baseOffset + BigInt(pending.timestamps.length);
      if (!(ends[partition]! >= end)) ends[partition] = end;
    }
    pending.resolve({ topic, partition, baseOffset, logAppendTimeMs: Number(logAppendTimeMs), timestamps: pending.timestamps, promised: pending.promised, next: 0 });
  }

  private fail(pending: Pending, bytes: number, err: Error): void {
    this.release(bytes);
    pending.reject(err);
  }

  private release(bytes: number): void {
    this.bufferedBytes = Math.max(0, this.bufferedBytes - bytes);
    if (this.bufferedBytes < this.config.bufferMemory) for (const wake of this.spaceWaiters.splice(0)) wake();
  }

  /** Sends every buffered record now and waits until all are acknowledged (or failed). */
  /**
   * The partitions of `topic`, looking its metadata up if this producer has none yet (Kafka's
   * `partitionsFor`). A send to a topic the producer does not know yet waits for that lookup with
   * a copy of its record; an application that knows its topics up front can ask first. Fails with
   * UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist.
   */
  async partitionsFor(topic: string): Promise<TopicPartition[]> {
    const count = await this.metadata.partitionsFor(topic);
    return Array.from({ length: count }, (_, partition) => ({ topic, partition }));
  }

  /**
   * The offset after the last record of `topic`-`partition` this producer has had acknowledged
   * (undefined before the first, and with acks=0, which returns no offsets). After flush(), it
   * is where everything sent so far ends: what a caller that sends with sendReportingFailure
   * and needs only its partition's end (a Streams changelog) reads instead of every record's
   * metadata.
   */
  ackedEndOffset(topic: string, partition: number): bigint | undefined {
    return this.ackedEnds.get(topic)?.[partition];
  }

  async flush(): Promise<void> {
    // Sends still waiting for metadata or buffer space are appended first.
    while (this.draining.size > 0) await Promise.all([...this.draining]);
    if (this.lingerTimer) {
      this.timers.clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.sealAll();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Flushes, then refuses further sends. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
  }
}

function isEmptyArray(headers: ProducerRecord['headers']): boolean {
  return Array.isArray(headers) && headers.length === 0;
}

/** A copy of `b` if it is a Buffer (the caller may reuse its own); strings are immutable. */
function copyBytes(b: Bytes | null | undefined): Bytes | null | undefined {
  return Buffer.isBuffer(b) ? Buffer.from(b) : b;
}

/**
 * The record with copies of its buffers, for a send that waits: the caller may reuse its own at
 * once. Every send of a new producer waits for its topic's metadata, so this is not rare.
 */
function ownCopy(record: ProducerRecord): ProducerRecord {
  const copy: ProducerRecord = { topic: record.topic, key: copyBytes(record.key), value: copyBytes(record.value) ?? null };
  if (record.timestamp !== undefined) copy.timestamp = record.timestamp;
  if (record.partition !== undefined) copy.partition = record.partition;
  const headers = record.headers;
  if (headers !== undefined) {
    copy.headers = Array.isArray(headers)
      ? headers.map((h) => ({ key: h.key, value: copyBytes(h.value) ?? null }))
      : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, copyBytes(v)!]));
  }
  return copy;
}
