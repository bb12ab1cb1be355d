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

const schemaKeys = new WeakMap<Schema, string>();

/** A stable text for a schema, to notice when it changes (which starts a new file); cached per schema object. */
export function schemaKey(schema: Schema | null): string {
  if (schema === null) return '';
  let key = schemaKeys.get(schema);
  if (key === undefined) {
    key = toJson(schema);
    schemaKeys.set(schema, key);
  }
  return key;
}

export class PartitionBuffer {
  /** Struct values as they came (not copied), or `{value}` for non-struct values. */
  readonly rows: Record<string, unknown>[] = [];
  private readonly offsets: bigint[] = [];
  private readonly timestamps: (Date | null)[] = [];
  private readonly keys: (string | null)[] = [];
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
    this.rows.push(this.rowOf(record));
    if (this.metadata) {
      this.offsets.push(record.kafkaOffset);
      this.timestamps.push(record.timestamp === null ? null : new Date(record.timestamp));
      this.keys.push(record.key === null || record.key === undefined ? null : formatValue(record.key));
    }
    this.bytes += estimateBytes(record.value);
    this.lastOffset = record.kafkaOffset;
  }

  /** The file's columns: the value's, then the metadata columns. */
  columns(): ColumnSpec[] {
    const value = this.valueSchema ? columnsFromSchema(this.valueSchema) : inferColumns(this.rows);
    return this.metadata ? [...value, ...METADATA_COLUMNS] : value;
  }

  /** Every row's value of one column, in order. */
  columnValues(column: ColumnSpec): unknown[] {
    if (this.metadata) {
      if (column.name === OFFSET_COLUMN) return this.offsets;
      if (column.name === TIMESTAMP_COLUMN) return this.timestamps;
      if (column.name === KEY_COLUMN) return this.keys;
    }
    return this.rows.map((r) => r[column.name]);
  }

  private rowOf(record: SinkRecord): Record<string, unknown> {
    const v = record.value;
    const isObject = typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
    const struct = this.valueSchema ? this.valueSchema.type === 'struct' : isObject;
    if (!struct) return { [VALUE_COLUMN]: v ?? null };
    if (!isObject) throw recordError(record, `the value is ${v === null ? 'null' : typeof v}, but the schema is a struct`);
    const row = v as Record<string, unknown>;
    for (const f of this.valueSchema?.fields ?? []) {
      if (!f.schema.optional && (row[f.field] === null || row[f.field] === undefined)) {
        throw recordError(record, `required field "${f.field}" is missing or null`);
      }
    }
    return row;
  }
}

/** About how many bytes a value takes in a file: string and byte lengths, 8 per anything else. No copies. */
export function estimateBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + 8;
  if (value instanceof Uint8Array) return value.length + 8;
  if (value === null || typeof value !== 'object' || value instanceof Date || depth > 8) return 8;
  let bytes = 8;
  if (Array.isArray(value)) for (const item of value) bytes += estimateBytes(item, depth + 1);
  else for (const key in value as Record<string, unknown>) bytes += key.length + estimateBytes((value as Record<string, unknown>)[key], depth + 1);
  return bytes;
}

function recordError(record: SinkRecord, message: string): FjordError {
  return new FjordError('INVALID_RECORD', `ArrowSinkTask: record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}: ${message}`);
}
