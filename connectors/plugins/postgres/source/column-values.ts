/**
 * Postgres result columns to Connect schemas and values for the source. The source's pg client
 * hands over most values as text (see `SOURCE_TYPES`), so int8 and numeric keep every digit and
 * timestamps keep their microseconds for offsets; this module turns that text into Connect
 * values: int64 numbers (bigint beyond 2^53), Decimal strings, Dates for Date/Time/Timestamp.
 * Every field is optional: a result column does not say whether it can be null. Pure.
 */
import pg from 'pg';
import type { Schema } from '../../../api/types.js';
import { dateSchema, decimalSchema, timeSchema, timestampSchema } from '../../../api/data/logical-types.js';

const OID = {
  bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, float4: 700, float8: 701,
  numeric: 1700, date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184,
} as const;

/** pg's own parsers are kept for these; everything else arrives as text. */
const PARSED_BY_PG = new Set<number>([OID.bool, OID.bytea, OID.int2, OID.int4, OID.float4, OID.float8]);

/** The type parsers the source's client uses. */
export const SOURCE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    PARSED_BY_PG.has(oid) ? pg.types.getTypeParser(oid, format as 'text') : (text: string) => text) as pg.CustomTypesConfig['getTypeParser'],
};

/** A result column: its name, type oid and type modifier (pg's FieldDef). */
export interface ResultColumn {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
}

export function columnSchema(column: ResultColumn): Schema {
  switch (column.dataTypeID) {
    case OID.bool:
      return { type: 'boolean', optional: true };
    case OID.int2:
      return { type: 'int16', optional: true };
    case OID.int4:
      return { type: 'int32', optional: true };
    case OID.int8:
    case OID.oid:
      return { type: 'int64', optional: true };
    case OID.float4:
      return { type: 'float32', optional: true };
    case OID.float8:
      return { type: 'float64', optional: true };
    case OID.numeric:
      // NUMERIC(p, s) has typmod ((p << 16) | s) + 4; unconstrained NUMERIC (-1) has no scale, so it stays exact text.
      return column.dataTypeModifier >= 4 ? decimalSchema((column.dataTypeModifier - 4) & 0xffff, true) : { type: 'string', optional: true };
    case OID.bytea:
      return { type: 'bytes', optional: true };
    case OID.date:
      return dateSchema(true);
    case OID.time:
      return timeSchema(true);
    case OID.timestamp:
    case OID.timestamptz:
      return timestampSchema(true);
    default:
      return { type: 'string', optional: true };
  }
}

/** The Connect value of one column's (mostly text) value. Throws a message for unrepresentable values. */
export function columnValue(column: ResultColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.dataTypeID) {
    case OID.int8:
    case OID.oid: {
      const big = BigInt(value as string);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case OID.date:
      return checked(new Date(`${value as string}T00:00:00Z`), column, value);
    case OID.time:
      return checked(new Date(`1970-01-01T${value as string}Z`), column, value);
    case OID.timestamp:
      return checked(new Date(`${(value as string).replace(' ', 'T')}Z`), column, value);
    case OID.timestamptz:
      return checked(new Date((value as string).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')), column, value);
    default:
      return value;
  }
}

function checked(date: Date, column: ResultColumn, raw: unknown): Date {
  if (Number.isNaN(date.getTime())) throw new Error(`column ${column.name}: value ${String(raw)} is not a representable date/time`);
  return date;
}
