/**
 * How the REPL writes one SQL value: as text in a table cell, or as JSON for `--format json`.
 * Values follow the runtime representation of ../types/types.ts.
 */
import { Decimal } from '../types/decimal.js';
import { renderValue, valueToJson } from '../types/render.js';
import type { Type } from '../types/types.js';

/** A value as a table cell shows it (ksqlDB's text of the type); SQL NULL is `null`, as in ksqlDB's CLI. */
export function cellText(value: unknown, type: Type | undefined): string {
  if (value === null || value === undefined) return 'null';
  return type === undefined ? plainText(value) : renderValue(value, type);
}

function plainText(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return `[${value.map((v) => (v === null ? 'null' : plainText(v))).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${plainText(k)}=${v === null ? 'null' : plainText(v)}`).join(', ')}}`;
  if (value instanceof Decimal) return value.toString();
  if (typeof value === 'object' && value !== null) return `{${Object.entries(value).map(([k, v]) => `${k}=${v === null ? 'null' : plainText(v)}`).join(', ')}}`;
  return String(value);
}

/** A value as JSON text: BIGINT and DECIMAL keep every digit, BYTES are base64, MAP and STRUCT are objects. */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Decimal) return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Buffer.isBuffer(value)) return JSON.stringify(value.toString('base64'));
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  const entries = value instanceof Map ? [...value].map(([k, v]) => [String(k), v] as const) : Object.entries(value as object);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

/** One JSON object of a query row, each value written as ksqlDB's JSON serializer writes its type. */
export function rowJsonText(columns: readonly { name: string; type: Type }[], values: readonly unknown[]): string {
  return `{${columns.map((c, i) => `${JSON.stringify(c.name)}:${valueToJson(values[i] ?? null, c.type)}`).join(',')}}`;
}

/** One JSON object from parallel names and plain values (the order of the names is kept). */
export function jsonObjectText(names: readonly string[], values: readonly unknown[]): string {
  return `{${names.map((n, i) => `${JSON.stringify(n)}:${jsonText(values[i] ?? null)}`).join(',')}}`;
}
