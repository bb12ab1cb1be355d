/**
 * The Processor API (Kafka Streams' `org.apache.kafka.streams.processor.api`): a processor gets
 * records one at a time with `process`, may read and write state stores, forwards records to
 * its children through the context, and may schedule punctuations on stream or wall-clock time.
 *
 * Ordering: a processor may return a promise from `process` (for example after an async store
 * range scan); the task does not hand it, or any processor, the next record until that promise
 * settles. `context.forward` may be called from the async part too: forwards of one processor run
 * strictly in call order, each finishing downstream before the next starts.
 */
import type { StreamRecord, RecordMetadata, MaybePromise } from './record.js';

export type PunctuationType = 'STREAM_TIME' | 'WALL_CLOCK_TIME';

export interface Cancellable {
  cancel(): void;
}

export interface ProcessorContext<KOut = unknown, VOut = unknown> {
  readonly applicationId: string;
  /** `<subtopology>_<partition>`, as Kafka's TaskId. */
  readonly taskId: string;
  /** Forward to every child, or only to the child named `childName`. */
  forward(record: StreamRecord<KOut, VOut>, childName?: string): void;
  /** A store connected to this processor (by `process(..., storeNames)` or the DSL). */
  getStateStore<S = unknown>(name: string): S;
  /** Schedules `punctuator(timestamp)` every `intervalMs` of stream or wall-clock time. */
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestampMs: number) => MaybePromise): Cancellable;
  /** Source topic/partition/offset of the record being processed; null inside punctuations. */
  recordMetadata(): RecordMetadata | null;
  /** The task's stream time (largest timestamp seen), -1 before any record. */
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  /** Asks the runtime to commit soon. */
  commit(): void;
}

export interface Processor<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> {
  init?(context: ProcessorContext<KOut, VOut>): MaybePromise;
  process(record: StreamRecord<KIn, VIn>): MaybePromise;
  close?(): MaybePromise;
}

/** Creates one processor instance per task. */
export type ProcessorSupplier<KIn = unknown, VIn = unknown, KOut = unknown, VOut = unknown> = () => Processor<KIn, VIn, KOut, VOut>;

/** `processValues` processors may not change the key (Kafka's FixedKeyProcessor). */
export interface FixedKeyProcessorContext<K, VOut> extends Omit<ProcessorContext<K, VOut>, 'forward'> {
  forward(record: StreamRecord<K, VOut>, childName?: string): void;
}
