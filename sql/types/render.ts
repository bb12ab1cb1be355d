/**
 * Values as text, the way ksqlDB (a Java program) writes them:
 * - `formatDouble`: Java's `Double.toString` (`1.0`, `1.0E-4`, `1.2345678E7`).
 * - `valueToJson` / `valueToJsonNode`: ksqlDB's JSON serializer (DOUBLE via `formatDouble`, DECIMAL
 *   as `BigDecimal.toString()` with its scale, BYTES base64, DATE/TIME/TIMESTAMP as integers).
 * - `renderValue`: `CAST(x AS STRING)`. Top-level values use ksqlDB's cast helpers (DECIMAL plain,
 *   DATE `2021-03-04`, TIME `12:00` / `12:00:01` as Java's `LocalTime.toString`, TIMESTAMP
 *   `2021-03-04T12:00:00.000` in UTC); values inside ARRAY / MAP / STRUCT are written as Java's
 *   `toString` writes them inside collections (`[1, 2]`, `{a=1}`, `Struct{A=1,B=x}` without null
 *   fields, TIME `12:00:00`, TIMESTAMP `2021-03-04 12:00:00.0`).
 */
import { Decimal } from './decimal.js';
import { JsonNumber, stringifyJson, type JsonNode } from './json.js';
import type { Type } from './types.js';

/** Java's `Double.toString(x)`: shortest round-trip digits, scientific below 1e-3 and from 1e7. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    // JS prints this range in plain decimal with the same shortest digits; Java adds `.0`.
    const plain = String(x);
    return plain.includes('.') ? plain : plain + '.0';
  }
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest digits that round-trip, as Java 19+ does.
  let e = abs.toExponential();
  // Java always writes at least two digits and then picks the two-digit decimal nearest to x
  // (5e-324 is written 4.9E-324).
  if (!e.includes('.')) {
    const two = abs.toExponential(1);
    if (Number(two) === abs) e = two;
  }
  const ePos = e.indexOf('e');
  const digits = e.slice(0, ePos).replace('.', '').replace(/(?<=.)0+$/, '');
  const exp = Number(e.slice(ePos + 1));
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === '' ? '0' : frac}E${exp}`;
}

const MS_PER_DAY = 86_400_000;

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** Java's `LocalDate.ofEpochDay(days).toString()`: `2021-03-04` (`+10000-01-01` past year 9999). */
export function formatDate(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return `${isoYear(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function isoYear(y: number): string {
  if (y > 9999) return '+' + y;
  return pad(y, 4);
}

/**
 * ksqlDB's TIME to STRING: `LocalTime.ofSecondOfDay(ms / 1000).toString()` — milliseconds are
 * dropped and zero seconds are omitted (`12:00`, `12:00:01`).
 */
export function formatTime(msOfDay: number): string {
  const s = Math.trunc(msOfDay / 1000);
  const hh = pad(Math.trunc(s / 3600), 2);
  const mm = pad(Math.trunc(s / 60) % 60, 2);
  const ss = s % 60;
  return ss === 0 ? `${hh}:${mm}` : `${hh}:${mm}:${pad(ss, 2)}`;
}

/** ksqlDB's TIMESTAMP to STRING: `yyyy-MM-dd'T'HH:mm:ss.SSS` in UTC. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) throw new RangeError(`timestamp out of range: ${epochMs}`);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${clock(d)}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function clock(d: Date): string {
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** `java.sql.Time.toString()` (UTC): always `HH:mm:ss`. */
function javaSqlTime(msOfDay: number): string {
  return clock(new Date(msOfDay));
}

/** `java.sql.Timestamp.toString()` (UTC): `2021-03-04 12:00:00.0`, fraction without trailing zeros. */
function javaSqlTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const ms = d.getUTCMilliseconds();
  const frac = ms === 0 ? '0' : pad(ms, 3).replace(/0+$/, '');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${clock(d)}.${frac}`;
}

