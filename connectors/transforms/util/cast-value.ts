/**
 * Value casts for the Cast transform, with Java's semantics: narrowing integer casts wrap
 * (`(byte) 300 == 44`), float→integer truncates toward zero and saturates, strings parse
 * strictly, numbers → boolean is `!= 0`, string → boolean is `equalsIgnoreCase("true")`.
 */
import { DataException } from '../../api/errors.js';
import { DECIMAL_NAME, decimalScale, decimalToUnscaled, describe } from '../../api/data/logical-types.js';
import { stringifyJson } from '../../api/data/json-text.js';
import { connectToJson } from '../../api/converters/json-data.js';
import type { Schema } from '../../api/types.js';
import { javaFloatToString, logicalDateToString } from './java-strings.js';

/** The types Cast can produce. */
export type CastTarget = 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64' | 'boolean' | 'string';
/** Every CastTarget. */
export const CAST_TARGETS: CastTarget[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string'];

const INTEGER_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$|^[+-]?(NaN|Infinity)$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A number/bigint/boolean/string/Date as a bigint per Java's long conversion. */
function toLong(value: unknown, target: CastTarget): bigint {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (value instanceof Date) return BigInt(value.getTime());
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 0n;
    if (value >= 2 ** 63) return LONG_MAX;
    if (value <= -(2 ** 63)) return LONG_MIN;
    return BigInt(Math.trunc(value));
  }
  if (typeof value === 'string') {
    const t = value.trim();
    if (INTEGER_RE.test(t)) {
      const big = BigInt(t);
      if (big >= LONG_MIN && big <= LONG_MAX) return big;
    }
    if (FLOAT_RE.test(t) && !INTEGER_RE.test(t)) return toLong(Number(t.replace(/[fFdD]$/, '')), target);
  }
  throw new DataException(`Value (${String(value)}) of type ${describe(value)} cannot be cast to ${target.toUpperCase()}`);
}

/** Java narrowing to `bits` (float→int saturates first, then integer wraps). */
function toInt(value: unknown, bits: 8 | 16 | 32, target: CastTarget, fromFloat: boolean): number {
  let long: bigint;
  if (typeof value === 'number' && (fromFloat || !Number.isInteger(value))) {
    long = Number.isNaN(value) ? 0n : BigInt(Math.trunc(Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, value))));
  } else if (typeof value === 'string' && !INTEGER_RE.test(value.trim())) {
    throw new DataException(`Value (${value}) of type string cannot be cast to ${target.toUpperCase()}`);
  } else {
    long = toLong(value, target);
    if (typeof value === 'string' && BigInt.asIntN(bits, long) !== long) {
      throw new DataException(`Value (${value}) of type string is out of range for ${target.toUpperCase()}`);
    }
  }
  return Number(BigInt.asIntN(bits, long));
}

function toDouble(value: unknown, target: CastTarget): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && FLOAT_RE.test(value.trim())) return Number(value.trim().replace(/[fFdD]$/, ''));
  throw new DataException(`Value (${String(value)}) of type ${describe(value)} cannot be cast to ${target.toUpperCase()}`);
}

/** `value` (described by `schema`, or null when schemaless) cast to `target`. Null stays null. */
export function castValue(schema: Schema | null, value: unknown, target: CastTarget): unknown {
  if (value === null || value === undefined) return null;
  if (schema?.name === DECIMAL_NAME && typeof value === 'string') {
    // Decimal strings cast like Java's BigDecimal: integers keep the truncated integer part.
    if (target === 'string') return value;
    if (target === 'boolean') return Number(value) !== 0;
    const scale = Math.max(0, decimalScale(schema));
    value = target.startsWith('float') ? Number(value) : decimalToUnscaled(value, scale) / 10n ** BigInt(scale);
  }
  const fromFloat = schema?.type === 'float32' || schema?.type === 'float64';
  switch (target) {
    case 'int8': return toInt(value, 8, target, fromFloat);
    case 'int16': return toInt(value, 16, target, fromFloat);
    case 'int32': return toInt(value, 32, target, fromFloat);
    case 'int64': {
      const long = toLong(value, target);
      return Number.isSafeInteger(Number(long)) ? Number(long) : long;
    }
    case 'float32': return Math.fround(toDouble(value, target));
    case 'float64': return toDouble(value, target);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value === 'bigint') return value !== 0n;
      if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
      throw new DataException(`Value (${String(value)}) of type ${describe(value)} cannot be cast to BOOLEAN`);
    case 'string':
      return castToString(schema, value);
  }
}

function castToString(schema: Schema | null, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (schema?.type === 'float32' || schema?.type === 'float64') return javaFloatToString(value, schema.type === 'float32');
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return logicalDateToString(schema, value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  // Fjord: structs, maps and arrays become JSON (Kafka prints Struct{...} / Java collections).
  return stringifyJson(connectToJson(schema, value, { decimalFormat: 'NUMERIC', replaceNullWithDefault: true }));
}
