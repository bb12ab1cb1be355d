/**
 * What a task runner does to each record between the task and Kafka, and how it handles a stage
 * that throws. The worker builds these from the connector config (converters, transforms,
 * errors.* keys); the runners only call them, so they stay testable without a config.
 */
import type { ProducerRecord } from '../../core/client/record-types.js';
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { SinkRecord, SourceRecord } from '../api/types.js';

/** Kafka Connect's stage names (ErrantRecord context headers use them). */
export type Stage = 'TRANSFORMATION' | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME';

/** Returned by a stage's error handler when errors.tolerance lets the record be skipped. */
export const SKIPPED: unique symbol = Symbol('skipped');

/**
 * Decides what happens when a stage throws: retry it (within errors.retry.timeout), skip the
 * record (errors.tolerance=all, after writing it to the DLQ when one is configured) or fail the
 * task (rethrow). Called only on the error path, so the per-record cost of a healthy pipeline is
 * one try/catch.
 */
export interface StageErrorHandler {
  handle<T>(stage: Stage, error: unknown, retry: () => T, failed: { source?: SourceRecord; consumed?: ConsumerRecord }): Promise<T | typeof SKIPPED>;
}

/** Source side: transforms, then converters. */
export interface SourceStages {
  /** The transformed record, or null if a transform dropped it. */
  transform(record: SourceRecord): SourceRecord | null;
  keyBytes(record: SourceRecord): Buffer | null;
  valueBytes(record: SourceRecord): Buffer | null;
  headers(record: SourceRecord): ProducerRecord['headers'];
}

/** Sink side: converters, then transforms. */
export interface SinkStages {
  toSinkRecord(record: ConsumerRecord): SinkRecord;
  transform(record: SinkRecord): SinkRecord | null;
}

/** Runs `fn`; on a throw, lets `errors` retry, skip or fail. Synchronous on the happy path. */
export function runStage<T>(errors: StageErrorHandler, stage: Stage, fn: () => T, failed: { source?: SourceRecord; consumed?: ConsumerRecord }): T | Promise<T | typeof SKIPPED> {
  try {
    return fn();
  } catch (err) {
    return errors.handle(stage, err, fn, failed);
  }
}

/** The default when errors.* is not configured: every error fails the task. */
export const failFast: StageErrorHandler = {
  handle(_stage, error) {
    return Promise.reject(error);
  },
};
