/**
 * Java's number semantics, which ksqlDB's values follow: `Double.toString`, the narrowing casts
 * `(int) d` / `(long) d` (truncate, saturate, NaN → 0), `Long.intValue()` (low 32 bits) and
 * `Double.compareTo` (NaN above everything, -0.0 below 0.0).
 */

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java's `Double.toString(d)` (shared with the formats: sql/types/render.ts). */
export { formatDouble as javaDoubleToString } from '../types/render.js';

/** `(int) d`. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d <= INT_MIN) return INT_MIN;
  if (d >= INT_MAX) return INT_MAX;
  return Math.trunc(d) | 0;
}

/** `(long) d`. */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d <= -9223372036854775808) return LONG_MIN;
  if (d >= 9223372036854775807) return LONG_MAX;
  return BigInt(Math.trunc(d));
}

/** `Long.intValue()`: the low 32 bits. */
export function longToInt(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** `Double.compare(a, b)`. */
export function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : aNaN ? 1 : -1;
  const aNeg = Object.is(a, -0);
  const bNeg = Object.is(b, -0);
  return aNeg === bNeg ? 0 : aNeg ? -1 : 1;
}

/** `Integer.parseInt(s)` / `Long.parseLong(s)` accept an optional sign and decimal digits only. */
export function parseJavaInteger(s: string, bits: 32 | 64): bigint | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const v = BigInt(s);
  const max = bits === 32 ? 2147483647n : LONG_MAX;
  const min = bits === 32 ? -2147483648n : LONG_MIN;
  return v > max || v < min ? null : v;
}

/** `Double.parseDouble(s)` (after trim): decimal or scientific numbers, NaN, Infinity, an f/d suffix. */
export function parseJavaDouble(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(NaN|Infinity)$/.test(t)) return Number(t.replace(/^\+/, ''));
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(t)) return null;
  return Number(t.replace(/[fFdD]$/, ''));
}
