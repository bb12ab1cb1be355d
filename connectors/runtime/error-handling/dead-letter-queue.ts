/**
 * Dead-letter-queue records (Kafka's DeadLetterQueueReporter), as a pure builder plus a small
 * reporter that sends through a passed-in function.
 *
 * Sink records: the DLQ record carries the consumed record's original key/value bytes, headers
 * and timestamp; with `errors.deadletterqueue.context.headers.enable=true` Kafka's context
 * headers are appended (`__connect.errors.topic`, `.partition`, `.offset`, `.connector.name`,
 * `.task.id`, `.stage`, `.class.name`, `.exception.class.name`, `.exception.message`,
 * `.exception.stacktrace`; numbers as decimal UTF-8 text, as Kafka writes them).
 *
 * Fjord extension: source records that fail conversion or transforms may also go to a DLQ.
 * Their key and value are written as schemaless JSON (there are no original bytes), their
 * headers by the same rule, and the context headers add `__connect.errors.source.partition`
 * and `__connect.errors.source.offset` (the source partition/offset as JSON) instead of
 * topic/partition/offset.
 */
import type { ProducerRecord, RecordHeader } from '../../../core/client/record-types.js';
import { errorClassName } from '../../api/errors.js';
import { stringifyJson } from '../../api/data/json-text.js';
import { connectToJson } from '../../api/converters/json-data.js';
import type { SourceRecord } from '../../api/types.js';
import type { ErrorCounts } from './error-counts.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ProcessingContext } from './processing-context.js';

/** Every error context header starts with this. */
export const ERROR_HEADER_PREFIX = '__connect.errors.';
/** The error context header names (Kafka's, plus Fjord's source partition/offset). */
export const ERROR_HEADERS = {
  ORIG_TOPIC: `${ERROR_HEADER_PREFIX}topic`,
  ORIG_PARTITION: `${ERROR_HEADER_PREFIX}partition`,
  ORIG_OFFSET: `${ERROR_HEADER_PREFIX}offset`,
  CONNECTOR_NAME: `${ERROR_HEADER_PREFIX}connector.name`,
  TASK_ID: `${ERROR_HEADER_PREFIX}task.id`,
  STAGE: `${ERROR_HEADER_PREFIX}stage`,
  EXECUTING_CLASS: `${ERROR_HEADER_PREFIX}class.name`,
  EXCEPTION: `${ERROR_HEADER_PREFIX}exception.class.name`,
  EXCEPTION_MESSAGE: `${ERROR_HEADER_PREFIX}exception.message`,
  EXCEPTION_STACK_TRACE: `${ERROR_HEADER_PREFIX}exception.stacktrace`,
  /** Fjord extension (source records). */
  SOURCE_PARTITION: `${ERROR_HEADER_PREFIX}source.partition`,
  /** Fjord extension (source records). */
  SOURCE_OFFSET: `${ERROR_HEADER_PREFIX}source.offset`,
} as const;

