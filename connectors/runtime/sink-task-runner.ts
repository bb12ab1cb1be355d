/**
 * Runs one sink task (Kafka Connect's WorkerSinkTask): a consumer in the group
 * `connect-<connector>` subscribed to `topics` / `topics.regex` → converters → transforms →
 * put(). Offsets of records handed to put() are committed every `flushIntervalMs`, when the task
 * asks (requestCommit) and on stop or revocation, after preCommit() (default: flush()).
 * context.offset() rewinds, pause()/resume() and the errant record reporter work as in Kafka.
 */
import type { Consumer } from '../../core/client/consumer.js';
import { tpKey, type ConsumerRecord, type TopicPartition } from '../../core/client/record-types.js';
import type { Clock } from '../../core/io/clock.js';
import type { SinkRecord, SinkTask, SinkTaskContext, TopicPartitionOffset } from '../api/types.js';
import { isRetriable } from '../api/errors.js';
import { initializePlugin } from './plugin-checks.js';
import { runStage, SKIPPED, type SinkStages, type StageErrorHandler } from './task-stages.js';
import { TaskRunnerBase, type TaskRunnerOptions } from './task-runner-base.js';

/** How long one consumer poll may wait, so stop, pause and commits are noticed promptly. */
const POLL_TIMEOUT_MS = 200;
/** Backoff before a put() that threw a retriable error is tried again with the same batch. */
const RETRY_BACKOFF_MS = 100;

export interface SinkTaskRunnerOptions extends TaskRunnerOptions {
  task: SinkTask;
  consumer: Consumer;
  topics: string[] | RegExp;
  stages: SinkStages;
  errors: StageErrorHandler;
  /** Writes an errant record to the DLQ (given the consumed record it came from); null without errors.deadletterqueue.topic.name. */
  reporter: ((consumed: ConsumerRecord | null, record: SinkRecord, error: Error) => Promise<void>) | null;
  flushIntervalMs: number;
  clock: Clock;
  /** A topic the task consumed from (for GET /connectors/{name}/topics). */
  onTopic(topic: string): void;
}


export class SinkTaskRunner extends TaskRunnerBase {
  /** Next offset to commit per partition: one past the last record handed to put() (or skipped). */
  private readonly current = new Map<string, TopicPartitionOffset>();
  private readonly rewinds = new Map<string, TopicPartitionOffset>();
  private readonly taskPaused = new Map<string, TopicPartition>();
  private readonly seenTopics = new Set<string>();
  private commitRequested = false;
  private nextCommitMs = 0;
  private closing = false;
  /** The consumed record each delivered SinkRecord came from, for the errant record reporter (only with a DLQ). */
  private origins = new WeakMap<SinkRecord, ConsumerRecord>();

  constructor(private readonly o: SinkTaskRunnerOptions) {
    super(o);
  }

  protected async startTask(): Promise<void> {
    initializePlugin(this.o.task, this.context());
    await this.o.task.start({ ...this.o.props });
    this.o.consumer.subscribe(this.o.topics, {
      onPartitionsAssigned: (tps) => this.assigned(tps),
      onPartitionsRevoked: (tps) => this.revoked(tps),
    });
    this.nextCommitMs = this.o.clock.nowMs() + this.o.flushIntervalMs;
  }

  private context(): SinkTaskContext {
    return {
      configs: Object.freeze({ ...this.o.props }),
      offset: (offsets) => {
        for (const o of offsets) this.rewinds.set(tpKey(o.topic, o.partition), o);
      },
      assignment: () => this.o.consumer.assignment(),
      pause: (tps) => {
        for (const tp of tps) this.taskPaused.set(tpKey(tp.topic, tp.partition), tp);
        if (!this.paused) this.o.consumer.pause(this.assignedOf(tps));
      },
      resume: (tps) => {
        for (const tp of tps) this.taskPaused.delete(tpKey(tp.topic, tp.partition));
        if (!this.paused) this.o.consumer.resume(this.assignedOf(tps));
      },
      requestCommit: () => {
        this.commitRequested = true;
      },
      errantRecordReporter: () => {
        const report = this.o.reporter;
        return report && ((record, error) => report(this.origins.get(record) ?? null, record, error));
      },
    };
  }

  private assignedOf(tps: TopicPartition[]): TopicPartition[] {
    const assigned = new Set(this.o.consumer.assignment().map((tp) => tpKey(tp.topic, tp.partition)));
    return tps.filter((tp) => assigned.has(tpKey(tp.topic, tp.partition)));
  }

  private async assigned(tps: TopicPartition[]): Promise<void> {
    for (const tp of tps) {
      if (!this.seenTopics.has(tp.topic)) {
        this.seenTopics.add(tp.topic);
        this.o.onTopic(tp.topic);
      }
    }
    if (this.paused) this.o.consumer.pause(tps);
    await this.o.task.open?.(tps);
  }

  private async revoked(tps: TopicPartition[]): Promise<void> {
    if (this.closing) return;
    await this.commit(tps);
    for (const tp of tps) this.current.delete(tpKey(tp.topic, tp.partition));
    await this.o.task.close?.(tps);
  }

  protected async loop(): Promise<void> {
    let wasPaused = false;
    while (!this.stopping) {
      if (this.paused !== wasPaused) {
        wasPaused = this.paused;
        const assigned = this.o.consumer.assignment();
        if (this.paused) this.o.consumer.pause(assigned);
        else this.o.consumer.resume(assigned.filter((tp) => !this.taskPaused.has(tpKey(tp.topic, tp.partition))));
      }
      this.applyRewinds();
      const records = await this.o.consumer.poll(POLL_TIMEOUT_MS);
      if (records.length > 0 && this.paused) this.giveBack(records);
      else if (records.length > 0) await this.deliver(records);
      await this.handled(records.length);
      if (this.commitRequested || this.o.clock.nowMs() >= this.nextCommitMs) await this.commit(this.o.consumer.assignment());
    }
  }

