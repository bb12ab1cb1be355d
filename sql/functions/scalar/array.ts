/** Array functions: ARRAY_CONTAINS, set operations, ARRAY_JOIN, ARRAY_MAX/MIN, ARRAY_SORT, SLICE, GENERATE_SERIES, ... */
import { SqlError } from '../../errors.js';
import { type Type, formatType } from '../../types/types.js';
import type { Decimal } from '../../types/decimal.js';
import { renderValue, javaBigDecimalString } from '../../types/render.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig, sigBound } from './define.js';
import { valueKey, valuesEqual } from './equality.js';
import { compareValues } from './compare-values.js';

const CAT = 'ARRAY';

function distinct(xs: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const x of xs) {
    const k = valueKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

const keysOf = (xs: readonly unknown[]): Set<string> => new Set(xs.map(valueKey));

/** Java's natural order with NULLs last; `desc` reverses the non-NULL part only. */
function sortArray(xs: readonly unknown[], desc: boolean): unknown[] {
  const vals = xs.filter((x) => x !== null);
  const nulls = xs.length - vals.length;
  vals.sort((a, b) => (desc ? -compareValues(a, b) : compareValues(a, b)));
  return [...vals, ...new Array<unknown>(nulls).fill(null)];
}

/** ksqlDB's sort directions; anything else makes ARRAY_SORT return NULL. */
function direction(d: string): boolean | null {
  const u = d.toUpperCase();
  if (u === 'ASC' || u === 'ASCENDING') return false;
  if (u === 'DESC' || u === 'DESCENDING') return true;
  return null;
}

function extremeOf(xs: readonly unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const x of xs) if (x !== null && (best === null || sign * compareValues(x, best) > 0)) best = x;
  return best;
}

const JOINABLE = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING']);

/** Java's `toString` of an element, as ARRAY_JOIN writes it; only ksqlDB's primitive types are joinable. */
const joinText = (t: Type) => (x: unknown): string => {
  if (x === null) return 'null';
  if (!JOINABLE.has(t.kind)) throw new SqlError(`error: hit element of type ${formatType(t)} which is currently not supported`);
  return t.kind === 'DECIMAL' ? javaBigDecimalString(x as Decimal) : renderValue(x, t);
};

function series(start: number | bigint, end: number | bigint, step: number | bigint, big: boolean): unknown[] {
  const zero = big ? 0n : 0;
  if (step === zero) throw new SqlError('GENERATE_SERIES step cannot be zero');
  const up = step > zero;
  if ((up && start > end) || (!up && start < end)) {
    throw new SqlError('GENERATE_SERIES step has wrong sign');
  }
  const out: unknown[] = [];
  const LIMIT = 1_000_000;
  for (let v = start; up ? v <= end : v >= end; v = (big ? (v as bigint) + (step as bigint) : (v as number) + (step as number))) {
    if (out.length >= LIMIT) throw new SqlError(`GENERATE_SERIES would produce more than ${LIMIT} elements`);
    out.push(v);
  }
  return out;
}

/** SLICE: 1-based inclusive bounds; NULL bounds mean the array's ends. */
function slice(xs: unknown[] | null, from: number | null, to: number | null): unknown[] | null {
  if (xs === null) return null;
  const a = from === null ? 0 : from - 1;
  const b = to === null ? xs.length : to;
  if (a < 0 || b > xs.length || a > b) return null;
  return xs.slice(a, b);
}

