/**
 * The columns of an Arrow file and how record values fill them: from a Connect struct schema, a
 * declared schema (`arrow.schema`), or inferred from schemaless JSON values. Nested structs, maps
 * and arrays are stored as JSON text; Decimals as their exact text. Pure.
 */
import * as arrow from 'apache-arrow';
import type { Schema } from '../../api/types.js';
import { DATE_NAME, DECIMAL_NAME, TIMESTAMP_NAME, TIME_NAME } from '../../api/data/logical-types.js';
import { toJson } from '../common/format-value.js';

export type ColumnKind =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'bool' | 'utf8' | 'binary' | 'timestamp' | 'date' | 'json';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

/** The column a schemaless or primitive value goes to when it is not a struct. */
export const VALUE_COLUMN = 'value';

/** Columns for values with this Connect schema: a struct's fields, or one `value` column. */
export function columnsFromSchema(schema: Schema): ColumnSpec[] {
  if (schema.type !== 'struct') return [{ name: VALUE_COLUMN, kind: kindOf(schema), nullable: true }];
  return (schema.fields ?? []).map((f) => ({ name: f.field, kind: kindOf(f.schema), nullable: f.schema.optional === true }));
}

function kindOf(schema: Schema): ColumnKind {
  switch (schema.name) {
    case TIMESTAMP_NAME:
      return 'timestamp';
    case DATE_NAME:
      return 'date';
    case DECIMAL_NAME:
      return 'utf8';
    case TIME_NAME:
      return 'int32';
  }
  switch (schema.type) {
    case 'int8': case 'int16': case 'int32': case 'int64': case 'float32': case 'float64':
      return schema.type;
    case 'boolean':
      return 'bool';
    case 'string':
      return 'utf8';
    case 'bytes':
      return 'binary';
    default:
      return 'json';
  }
}

/**
 * Columns for schemaless rows: every field seen, in first-seen order; whole numbers int64, other
 * numbers float64, strings utf8, booleans bool, Dates timestamp, bytes binary, objects json.
 * A field holding different kinds in different rows becomes json text. All are nullable.
 */
export function inferColumns(rows: Record<string, unknown>[]): ColumnSpec[] {
  const kinds = new Map<string, ColumnKind | null>();
  for (const row of rows) {
    for (const [name, v] of Object.entries(row)) {
      const kind = v === null || v === undefined ? null : valueKind(v);
      const seen = kinds.get(name);
      if (seen === undefined || seen === null) kinds.set(name, kind);
      else if (kind !== null && kind !== seen) kinds.set(name, widenedKind(seen, kind));
    }
  }
  return [...kinds].map(([name, kind]) => ({ name, kind: kind ?? 'utf8', nullable: true }));
}

/** The kind of a column that held `seen` values and now gets a `kind` value: int64 and float64 make float64, other mixes json. */
export function widenedKind(seen: ColumnKind, kind: ColumnKind): ColumnKind {
  if (seen === kind) return seen;
  return (seen === 'int64' && kind === 'float64') || (seen === 'float64' && kind === 'int64') ? 'float64' : 'json';
}

/** The column kind inference gives a non-null value. */
export function valueKind(v: unknown): ColumnKind {
  if (typeof v === 'string') return 'utf8';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (v instanceof Date) return 'timestamp';
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return 'binary';
  return 'json';
}

export function arrowType(kind: ColumnKind): arrow.DataType {
  switch (kind) {
    case 'int8': return new arrow.Int8();
    case 'int16': return new arrow.Int16();
    case 'int32': return new arrow.Int32();
    case 'int64': return new arrow.Int64();
    case 'float32': return new arrow.Float32();
    case 'float64': return new arrow.Float64();
    case 'bool': return new arrow.Bool();
    case 'binary': return new arrow.Binary();
    case 'timestamp': return new arrow.TimestampMillisecond();
    case 'date': return new arrow.DateDay();
    case 'utf8':
    case 'json':
      return new arrow.Utf8();
  }
}

/** A record's field value as the Arrow builder of `kind` takes it (null stays null). */
export function toArrowValue(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'int64':
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'int8': case 'int16': case 'int32': case 'float32': case 'float64':
      return v instanceof Date ? v.getTime() : Number(v);
    case 'bool':
      return Boolean(v);
    case 'timestamp':
    case 'date':
      return v instanceof Date ? v : new Date(Number(v));
    case 'binary':
      return Buffer.isBuffer(v) || v instanceof Uint8Array ? v : Buffer.from(String(v));
    case 'utf8':
      return typeof v === 'string' ? v : toJson(v);
    case 'json':
      return toJson(v instanceof Map ? Object.fromEntries(v) : v);
  }
}

/** A Connect schema describing the columns (what ArrowSource gives its records). */
export function connectSchemaOf(fields: arrow.Field[]): Schema {
  return {
    type: 'struct',
    fields: fields.map((f) => ({ field: f.name, schema: { ...connectTypeOf(f.type), optional: f.nullable } })),
  };
}

function connectTypeOf(type: arrow.DataType): Schema {
  if (arrow.DataType.isTimestamp(type)) return { type: 'int64', name: TIMESTAMP_NAME, version: 1 };
  if (arrow.DataType.isDate(type)) return { type: 'int32', name: DATE_NAME, version: 1 };
  if (arrow.DataType.isBool(type)) return { type: 'boolean' };
  if (arrow.DataType.isBinary(type)) return { type: 'bytes' };
  if (arrow.DataType.isInt(type)) {
    const bits = (type as arrow.Int).bitWidth;
    return { type: bits === 8 ? 'int8' : bits === 16 ? 'int16' : bits === 32 ? 'int32' : 'int64' };
  }
  if (arrow.DataType.isFloat(type)) return { type: (type as arrow.Float).precision === arrow.Precision.SINGLE ? 'float32' : 'float64' };
  return { type: 'string' };
}

/** A value read from an Arrow column as a Connect value (int64 → number when safe, times → Date, bytes → Buffer). */
export function fromArrowValue(type: arrow.DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (arrow.DataType.isTimestamp(type) || arrow.DataType.isDate(type)) return new Date(Number(v));
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}