/** Which task failed. */
export interface TaskId {
  connector: string;
  task: number;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const JSON_OPTS = { decimalFormat: 'BASE64', replaceNullWithDefault: true } as const;

function jsonBytes(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  try {
    return utf8(stringifyJson(connectToJson(null, value, JSON_OPTS)));
  } catch {
    return utf8(String(value));
  }
}

/** A source record's key/value/headers as DLQ bytes (schemaless JSON; Buffers and strings as they are). */
function sourceBytes(value: unknown): Buffer | null {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return utf8(value);
  return jsonBytes(value);
}

function sourceHeaders(record: SourceRecord): RecordHeader[] {
  return record.headers.map((h) => ({ key: h.key, value: sourceBytes(h.value) }));
}

/**
 * The DLQ record for a failed record, or null when it cannot have one (no record in the
 * context, or no DLQ topic). The context must hold the error, stage and executing class.
 */
export function buildDeadLetterRecord(context: ProcessingContext, config: Pick<ErrorHandlingConfig, 'dlqTopic' | 'dlqContextHeadersEnable'>, taskId: TaskId): ProducerRecord | null {
  if (config.dlqTopic === '') return null;
  const consumed = context.consumerRecord;
  const source = context.sourceRecord;
  let record: ProducerRecord & { headers: RecordHeader[] };
  if (consumed) {
    record = { topic: config.dlqTopic, key: consumed.key, value: consumed.value, headers: [...consumed.headers] };
    if (consumed.timestamp !== null && consumed.timestamp >= 0) record.timestamp = consumed.timestamp;
  } else if (source) {
    record = { topic: config.dlqTopic, key: sourceBytes(source.key), value: sourceBytes(source.value), headers: sourceHeaders(source) };
    if (source.timestamp !== null) record.timestamp = source.timestamp;
  } else {
    return null;
  }
  if (config.dlqContextHeadersEnable) record.headers.push(...contextHeaders(context, taskId));
  return record;
}

/** Kafka's error context headers (plus Fjord's source partition/offset for source records). */
export function contextHeaders(context: ProcessingContext, taskId: TaskId): RecordHeader[] {
  const h: RecordHeader[] = [];
  const add = (key: string, text: string) => h.push({ key, value: utf8(text) });
  if (context.consumerRecord) {
    add(ERROR_HEADERS.ORIG_TOPIC, context.consumerRecord.topic);
    add(ERROR_HEADERS.ORIG_PARTITION, String(context.consumerRecord.partition));
    add(ERROR_HEADERS.ORIG_OFFSET, String(context.consumerRecord.offset));
  } else if (context.sourceRecord) {
    add(ERROR_HEADERS.SOURCE_PARTITION, JSON.stringify(context.sourceRecord.sourcePartition));
    add(ERROR_HEADERS.SOURCE_OFFSET, JSON.stringify(context.sourceRecord.sourceOffset));
  }
  add(ERROR_HEADERS.CONNECTOR_NAME, taskId.connector);
  add(ERROR_HEADERS.TASK_ID, String(taskId.task));
  add(ERROR_HEADERS.STAGE, context.stage ?? 'null');
  add(ERROR_HEADERS.EXECUTING_CLASS, context.executingClass ?? 'null');
  if (context.error !== null) {
    const err = context.error;
    add(ERROR_HEADERS.EXCEPTION, errorClassName(err));
    add(ERROR_HEADERS.EXCEPTION_MESSAGE, err instanceof Error ? err.message : String(err));
    const stack = err instanceof Error ? err.stack : undefined;
    if (stack) add(ERROR_HEADERS.EXCEPTION_STACK_TRACE, stack);
  }
  return h;
}

/** Reports a failure somewhere (Kafka's ErrorReporter). */
export interface ErrorReporter {
  report(context: ProcessingContext): Promise<void>;
}

/**
 * Sends DLQ records with a passed-in `send` (the runtime's producer). A failed send is counted
 * and logged by the caller's logger, never thrown: the DLQ must not fail the task (as Kafka).
 */
export class DeadLetterQueueReporter implements ErrorReporter {
  constructor(
    private readonly config: ErrorHandlingConfig,
    private readonly taskId: TaskId,
    private readonly send: (record: ProducerRecord) => Promise<unknown>,
    private readonly counts: ErrorCounts,
    private readonly onSendError: (err: unknown) => void = () => {},
  ) {}

  async report(context: ProcessingContext): Promise<void> {
    if (this.config.dlqTopic === '') return;
    this.counts.recordDlqProduceRequest();
    const record = buildDeadLetterRecord(context, this.config, this.taskId);
    if (record === null) {
      this.counts.recordDlqProduceFailed();
      return;
    }
    try {
      await this.send(record);
      this.counts.recordDlqSent();
    } catch (err) {
      this.counts.recordDlqProduceFailed();
      this.onSendError(err);
    }
  }
}
