/**
 * The records of one topic-partition waiting to become the next Arrow file: consecutive offsets
 * from `startOffset`, all with the same value schema. Pure: the caller passes the time.
 */
import type { Schema, SinkRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { formatValue, toJson } from '../common/format-value.js';
import { VALUE_COLUMN, columnsFromSchema, inferColumns, type ColumnSpec } from './column-model.js';

export const OFFSET_COLUMN = '__kafka_offset';
export const TIMESTAMP_COLUMN = '__kafka_timestamp';
export const KEY_COLUMN = '__kafka_key';

const METADATA_COLUMNS: ColumnSpec[] = [
  { name: OFFSET_COLUMN, kind: 'int64', nullable: false },
  { name: TIMESTAMP_COLUMN, kind: 'timestamp', nullable: true },
  { name: KEY_COLUMN, kind: 'utf8', nullable: true },
];

/** A stable text for a schema, to notice when it changes (which starts a new file). */
export function schemaKey(schema: Schema | null): string {
  return schema === null ? '' : toJson(schema);
}

export class PartitionBuffer {
  readonly rows: Record<string, unknown>[] = [];
  bytes = 0;
  lastOffset: bigint;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly startOffset: bigint,
    /** Declared schema, else the records' value schema, else null (infer from values). */
    readonly valueSchema: Schema | null,
    readonly openedAtMs: number,
    private readonly metadata: boolean,
  ) {
    this.lastOffset = startOffset - 1n;
  }

  /** Adds a record; its value must fit `valueSchema` (required fields present). */
  add(record: SinkRecord): void {
    const row = this.rowOf(record);
    if (this.metadata) {
      row[OFFSET_COLUMN] = record.kafkaOffset;
      row[TIMESTAMP_COLUMN] = record.timestamp === null ? null : new Date(record.timestamp);
      row[KEY_COLUMN] = record.key === null || record.key === undefined ? null : formatValue(record.key);
    }
    this.rows.push(row);
    this.bytes += estimateBytes(record.value);
    this.lastOffset = record.kafkaOffset;
  }

  /** The file's columns: the value's, then the metadata columns. */
  columns(): ColumnSpec[] {
    const value = this.valueSchema ? columnsFromSchema(this.valueSchema) : inferColumns(this.rows.map((r) => withoutMetadata(r)));
    return this.metadata ? [...value, ...METADATA_COLUMNS] : value;
  }

  private rowOf(record: SinkRecord): Record<string, unknown> {
    const v = record.value;
    const isObject = typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
    const struct = this.valueSchema ? this.valueSchema.type === 'struct' : isObject;
    if (!struct) return { [VALUE_COLUMN]: v ?? null };
    if (!isObject) throw recordError(record, `the value is ${v === null ? 'null' : typeof v}, but the schema is a struct`);
    const row: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const f of this.valueSchema?.fields ?? []) {
      if (!f.schema.optional && (row[f.field] === null || row[f.field] === undefined)) {
        throw recordError(record, `required field "${f.field}" is missing or null`);
      }
    }
    return row;
  }
}

function withoutMetadata(row: Record<string, unknown>): Record<string, unknown> {
  const { [OFFSET_COLUMN]: _o, [TIMESTAMP_COLUMN]: _t, [KEY_COLUMN]: _k, ...rest } = row;
  return rest;
}

function estimateBytes(value: unknown): number {
  if (value === null || value === undefined) return 8;
  if (typeof value === 'string') return value.length + 8;
  if (Buffer.isBuffer(value)) return value.length + 8;
  return toJson(value).length + 8;
}

function recordError(record: SinkRecord, message: string): FjordError {
  return new FjordError('INVALID_RECORD', `ArrowSinkTask: record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}: ${message}`);
}
