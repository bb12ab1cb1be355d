/**
 * Connect schemas to Postgres column types (Confluent's PostgreSqlDatabaseDialect, plus JSONB for
 * structs, maps and arrays), schemas inferred from schemaless JSON values, and values turned into
 * pg query parameters. Pure.
 */
import type { Schema } from '../../../api/types.js';
import { DATE_NAME, DECIMAL_NAME, TIMESTAMP_NAME, TIME_NAME, dateToDays, timeToMs, timestampToMs } from '../../../api/data/logical-types.js';
import { toJson } from '../../common/format-value.js';

/**
 * The schema inferred for a number in a schemaless JSON value: one record cannot tell whether a
 * field will always hold whole numbers, so it becomes NUMERIC, which takes 1, 1.5 and 2^70 alike.
 */
export const JSON_NUMBER_NAME = 'io.fjord.connect.JsonNumber';

/** The column type for a field's schema. */
export function sqlType(schema: Schema): string {
  switch (schema.name) {
    case JSON_NUMBER_NAME:
      return 'NUMERIC';
    case DECIMAL_NAME:
      return 'DECIMAL';
    case DATE_NAME:
      return 'DATE';
    case TIME_NAME:
      return 'TIME';
    case TIMESTAMP_NAME:
      return 'TIMESTAMP';
  }
  switch (schema.type) {
    case 'int8':
    case 'int16':
      return 'SMALLINT';
    case 'int32':
      return 'INT';
    case 'int64':
      return 'BIGINT';
    case 'float32':
      return 'REAL';
    case 'float64':
      return 'DOUBLE PRECISION';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'TEXT';
    case 'bytes':
      return 'BYTEA';
    case 'array':
    case 'map':
    case 'struct':
      return 'JSONB';
  }
}

/**
 * A schema for a schemaless value: numbers NUMERIC (see JSON_NUMBER_NAME), strings TEXT,
 * objects and arrays JSONB, Dates TIMESTAMP; null gives an optional string (TEXT).
 * Every inferred schema is optional: one record cannot say a column is never null.
 */
export function inferSchema(value: unknown): Schema {
  if (value === null || value === undefined) return { type: 'string', optional: true };
  if (typeof value === 'string') return { type: 'string', optional: true };
  if (typeof value === 'boolean') return { type: 'boolean', optional: true };
  if (typeof value === 'bigint' || typeof value === 'number') return { type: 'float64', name: JSON_NUMBER_NAME, optional: true };
  if (value instanceof Date) return { type: 'int64', name: TIMESTAMP_NAME, optional: true };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { type: 'bytes', optional: true };
  if (Array.isArray(value)) return { type: 'array', items: { type: 'string' }, optional: true };
  return { type: 'map', keys: { type: 'string' }, values: { type: 'string' }, optional: true };
}

/** A value as a pg parameter for a column of `schema`'s type. */
export function toSqlParam(value: unknown, schema: Schema): unknown {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case JSON_NUMBER_NAME:
    case DECIMAL_NAME:
      return typeof value === 'string' ? value : String(value);
    case DATE_NAME:
      return new Date(dateToDays(asDate(value)) * 86_400_000).toISOString().slice(0, 10);
    case TIME_NAME:
      return new Date(timeToMs(asDate(value))).toISOString().slice(11, 23);
    case TIMESTAMP_NAME:
      // An ISO string in UTC: a TIMESTAMP column keeps the UTC wall time, TIMESTAMPTZ the instant.
      return new Date(timestampToMs(asDate(value))).toISOString();
  }
  switch (schema.type) {
    case 'array':
    case 'map':
    case 'struct':
      return toJson(value instanceof Map ? Object.fromEntries(value) : value);
    case 'int64':
      return typeof value === 'bigint' ? value.toString() : value;
    case 'bytes':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    default:
      return typeof value === 'bigint' ? value.toString() : value;
  }
}

/** A schema default as a SQL literal for DEFAULT clauses, or null when it has none we can write. */
export function defaultLiteral(schema: Schema): string | null {
  const d = schema.default;
  if (d === undefined || d === null || schema.name) return null;
  if (typeof d === 'number' || typeof d === 'bigint') return String(d);
  if (typeof d === 'boolean') return d ? 'TRUE' : 'FALSE';
  if (typeof d === 'string') return `'${d.replace(/'/g, "''")}'`;
  return null;
}

/** Logical date/time values are Dates; epoch milliseconds (schemaless JSON) are accepted too. */
function asDate(value: unknown): unknown {
  return typeof value === 'number' ? new Date(value) : value;
}
