/**
 * Runs one source task (Kafka Connect's WorkerSourceTask): poll() → transforms → converters →
 * Producer.send. At most `inflightMax` records are sent and not yet acknowledged; poll() waits
 * beyond that. Source offsets of acknowledged records go to the offsets topic every
 * `flushIntervalMs` and when the task stops, then `commit()` is called; `commitRecord()` follows
 * each acknowledgement.
 */
import type { Producer } from '../../core/client/producer.js';
import type { ProducerRecord, RecordMetadata } from '../../core/client/record-types.js';
import type { Logger } from '../../core/io/logger.js';
import type { Timers, TimerHandle } from '../../core/io/timers.js';
import type { OffsetStorageReader, SourceRecord, SourceTask } from '../api/types.js';
import { isRetriable } from '../api/errors.js';
import { initializePlugin } from './plugin-checks.js';
import { canonicalJson, type OffsetStore, type SourceOffset, type SourcePartition } from './offset-store.js';
import { SubmittedRecords, type SubmittedRecord } from './submitted-records.js';
import { runStage, SKIPPED, type SourceStages, type StageErrorHandler } from './task-stages.js';
import { TaskRunnerBase, type TaskRunnerOptions } from './task-runner-base.js';

/** Wait before polling again after poll() threw a retriable error. */
const RETRY_BACKOFF_MS = 100;
/** Longest wait after an empty poll() before polling again. */
const EMPTY_POLL_BACKOFF_MS_MAX = 50;

export interface SourceTaskRunnerOptions extends TaskRunnerOptions {
  task: SourceTask;
  producer: Producer;
  offsets: OffsetStore;
  stages: SourceStages;
  errors: StageErrorHandler;
  flushIntervalMs: number;
  flushTimeoutMs: number;
  inflightMax: number;
  /** A topic the task produced to (for GET /connectors/{name}/topics). */
  onTopic(topic: string): void;
}

export class SourceTaskRunner extends TaskRunnerBase {
  private readonly submitted = new SubmittedRecords();
  private ackWaiter: (() => void) | null = null;
  private flushTimer: TimerHandle | null = null;
  private flushing: Promise<void> | null = null;
  private sendError: Error | null = null;
  /** Committable offsets not yet written (a write failed), by source partition. */
  private readonly unwritten = new Map<string, { partition: SourcePartition; offset: SourceOffset }>();
  private readonly seenTopics = new Set<string>();

  constructor(private readonly o: SourceTaskRunnerOptions) {
    super(o);
  }

  protected async startTask(): Promise<void> {
    const { offsets, connector } = this.o;
    const reader: OffsetStorageReader = { offset: (partition) => Promise.resolve(offsets.offset(connector, partition)) };
    initializePlugin(this.o.task, { configs: Object.freeze({ ...this.o.props }), offsetStorageReader: reader });
    await this.o.task.start({ ...this.o.props });
    this.scheduleFlush();
  }

  protected async loop(): Promise<void> {
    let emptyPolls = 0;
    while (!this.stopping) {
      if (this.sendError) throw this.sendError;
      if (this.paused) {
        await this.waitForResume();
        continue;
      }
      if (this.submitted.inflight >= this.o.inflightMax) {
        await this.waitForAck();
        continue;
      }
      let records: SourceRecord[] | null;
      try {
        records = await this.o.task.poll();
      } catch (err) {
        // As Kafka: a RetriableException from poll() is logged and polled again; anything else fails the task.
        if (!isRetriable(err) || this.stopping) throw err;
        this.o.logger.warn(`${this.name}: poll() failed with a retriable error, polling again: ${(err as Error).message}`);
        await this.sleep(RETRY_BACKOFF_MS);
        continue;
      }
      if (!records || records.length === 0) {
        emptyPolls++;
        await this.sleep(Math.min(EMPTY_POLL_BACKOFF_MS_MAX, 2 ** Math.min(emptyPolls, 6)));
        continue;
      }
      emptyPolls = 0;
      for (const record of records) {
        // A poll may return more than the bound allows: the rest wait for acknowledgements.
        while (this.submitted.inflight >= this.o.inflightMax && !this.sendError && !this.stopping) await this.waitForAck();
        // Stopping: records not yet sent are not submitted either, so their offsets are not committed.
        if (this.stopping || this.sendError) break;
        const pending = this.process(record);
        if (pending) await pending;
      }
      await this.handled(records.length);
    }
  }

  /**
   * Sends one record. The stages run in one try (the common case: nothing throws); if one throws,
   * the record goes through them again one stage at a time with the error handler deciding, and
   * only then is a promise returned.
   */
  private process(record: SourceRecord): Promise<void> | void {
    const sub = this.submitted.submit(record.sourcePartition, record.sourceOffset);
    const { stages } = this.o;
    let transformed: SourceRecord | null;
    let key: Buffer | null;
    let value: Buffer | null;
    let headers: ProducerRecord['headers'];
    try {
      transformed = stages.transform(record);
      if (transformed === null) return this.dropped(record, sub);
      key = stages.keyBytes(transformed);
      value = stages.valueBytes(transformed);
      headers = stages.headers(transformed);
    } catch {
      return this.processHandlingErrors(record, sub);
    }
    this.send(record, sub, transformed, key, value, headers);
  }