/** Java's `BigDecimal.toString()`: plain unless the scale is negative or the value is tiny (`1E-7`). */
export function javaBigDecimalString(d: Decimal): string {
  const neg = d.unscaled < 0n;
  const digits = (neg ? -d.unscaled : d.unscaled).toString();
  const adjusted = digits.length - 1 - d.scale;
  if (d.scale >= 0 && adjusted >= -6) return d.toString();
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${neg ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** `BigDecimal.toPlainString()`: never an exponent. */
export function decimalPlainString(d: Decimal): string {
  return d.toString();
}

/**
 * `CAST(value AS STRING)` as ksqlDB computes it (`null` renders as `null`; callers wanting SQL
 * NULL for a null input should check first). See the file header for the nested rules.
 */
export function renderValue(value: unknown, type: Type): string {
  if (value === null || value === undefined) return 'null';
  switch (type.kind) {
    case 'DECIMAL': return decimalPlainString(value as Decimal);
    case 'DATE': return formatDate(value as number);
    case 'TIME': return formatTime(value as number);
    case 'TIMESTAMP': return formatTimestamp(value as number);
    default: return javaToString(value, type);
  }
}

/** How Java's `toString` writes a value that sits inside a List, Map or Struct. */
function javaToString(value: unknown, type: Type): string {
  if (value === null || value === undefined) return 'null';
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT': return String(value);
    case 'DOUBLE': return formatDouble(value as number);
    case 'DECIMAL': return javaBigDecimalString(value as Decimal);
    case 'STRING': return value as string;
    // ksqlDB would print ByteBuffer's debug form here; base64 is what its CLI shows for BYTES.
    case 'BYTES': return (value as Buffer).toString('base64');
    case 'DATE': return formatDate(value as number);
    case 'TIME': return javaSqlTime(value as number);
    case 'TIMESTAMP': return javaSqlTimestamp(value as number);
    case 'ARRAY': return '[' + (value as unknown[]).map((v) => javaToString(v, type.element)).join(', ') + ']';
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, v] of value as Map<unknown, unknown>) parts.push(`${javaToString(k, type.key)}=${javaToString(v, type.value)}`);
      return '{' + parts.join(', ') + '}';
    }
    case 'STRUCT': {
      const rec = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const f of type.fields) {
        const v = rec[f.name];
        if (v !== null && v !== undefined) parts.push(`${f.name}=${javaToString(v, f.type)}`);
      }
      return 'Struct{' + parts.join(',') + '}';
    }
  }
}

/** A SQL value as ksqlDB's JSON serializer writes it, compact (`{"A":1.50,"B":[1,2]}`). */
export function valueToJson(value: unknown, type: Type): string {
  return stringifyJson(valueToJsonNode(value, type));
}

/** A SQL value as the JSON tree ksqlDB's JSON serializer would write (numbers keep exact lexemes). */
export function valueToJsonNode(value: unknown, type: Type): JsonNode {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN': return value as boolean;
    case 'STRING': return value as string;
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP': return new JsonNumber(String(value));
    case 'DOUBLE': return doubleNode(value as number);
    // Connect's JsonConverter writes BigDecimal.toString(): plain with the scale kept (`1.50`),
    // scientific only for values below 1e-6 (`1E-7`).
    case 'DECIMAL': return new JsonNumber(javaBigDecimalString(value as Decimal));
    case 'BYTES': return (value as Buffer).toString('base64');
    case 'ARRAY': return (value as unknown[]).map((v) => valueToJsonNode(v, type.element));
    case 'MAP': {
      const out = new Map<string, JsonNode>();
      for (const [k, v] of value as Map<unknown, unknown>) out.set(mapKeyText(k, type.key), valueToJsonNode(v, type.value));
      return out;
    }
    case 'STRUCT': {
      const rec = value as Record<string, unknown>;
      const out = new Map<string, JsonNode>();
      for (const f of type.fields) out.set(f.name, valueToJsonNode(rec[f.name] ?? null, f.type));
      return out;
    }
  }
}

/** JSON has no NaN or Infinity; Jackson writes them as strings (`"NaN"`), as ksqlDB does. */
function doubleNode(x: number): JsonNode {
  return Number.isFinite(x) ? new JsonNumber(formatDouble(x)) : formatDouble(x);
}

/**
 * JSON object keys are strings: a non-string MAP key is written as the text of its JSON value
 * (`1`, `1.5`, `1.50`, `true`, base64 for BYTES, integers for the time types), so the JSON reader
 * can read it back from that text. A null key is written as `null`.
 */
export function mapKeyText(key: unknown, type: Type): string {
  if (typeof key === 'string') return key;
  if (key === null || key === undefined) return 'null';
  switch (type.kind) {
    case 'DOUBLE': return formatDouble(key as number);
    case 'DECIMAL': return javaBigDecimalString(key as Decimal);
    case 'BYTES': return (key as Buffer).toString('base64');
    case 'ARRAY':
    case 'MAP':
    case 'STRUCT': return stringifyJson(valueToJsonNode(key, type));
    default: return String(key);
  }
}
