/** Value equality as Java's equals on ksqlDB's runtime values (deep for arrays, maps and structs). */
import { Decimal } from '../../types/decimal.js';

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // NaN equals NaN under Java's Double.equals.
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Decimal) return b instanceof Decimal && a.equals(b);
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !valuesEqual(v, b.get(k))) {
        // Keys that are objects (rare) compare deeply.
        const hit = [...b].find(([bk]) => valuesEqual(k, bk));
        if (hit === undefined || !valuesEqual(v, hit[1])) return false;
      }
    }
    return true;
  }
  const ak = Object.keys(a as object);
  const bk = Object.keys(b as object);
  return ak.length === bk.length
    && ak.every((k) => valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A key for hashing values in sets (ARRAY_DISTINCT etc.): equal values give equal keys. */
export function valueKey(v: unknown): string {
  if (v === null) return 'n';
  if (typeof v === 'number') return 'd' + String(v);
  if (typeof v === 'bigint') return 'b' + v.toString();
  if (typeof v === 'string') return 's' + v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Decimal) return 'D' + v.toString();
  if (Buffer.isBuffer(v)) return 'B' + v.toString('base64');
  if (Array.isArray(v)) return '[' + v.map(valueKey).join(',') + ']';
  if (v instanceof Map) return '{' + [...v].map(([k, x]) => valueKey(k) + ':' + valueKey(x)).join(',') + '}';
  return '(' + Object.entries(v as object).map(([k, x]) => JSON.stringify(k) + ':' + valueKey(x)).join(',') + ')';
}
