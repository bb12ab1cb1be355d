/** Ordering of runtime values as ksqlDB's Java implementations order them. */
import { Decimal } from '../../types/decimal.js';
import { compareDecimal } from './decimal-math.js';

/** Java's ByteBuffer.compareTo: bytes compare as SIGNED values, then shorter first. */
export function compareBytes(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = (a[i]! << 24) >> 24;
    const y = (b[i]! << 24) >> 24;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Compares two non-null values of the same SQL type (strings by UTF-16 code unit, as Java). */
export function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Decimal) return compareDecimal(a, b as Decimal);
  if (Buffer.isBuffer(a)) return compareBytes(a, b as Buffer);
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  const x = a as number | bigint | string;
  const y = b as number | bigint | string;
  if (typeof x === 'number' && typeof y === 'number' && (Number.isNaN(x) || Number.isNaN(y))) {
    // Java's Double.compare: NaN is greater than everything, and equal to itself.
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