  private processHandlingErrors(record: SourceRecord, sub: SubmittedRecord): Promise<void> | void {
    const { stages, errors } = this.o;
    const transformed = runStage(errors, 'TRANSFORMATION', () => stages.transform(record), { source: record });
    if (transformed instanceof Promise) return transformed.then((t) => this.afterTransform(record, sub, t));
    return this.afterTransform(record, sub, transformed);
  }

  private afterTransform(original: SourceRecord, sub: SubmittedRecord, transformed: SourceRecord | null | typeof SKIPPED): Promise<void> | void {
    if (transformed === null || transformed === SKIPPED) return this.dropped(original, sub);
    const { stages, errors } = this.o;
    const failed = { source: transformed };
    const key = runStage(errors, 'KEY_CONVERTER', () => stages.keyBytes(transformed), failed);
    const value = runStage(errors, 'VALUE_CONVERTER', () => stages.valueBytes(transformed), failed);
    const headers = runStage(errors, 'HEADER_CONVERTER', () => stages.headers(transformed), failed);
    if (key instanceof Promise || value instanceof Promise || headers instanceof Promise) {
      return Promise.all([key, value, headers]).then(([k, v, h]) => {
        if (k === SKIPPED || v === SKIPPED || h === SKIPPED) return this.dropped(original, sub);
        this.send(original, sub, transformed, k, v, h);
      });
    }
    this.send(original, sub, transformed, key, value, headers);
  }

  private send(original: SourceRecord, sub: SubmittedRecord, record: SourceRecord, key: Buffer | null, value: Buffer | null, headers: ProducerRecord['headers']): void {
    if (!this.seenTopics.has(record.topic)) {
      this.seenTopics.add(record.topic);
      this.o.onTopic(record.topic);
    }
    const out: ProducerRecord = { topic: record.topic, key, value, headers };
    if (record.kafkaPartition !== null) out.partition = record.kafkaPartition;
    if (record.timestamp !== null) out.timestamp = record.timestamp;
    this.o.producer.send(out).then(
      (md) => this.acked(original, sub, md),
      (err: Error) => {
        // A record the producer gave up on: its offset must never be committed, so the task fails.
        this.sendError ??= new Error(`producing a record of ${this.name} to topic '${record.topic}' failed: ${err.message}`, { cause: err });
        this.wakeAckWaiter();
      },
    );
  }

  /** A record a transform dropped (or errors.tolerance skipped): its offset may be committed. */
  private dropped(original: SourceRecord, sub: SubmittedRecord): void {
    this.acked(original, sub, null);
  }

  private acked(original: SourceRecord, sub: SubmittedRecord, md: RecordMetadata | null): void {
    this.submitted.ack(sub);
    this.wakeAckWaiter();
    if (this.o.task.commitRecord) {
      const meta = md === null ? null : { topic: md.topic, partition: md.partition, offset: md.offset };
      Promise.resolve(this.o.task.commitRecord(original, meta)).catch((err: Error) => this.o.logger.warn(`${this.name} commitRecord() failed: ${err.message}`));
    }
  }

  private waitForAck(): Promise<void> {
    return new Promise<void>((resolve) => (this.ackWaiter = resolve));
  }

  private wakeAckWaiter(): void {
    const w = this.ackWaiter;
    this.ackWaiter = null;
    w?.();
  }

  protected override wakeLoop(): void {
    super.wakeLoop();
    this.wakeAckWaiter();
  }

  private scheduleFlush(): void {
    this.flushTimer = this.o.timers.setTimeout(() => {
      this.flushTimer = null;
      void this.flushOffsets().catch((err: Error) => this.o.logger.warn(`${this.name}: offset flush failed: ${err.message}`)).finally(() => {
        if (!this.stopping) this.scheduleFlush();
      });
    }, this.o.flushIntervalMs);
  }

  /** Writes the offsets of every acknowledged prefix to the offsets topic, then calls commit(). */
  async flushOffsets(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = (async () => {
      // Offsets a failed write left behind are written with the new ones (a later offset of a partition wins).
      for (const e of this.submitted.committable()) this.unwritten.set(canonicalJson(e.partition), e);
      if (this.unwritten.size === 0) return;
      const entries = [...this.unwritten.values()];
      await this.o.offsets.write(this.o.connector, entries);
      for (const [k, e] of [...this.unwritten]) if (entries.includes(e)) this.unwritten.delete(k);
      await this.o.task.commit?.();
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** After the loop ends (stop or failure): wait for outstanding sends, then commit what was acknowledged. */
  protected async stopTask(): Promise<void> {
    if (this.flushTimer) this.o.timers.clearTimeout(this.flushTimer);
    this.flushTimer = null;
    try {
      await this.o.task.stop();
    } finally {
      await this.drainSends();
      await this.flushOffsets();
    }
  }

  /** Waits, at most offset.flush.timeout.ms, until every record sent was acknowledged (or failed). */
  private async drainSends(): Promise<void> {
    let timer: TimerHandle | null = null;
    let timedOut = false;
    const timeout = new Promise<void>((resolve) => (timer = this.o.timers.setTimeout(() => { timedOut = true; resolve(); }, this.o.flushTimeoutMs)));
    await Promise.race([this.o.producer.flush().catch(() => {}), timeout]);
    while (this.submitted.inflight > 0 && !this.sendError && !timedOut) await Promise.race([this.waitForAck(), timeout]);
    if (timer) this.o.timers.clearTimeout(timer);
    if (this.submitted.inflight > 0) this.o.logger.warn(`${this.name}: ${this.submitted.inflight} records were not acknowledged within offset.flush.timeout.ms; their offsets are not committed`);
  }
}
