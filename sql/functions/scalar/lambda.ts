/**
 * Higher-order functions taking lambdas: TRANSFORM, FILTER, REDUCE over arrays and maps.
 * Java's semantics carry over: maps are collected with `Collectors.toMap`, so a NULL value or a
 * duplicate key in the result is an error (the call gives NULL), and a FILTER predicate that is
 * NULL is an error too (unboxing); REDUCE with a NULL initial state is NULL.
 */
import { SqlError } from '../../errors.js';
import type { FunctionFactory, LambdaValue } from '../types.js';
import { scalar, sig } from './define.js';
import { valueKey } from './equality.js';

const CAT = 'LAMBDA';

type Fn = LambdaValue;

/** Java's Collectors.toMap: NULL values and duplicate keys throw. */
function collectMap(entries: Iterable<[unknown, unknown]>): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  const seen = new Set<string>();
  for (const [k, v] of entries) {
    if (v === null) throw new SqlError('NULL value in a map built by a lambda function');
    const key = valueKey(k);
    if (seen.has(key)) throw new SqlError(`Duplicate key ${String(k)}`);
    seen.add(key);
    out.set(k, v);
  }
  return out;
}

/** A predicate's result as Java unboxes it: NULL is an error. */
function test(result: unknown): boolean {
  if (result === null || result === undefined) throw new SqlError('A FILTER lambda returned NULL');
  return result === true;
}

function transformMap(m: Map<unknown, unknown>, kf: Fn, vf: Fn): Map<unknown, unknown> {
  return collectMap([...m].map(([k, v]) => [kf(k, v), vf(k, v)] as [unknown, unknown]));
}

function filterMap(m: Map<unknown, unknown>, f: Fn): Map<unknown, unknown> {
  return collectMap([...m].filter(([k, v]) => test(f(k, v))));
}

function reduceArray(xs: unknown[] | null, init: unknown, f: Fn): unknown {
  if (init === null) return null;
  let s: unknown = init;
  if (xs !== null) for (const x of xs) s = f(s, x);
  return s;
}

function reduceMap(m: Map<unknown, unknown> | null, init: unknown, f: Fn): unknown {
  if (init === null) return null;
  let s: unknown = init;
  if (m !== null) for (const [k, v] of m) s = f(s, k, v);
  return s;
}

export const lambdaFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('transform', CAT, 'Applies a lambda to each element of an array, or to each key and value of a map.', [
    sig('ARRAY<O>', ['ARRAY<T>', 'LAMBDA<T => O>'], (xs: unknown[], f: Fn) => xs.map((x) => f(x))),
    sig('MAP<K2, V2>', ['MAP<K, V>', 'LAMBDA<K, V => K2>', 'LAMBDA<K, V => V2>'], transformMap),
  ]),
  scalar('filter', CAT, 'The elements of an array, or entries of a map, for which a lambda is true.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'LAMBDA<T => BOOLEAN>'], (xs: unknown[], f: Fn) => xs.filter((x) => test(f(x)))),
    sig('MAP<K, V>', ['MAP<K, V>', 'LAMBDA<K, V => BOOLEAN>'], filterMap),
  ]),
  scalar('reduce', CAT, 'Folds an array or a map into a state with a lambda; a NULL collection gives the initial state.', [
    sig('S', ['ARRAY<T>', 'S', 'LAMBDA<S, T => S>'], reduceArray, { nulls: true }),
    sig('S', ['MAP<K, V>', 'S', 'LAMBDA<S, K, V => S>'], reduceMap, { nulls: true }),
  ]),
];
