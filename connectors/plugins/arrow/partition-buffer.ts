/**
 * The records of one topic-partition waiting to become the next Arrow file: consecutive offsets
 * from `startOffset`, all with the same value schema. Each record's values go straight into the
 * column builders (no record is kept); `table()` makes the file's table. Pure: the caller passes
 * the time.
 */
import * as arrow from 'apache-arrow';
import type { Schema, SinkRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { formatValue, toJson } from '../common/format-value.js';
import {
  columnBuilder, offsetColumn, stringColumn, timestampColumn, type ColumnBuilder, type Int64Column, type TimestampColumn, type Utf8Column,
} from './column-builder.js';
import { VALUE_COLUMN, arrowType, columnsFromSchema, type ColumnSpec } from './column-model.js';
import { InferredColumn } from './inferred-column.js';

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

/** The metadata columns' builders. */
interface Metadata {
  offsets: Int64Column;
  timestamps: TimestampColumn;
  keys: Utf8Column;
}

export class PartitionBuffer {
  /** Records added. */
  count = 0;
  bytes = 0;
  lastOffset: bigint;
  /** With a schema: its columns and their builders, in order. */
  private readonly declared: { spec: ColumnSpec; builder: ColumnBuilder }[] | null;
  /** Without a schema: columns in first-seen order, by name too. */
  private readonly inferred: InferredColumn[] = [];
  private readonly inferredByName = new Map<string, InferredColumn>();
  private readonly metadata: Metadata | null;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly startOffset: bigint,
    /** Declared schema, else the records' value schema, else null (infer from values). */
    readonly valueSchema: Schema | null,
    readonly openedAtMs: number,
    metadata: boolean,
  ) {
    this.lastOffset = startOffset - 1n;
    this.declared = valueSchema ? columnsFromSchema(valueSchema).map((spec) => ({ spec, builder: columnBuilder(spec.kind) })) : null;
    this.metadata = metadata ? { offsets: offsetColumn(), timestamps: timestampColumn(), keys: stringColumn() } : null;
  }

  /**
   * Adds a record; its value must fit `valueSchema` (a struct for a struct schema, required fields
   * present), else an INVALID_RECORD error and nothing is added.
   */
  add(record: SinkRecord): void {
    const v = record.value;
    if (this.declared) this.addDeclared(record);
    else if (isObject(v)) this.addInferredStruct(v as Record<string, unknown>);
    else {
      this.inferredColumn(VALUE_COLUMN, this.count).append(v);
      this.bytes += estimateBytes(v);
    }
    const m = this.metadata;
    if (m) {
      m.offsets.appendBigint(record.kafkaOffset);
      if (record.timestamp === null) m.timestamps.appendNull();
      else m.timestamps.append(record.timestamp);
      if (record.key === null || record.key === undefined) m.keys.appendNull();
      else m.keys.appendString(formatValue(record.key));
    }
    this.count++;
    this.lastOffset = record.kafkaOffset;
  }

  private addDeclared(record: SinkRecord): void {
    const v = record.value;
    const columns = this.declared!;
    if (this.valueSchema!.type !== 'struct') {
      if (v === null || v === undefined) columns[0].builder.appendNull();
      else columns[0].builder.append(v);
      this.bytes += estimateBytes(v);
      return;
    }
    if (!isObject(v)) throw recordError(record, `the value is ${v === null ? 'null' : typeof v}, but the schema is a struct`);
    const row = v as Record<string, unknown>;
    for (const { spec } of columns) {
      if (!spec.nullable && (row[spec.name] === null || row[spec.name] === undefined)) {
        throw recordError(record, `required field "${spec.name}" is missing or null`);
      }
    }
    for (const { spec, builder } of columns) {
      const value = row[spec.name];
      if (value === null || value === undefined) builder.appendNull();
      else builder.append(value);
    }
    this.bytes += estimateBytes(v);
  }

  private addInferredStruct(row: Record<string, unknown>): void {
    const rowIndex = this.count;
    const columns = this.inferred;
    let bytes = 8;
    let i = 0;
    for (const name in row) {
      if (!Object.hasOwn(row, name)) continue;
      const value = row[name];
      let column = columns[i];
      if (column === undefined || column.name !== name) column = this.inferredColumn(name, rowIndex);
      else if (column.length < rowIndex) column.padTo(rowIndex);
      column.append(value);
      bytes += name.length + estimateBytes(value, 1);
      i++;
    }
    this.bytes += bytes;
  }

  private inferredColumn(name: string, rowIndex: number): InferredColumn {
    let column = this.inferredByName.get(name);
    if (column === undefined) {
      column = new InferredColumn(name);
      this.inferred.push(column);
      this.inferredByName.set(name, column);
    }
    column.padTo(rowIndex);
    return column;
  }

  /** The file's table: the value's columns, then the metadata columns. */
  table(): arrow.Table {
    const specs: ColumnSpec[] = [];
    const children: arrow.Data[] = [];
    if (this.declared) {
      for (const { spec, builder } of this.declared) {
        specs.push(spec);
        children.push(builder.finish());
      }
    } else {
      for (const column of this.inferred) {
        column.padTo(this.count);
        specs.push({ name: column.name, kind: column.kind, nullable: true });
        children.push(column.finish());
      }
    }
    if (this.metadata) {
      specs.push(...METADATA_COLUMNS);
      children.push(this.metadata.offsets.finish(), this.metadata.timestamps.finish(), this.metadata.keys.finish());
    }
    const fields = specs.map((c) => new arrow.Field(c.name, arrowType(c.kind), c.nullable));
    const data = arrow.makeData({ type: new arrow.Struct(fields), length: this.count, nullCount: 0, children });
    return new arrow.Table([new arrow.RecordBatch(new arrow.Schema(fields), data)]);
  }
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
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