export const arrayFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('array_contains', CAT, 'Whether an array contains a value (false for a NULL array).', [
    sig('BOOLEAN', ['ARRAY<T>', 'T'], (xs: unknown[] | null, v: unknown) => xs !== null && xs.some((x) => valuesEqual(x, v)), { nulls: true }),
  ]),
  scalar('array_distinct', CAT, 'The distinct elements of an array, in first-seen order.', [sig('ARRAY<T>', ['ARRAY<T>'], distinct)]),
  scalar('array_except', CAT, 'The distinct elements of the first array that are not in the second.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'ARRAY<T>'], (a: unknown[], b: unknown[]) => {
      const drop = keysOf(b);
      return distinct(a).filter((x) => !drop.has(valueKey(x)));
    }),
  ]),
  scalar('array_intersect', CAT, 'The distinct elements present in both arrays.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'ARRAY<T>'], (a: unknown[], b: unknown[]) => {
      const keep = keysOf(b);
      return distinct(a).filter((x) => keep.has(valueKey(x)));
    }),
  ]),
  scalar('array_union', CAT, 'The distinct elements of both arrays.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'ARRAY<T>'], (a: unknown[], b: unknown[]) => distinct([...a, ...b])),
  ]),
  scalar('array_concat', CAT, 'The elements of both arrays (a NULL array counts as empty; both NULL gives NULL).', [
    sig('ARRAY<T>', ['ARRAY<T>', 'ARRAY<T>'], (a: unknown[] | null, b: unknown[] | null) =>
      (a === null && b === null ? null : [...(a ?? []), ...(b ?? [])]), { nulls: true }),
  ]),
  scalar('array_join', CAT, 'Joins the elements of an array of primitives into a string, with a delimiter (default ",").', [
    sigBound('STRING', ['ARRAY<T>'], (c) => {
      const text = joinText((c.args[0] as { element: Type } | null)?.element ?? { kind: 'STRING' });
      return (xs: unknown[]) => xs.map(text).join(',');
    }),
    sigBound('STRING', ['ARRAY<T>', 'STRING'], (c) => {
      const text = joinText((c.args[0] as { element: Type } | null)?.element ?? { kind: 'STRING' });
      return (xs: unknown[] | null, d: string | null) => (xs === null ? null : xs.map(text).join(d ?? ''));
    }, { nulls: true }),
  ]),
  scalar('array_length', CAT, 'The number of elements of an array.', [sig('INTEGER', ['ARRAY<T>'], (xs: unknown[]) => xs.length)]),
  scalar('array_max', CAT, 'The largest non-NULL element of an array.', [sig('T', ['ARRAY<T>'], (xs: unknown[]) => extremeOf(xs, 1))]),
  scalar('array_min', CAT, 'The smallest non-NULL element of an array.', [sig('T', ['ARRAY<T>'], (xs: unknown[]) => extremeOf(xs, -1))]),
  scalar('array_remove', CAT, 'The array without every element equal to the value.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'T'], (xs: unknown[] | null, v: unknown) => (xs === null ? null : xs.filter((x) => !valuesEqual(x, v))), { nulls: true }),
  ]),
  scalar('array_sort', CAT, 'The array sorted ascending (or as told: ASC / DESC), NULLs last.', [
    sig('ARRAY<T>', ['ARRAY<T>'], (xs: unknown[]) => sortArray(xs, false)),
    sig('ARRAY<T>', ['ARRAY<T>', 'STRING'], (xs: unknown[], d: string) => {
      const desc = direction(d);
      return desc === null ? null : sortArray(xs, desc);
    }),
  ]),
  scalar('slice', CAT, 'The elements from one 1-based position to another, inclusive.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'INTEGER', 'INTEGER'], slice, { nulls: true }),
  ]),
  scalar('generate_series', CAT, 'The integers from start to end inclusive, by step (default 1).', [
    sig('ARRAY<INTEGER>', ['INTEGER', 'INTEGER'], (a: number, b: number) => series(a, b, a <= b ? 1 : -1, false)),
    sig('ARRAY<INTEGER>', ['INTEGER', 'INTEGER', 'INTEGER'], (a: number, b: number, s: number) => series(a, b, s, false)),
    sig('ARRAY<BIGINT>', ['BIGINT', 'BIGINT'], (a: bigint, b: bigint) => series(a, b, a <= b ? 1n : -1n, true)),
    sig('ARRAY<BIGINT>', ['BIGINT', 'BIGINT', 'INTEGER'], (a: bigint, b: bigint, s: number) => series(a, b, BigInt(s), true)),
  ]),
];
