/**
 * Turns one SinkRecord into the row operation the Postgres sink performs: a write of columns
 * (with the primary-key columns named) or a delete by key. Follows the Confluent JDBC sink's
 * pk.mode rules. Values may be structs with schemas or schemaless JSON objects. Pure.
 */
import type { Schema, SinkRecord } from '../../../api/types.js';
import { FjordError } from '../../../../core/errors.js';
import type { PkMode } from './config.js';
import { inferSchema } from './column-types.js';

export interface Column {
  name: string;
  schema: Schema;
  value: unknown;
}

export type RowOp =
  | { kind: 'write'; table: string; columns: Column[]; keyNames: string[] }
  | { kind: 'delete'; table: string; keyColumns: Column[] };

export interface RowMapping {
  pkMode: PkMode;
  pkFields: string[];
  fieldsWhitelist: string[];
  deleteEnabled: boolean;
  tableNameFormat: string;
}

export const KAFKA_PK_DEFAULTS = ['__connect_topic', '__connect_partition', '__connect_offset'];

/** The row operation for `record`, or null for a tombstone when deletes are disabled. */
export function mapRecord(record: SinkRecord, m: RowMapping): RowOp | null {
  const table = m.tableNameFormat.replace(/\$\{topic\}/g, record.topic);
  if (record.value === null || record.value === undefined) {
    if (!m.deleteEnabled) return null;
    return { kind: 'delete', table, keyColumns: keyColumns(record, m) };
  }
  const valueColumns = structColumns(record.value, record.valueSchema, record, 'value');
  const kept = m.fieldsWhitelist.length === 0 ? valueColumns : valueColumns.filter((c) => m.fieldsWhitelist.includes(c.name));
  switch (m.pkMode) {
    case 'none':
      return { kind: 'write', table, columns: kept, keyNames: [] };
    case 'kafka':
    case 'record_key': {
      const keys = m.pkMode === 'kafka' ? kafkaColumns(record, m.pkFields) : keyColumns(record, m);
      const names = keys.map((k) => k.name);
      return { kind: 'write', table, columns: [...keys, ...kept.filter((c) => !names.includes(c.name))], keyNames: names };
    }
    case 'record_value': {
      const names = m.pkFields.length > 0 ? m.pkFields : valueColumns.map((c) => c.name);
      for (const name of names) {
        const column = valueColumns.find((c) => c.name === name);
        if (!column) throw recordError(record, `pk.fields names "${name}" but the value has no such field`);
        if (column.value === null || column.value === undefined) throw recordError(record, `primary key field "${name}" is null`);
      }
      const columns = valueColumns.filter((c) => kept.includes(c) || names.includes(c.name));
      return { kind: 'write', table, columns: columns.map((c) => (names.includes(c.name) ? required(c) : c)), keyNames: names };
    }
  }
}

/** Primary-key columns from the record key (pk.mode=record_key). */
function keyColumns(record: SinkRecord, m: RowMapping): Column[] {
  if (record.key === null || record.key === undefined) throw recordError(record, 'pk.mode is record_key but the record key is null');
  const isStruct = record.keySchema ? record.keySchema.type === 'struct' : isPlainObject(record.key);
  if (!isStruct) {
    if (m.pkFields.length !== 1) {
      throw recordError(record, `the key is a primitive, so pk.fields must name exactly one column for it (it names ${m.pkFields.length})`);
    }
    return [required({ name: m.pkFields[0], schema: record.keySchema ?? inferSchema(record.key), value: record.key })];
  }
  const all = structColumns(record.key, record.keySchema, record, 'key');
  const names = m.pkFields.length > 0 ? m.pkFields : all.map((c) => c.name);
  return names.map((name) => {
    const column = all.find((c) => c.name === name);
    if (!column) throw recordError(record, `pk.fields names "${name}" but the key has no such field`);
    if (column.value === null || column.value === undefined) throw recordError(record, `primary key field "${name}" is null`);
    return required(column);
  });
}

function kafkaColumns(record: SinkRecord, pkFields: string[]): Column[] {
  const [topic, partition, offset] = pkFields.length === 0 ? KAFKA_PK_DEFAULTS : pkFields;
  return [
    { name: topic, schema: { type: 'string' }, value: record.topic },
    { name: partition, schema: { type: 'int32' }, value: record.kafkaPartition },
    { name: offset, schema: { type: 'int64' }, value: record.kafkaOffset },
  ];
}

/** The fields of a struct (in schema order) or of a schemaless object (in key order). */
function structColumns(value: unknown, schema: Schema | null, record: SinkRecord, what: 'key' | 'value'): Column[] {
  if (schema) {
    if (schema.type !== 'struct' || !schema.fields) throw recordError(record, `the ${what} schema is ${schema.type}, but rows need a struct`);
    const object = value as Record<string, unknown>;
    return schema.fields.map((f) => ({ name: f.field, schema: f.schema, value: object[f.field] ?? null }));
  }
  if (!isPlainObject(value)) throw recordError(record, `the ${what} is ${describe(value)}, but rows need a struct or a JSON object`);
  return Object.entries(value).map(([name, v]) => ({ name, schema: inferSchema(v), value: v ?? null }));
}

function required(column: Column): Column {
  return column.schema.optional ? { ...column, schema: { ...column.schema, optional: false } } : column;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof Map);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (Buffer.isBuffer(v)) return 'bytes';
  return `a ${typeof v}`;
}

/** An error about one record, naming its topic, partition and offset. */
export function recordError(record: SinkRecord, message: string): FjordError {
  return new FjordError('INVALID_RECORD', `PostgresSinkTask: record ${record.topic}-${record.kafkaPartition}@${record.kafkaOffset}: ${message}`);
}
