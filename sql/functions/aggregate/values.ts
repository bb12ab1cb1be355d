/**
 * Ordering and equality of SQL runtime values as ksqlDB's Java implementations see them:
 * `compareValues` is Java's `compareTo` (strings by UTF-16 code unit, BYTES as signed bytes like
 * `ByteBuffer.compareTo`, DECIMAL numerically, DOUBLE as `Double.compare`), `valuesEqual` is
 * `Objects.equals` (deep for ARRAY / MAP / STRUCT, NaN equals NaN, 0.0 differs from -0.0).
 * Used by MIN/MAX/TOPK (ordering) and COLLECT_SET/COLLECT_LIST/ATTR/HISTOGRAM (equality).
 */
import { Decimal } from '../../types/decimal.js';

/** Java `Double.compare`: -0.0 < 0.0 and NaN above everything (and equal to itself). */
function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (Object.is(a, b)) return 0;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return Object.is(a, -0) ? -1 : 1; // -0.0 vs 0.0
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const ua = a.unscaled * 10n ** BigInt(scale - a.scale);
  const ub = b.unscaled * 10n ** BigInt(scale - b.scale);
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** `ByteBuffer.compareTo`: byte by byte as signed values, then the shorter first. */
function compareBytes(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.readInt8(i) - b.readInt8(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Orders two non-null values of the same SQL type (numbers, bigints, strings, booleans,
 * Decimals, Buffers). Throws for values that have no order (ARRAY, MAP, STRUCT): callers only
 * accept orderable types when resolving.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return compareDoubles(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Decimal && b instanceof Decimal) return compareDecimals(a, b);
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return compareBytes(a, b);
  throw new TypeError(`values cannot be ordered: ${typeof a} and ${typeof b}`);
}

/** Deep equality with Java's `equals` semantics (see the file header). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (a === b && a !== 0);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Decimal || b instanceof Decimal) return a instanceof Decimal && b instanceof Decimal && a.equals(b);
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      const other = findKey(b, k);
      if (other === NOT_FOUND || !valuesEqual(v, b.get(other))) return false;
    }
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const NOT_FOUND = Symbol('not found');

/** The key of `m` equal to `key` (maps keyed by structured values need a deep lookup). */
function findKey(m: Map<unknown, unknown>, key: unknown): unknown {
  if (m.has(key)) return key;
  if (key === null || typeof key !== 'object') return NOT_FOUND;
  for (const k of m.keys()) if (valuesEqual(k, key)) return k;
  return NOT_FOUND;
}

/** Index of the first element equal to `value` (Java `List.indexOf`), or -1. */
export function indexOfValue(list: readonly unknown[], value: unknown): number {
  for (let i = 0; i < list.length; i++) if (valuesEqual(list[i], value)) return i;
  return -1;
}

/** Index of the last element equal to `value` (Java `List.lastIndexOf`), or -1. */
export function lastIndexOfValue(list: readonly unknown[], value: unknown): number {
  for (let i = list.length - 1; i >= 0; i--) if (valuesEqual(list[i], value)) return i;
  return -1;
}
