/**
 * SQL runtime value → JSON text, as ksqlDB's JSON serializer (Connect's JsonConverter over
 * Jackson) writes it: DOUBLE as Java's `Double.toString` (`NaN` / `Infinity` as strings), DECIMAL
 * as `BigDecimal.toString()` (keeps the scale: `1.50`), BIGINT exactly, BYTES base64, DATE / TIME /
 * TIMESTAMP as integers, MAP as an object (non-string keys as their JSON text, see `mapKeyText`), STRUCT as an object with
 * the declared field names in order (null fields written as `null`).
 *
 * Writes strings directly (no intermediate tree): this is on the path of every output record.
 */
import type { Decimal } from '../types/decimal.js';
import { formatDouble, javaBigDecimalString, mapKeyText } from '../types/render.js';
import type { StructField, Type } from '../types/types.js';
import { TextBytes } from './text-bytes.js';

/** The JSON text of `value` typed `type`. */
export function valueToJsonText(value: unknown, type: Type): string {
  if (value === null || value === undefined) return 'null';
  switch (type.kind) {
    case 'STRING': return JSON.stringify(value);
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP': return String(value);
    case 'BOOLEAN': return value ? 'true' : 'false';
    case 'DOUBLE': {
      const s = formatDouble(value as number);
      return Number.isFinite(value) ? s : `"${s}"`;
    }
    case 'DECIMAL': return javaBigDecimalString(value as Decimal);
    case 'BYTES': return `"${(value as Buffer).toString('base64')}"`;
    case 'ARRAY': {
      const arr = value as unknown[];
      let s = '[';
      for (let i = 0; i < arr.length; i++) {
        if (i > 0) s += ',';
        s += valueToJsonText(arr[i], type.element);
      }
      return s + ']';
    }
    case 'MAP': {
      let s = '{';
      let first = true;
      for (const [k, v] of value as Map<unknown, unknown>) {
        if (!first) s += ',';
        first = false;
        s += JSON.stringify(mapKeyText(k, type.key)) + ':' + valueToJsonText(v, type.value);
      }
      return s + '}';
    }
    case 'STRUCT': return structToJsonText(value as Record<string, unknown>, type.fields);
  }
}

/** An object with one property per field, in field order (the wrapped row uses this too). */
export function structToJsonText(rec: Record<string, unknown>, fields: readonly StructField[]): string {
  let s = '{';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) s += ',';
    s += JSON.stringify(f.name) + ':' + valueToJsonText(rec[f.name], f.type);
  }
  return s + '}';
}

/**
 * A writer of rows (values by column position) as one JSON object each, as a wrapped JSON value is
 * written; the quoted field names are prepared once.
 */
export function rowJsonWriter(fields: readonly StructField[]): (row: readonly unknown[]) => string {
  const prefixes = fields.map((f, i) => (i === 0 ? '{' : ',') + JSON.stringify(f.name) + ':');
  const types = fields.map((f) => f.type);
  return (row) => {
    if (prefixes.length === 0) return '{}';
    let s = '';
    for (let i = 0; i < prefixes.length; i++) s += prefixes[i]! + valueToJsonText(row[i], types[i]!);
    return s + '}';
  };
}

const out = new TextBytes();

/** A bigint's decimal text; one within 2^53 through a number (numbers print faster, and often from a cache). */
function bigintText(v: bigint): string {
  const n = Number(v);
  return Number.isSafeInteger(n) ? String(n) : v.toString();
}
const NULL = Buffer.from('null');

/**
 * `rowJsonWriter` straight to UTF-8 bytes (exactly `Buffer.from(rowJsonWriter(fields)(row))`): the
 * common column types are appended to one reused buffer, without building the text first.
 */
export function rowJsonBytesWriter(fields: readonly StructField[]): (row: readonly unknown[]) => Buffer {
  const prefixes = fields.map((f, i) => Buffer.from((i === 0 ? '{' : ',') + JSON.stringify(f.name) + ':', 'utf8'));
  const types = fields.map((f) => f.type);
  const close = Buffer.from(fields.length === 0 ? '{}' : '}');
  return (row) => {
    out.reset();
    for (let i = 0; i < prefixes.length; i++) {
      out.bytes(prefixes[i]!);
      const v = row[i];
      const type = types[i]!;
      if (v === null || v === undefined) out.bytes(NULL);
      else if (type.kind === 'STRING') out.jsonString(v as string);
      else if (typeof v === 'bigint') out.text(bigintText(v));
      else out.text(valueToJsonText(v, type));
    }
    out.bytes(close);
    return out.toBuffer();
  };
}
