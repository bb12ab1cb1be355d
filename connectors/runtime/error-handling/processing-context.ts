/**
 * What the error handler knows about the record being processed (Kafka's ProcessingContext):
 * the original consumed record (sink tasks) or the source record (source tasks), the current
 * stage and executing class, and the error once one happened. One context per record.
 */
import type { RecordHeader } from '../../../core/client/record-types.js';
import type { SourceRecord } from '../../api/types.js';
import type { Stage } from './stage.js';

/** The consumed record as read from Kafka (sink tasks): bytes, before any conversion. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: number | null;
  timestampType?: 'CreateTime' | 'LogAppendTime' | 'NoTimestampType';
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** The record being processed and where it failed, if it did. */
export class ProcessingContext {
  stage: Stage | null = null;
  executingClass: string | null = null;
  error: unknown = null;
  /** Attempts of the current operation. */
  attempts = 0;

  private constructor(
    readonly consumerRecord: ConsumedRecord | null,
    readonly sourceRecord: SourceRecord | null,
  ) {}

  /** A context for a record a sink task consumed. */
  static forConsumed(record: ConsumedRecord): ProcessingContext {
    return new ProcessingContext(record, null);
  }

  /** A context for a record a source task produced. */
  static forSource(record: SourceRecord): ProcessingContext {
    return new ProcessingContext(null, record);
  }

  /** A context without a record (e.g. a put() of a whole batch). */
  static empty(): ProcessingContext {
    return new ProcessingContext(null, null);
  }

  get failed(): boolean {
    return this.error !== null;
  }

  /** Kafka's ProcessingContext.toString: the stage, class and (optionally) the record. */
  describe(includeMessage: boolean): string {
    let text = `Executing stage '${this.stage ?? 'null'}' with class '${this.executingClass ?? 'null'}'`;
    if (includeMessage && this.sourceRecord) {
      const r = this.sourceRecord;
      text += `, where source record is = SourceRecord{sourcePartition=${JSON.stringify(r.sourcePartition)}, ` +
        `sourceOffset=${JSON.stringify(r.sourceOffset)}} ConnectRecord{topic='${r.topic}', kafkaPartition=${r.kafkaPartition}, ` +
        `key=${show(r.key)}, keySchema=${JSON.stringify(r.keySchema)}, value=${show(r.value)}, valueSchema=${JSON.stringify(r.valueSchema)}, ` +
        `timestamp=${r.timestamp}, headers=${show(r.headers)}}`;
    } else if (includeMessage && this.consumerRecord) {
      const r = this.consumerRecord;
      text += `, where consumed record is {topic='${r.topic}', partition=${r.partition}, offset=${r.offset}`;
      if (r.timestamp !== null && r.timestampType !== 'NoTimestampType') text += `, timestamp=${r.timestamp}, timestampType=${r.timestampType ?? 'CreateTime'}`;
      text += '}';
    }
    return `${text}.`;
  }
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