  /** Records fetched while the task was being paused: rewind so they are fetched again on resume. */
  private giveBack(records: ConsumerRecord[]): void {
    const first = new Map<string, ConsumerRecord>();
    for (const r of records) if (!first.has(tpKey(r.topic, r.partition))) first.set(tpKey(r.topic, r.partition), r);
    for (const r of first.values()) this.o.consumer.seek({ topic: r.topic, partition: r.partition }, r.offset);
  }

  private applyRewinds(): void {
    if (this.rewinds.size === 0) return;
    const assigned = new Set(this.o.consumer.assignment().map((tp) => tpKey(tp.topic, tp.partition)));
    for (const [key, o] of this.rewinds) {
      if (!assigned.has(key)) continue;
      this.o.consumer.seek({ topic: o.topic, partition: o.partition }, o.offset);
      this.current.set(key, { topic: o.topic, partition: o.partition, offset: o.offset });
      this.rewinds.delete(key);
    }
  }

  private async deliver(records: ConsumerRecord[]): Promise<void> {
    let batch: SinkRecord[];
    try {
      batch = this.convertAll(records);
    } catch {
      batch = await this.convertHandlingErrors(records);
    }
    // Records of one partition come in offset order: the last one of each sets the next offset.
    // (A poll returns each partition's records together: the key is built once per run of them.)
    const seen = new Set<string>();
    let last: ConsumerRecord | null = null;
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (last !== null && last.partition === r.partition && last.topic === r.topic) continue;
      last = r;
      const key = tpKey(r.topic, r.partition);
      if (seen.has(key)) continue;
      seen.add(key);
      this.current.set(key, { topic: r.topic, partition: r.partition, offset: r.offset + 1n });
    }
    await this.put(batch);
  }

  /** Converters then transforms for every record, in one try: the common case where nothing throws. */
  private convertAll(records: ConsumerRecord[]): SinkRecord[] {
    const { stages, reporter } = this.o;
    const batch: SinkRecord[] = [];
    for (const r of records) {
      const t = stages.transform(stages.toSinkRecord(r));
      if (t === null) continue;
      batch.push(t);
      if (reporter) this.origins.set(t, r);
    }
    return batch;
  }

  /** Record by record, each stage through the error handler (retry, skip to the DLQ, or fail). */
  private async convertHandlingErrors(records: ConsumerRecord[]): Promise<SinkRecord[]> {
    const batch: SinkRecord[] = [];
    const { stages, errors } = this.o;
    for (const r of records) {
      const failed = { consumed: r };
      const converted = runStage(errors, 'VALUE_CONVERTER', () => stages.toSinkRecord(r), failed);
      const sink = converted instanceof Promise ? await converted : converted;
      if (sink === SKIPPED) continue;
      const transformed = runStage(errors, 'TRANSFORMATION', () => stages.transform(sink), failed);
      const t = transformed instanceof Promise ? await transformed : transformed;
      if (t === null || t === SKIPPED) continue;
      batch.push(t);
      if (this.o.reporter) this.origins.set(t, r);
    }
    return batch;
  }

  /** put(); a retriable error retries the same batch (Kafka pauses and redelivers), any other fails the task. */
  private async put(batch: SinkRecord[]): Promise<void> {
    for (;;) {
      try {
        await this.o.task.put(batch);
        return;
      } catch (err) {
        if (!isRetriable(err) || this.stopping) throw err;
        this.o.logger.warn(`${this.name}: put() failed with a retriable error, retrying: ${(err as Error).message}`);
        await this.sleep(RETRY_BACKOFF_MS);
      }
    }
  }

  /** preCommit() (default: flush() then every offset), then commit those offsets to the group. */
  private async commit(tps: TopicPartition[]): Promise<void> {
    this.commitRequested = false;
    this.nextCommitMs = this.o.clock.nowMs() + this.o.flushIntervalMs;
    const wanted = new Set(tps.map((tp) => tpKey(tp.topic, tp.partition)));
    const offsets = [...this.current.entries()].filter(([k]) => wanted.has(k)).map(([, o]) => ({ ...o }));
    let toCommit: TopicPartitionOffset[];
    if (this.o.task.preCommit) {
      toCommit = await this.o.task.preCommit(offsets);
    } else {
      await this.o.task.flush?.(offsets);
      toCommit = offsets;
    }
    const assigned = new Set(this.o.consumer.assignment().map((tp) => tpKey(tp.topic, tp.partition)));
    const committable = toCommit.filter((o) => assigned.has(tpKey(o.topic, o.partition)));
    if (committable.length === 0) return;
    try {
      await this.o.consumer.commitSync(committable);
    } catch (err) {
      // As Kafka's WorkerSinkTask: a failed commit (a rebalance under way, the coordinator moved)
      // is logged; the offsets are committed at the next flush, and at worst records are redelivered.
      this.o.logger.warn(`${this.name}: committing offsets failed, will retry at the next flush: ${(err as Error).message}`);
    }
  }

  protected async stopTask(): Promise<void> {
    try {
      if (!this.hasFailed) await this.commit(this.o.consumer.assignment());
      const assigned = this.o.consumer.assignment();
      if (assigned.length > 0) await this.o.task.close?.(assigned);
    } finally {
      this.closing = true;
      try {
        await this.o.task.stop();
      } finally {
        await this.o.consumer.close();
      }
    }
  }
}
