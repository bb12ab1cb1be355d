/** Higher-order functions taking lambdas: TRANSFORM, FILTER, REDUCE over arrays and maps. */
import type { FunctionFactory, LambdaValue } from '../types.js';
import { scalar, sig } from './define.js';

const CAT = 'LAMBDA';

type Fn = LambdaValue;

function transformMap(m: Map<unknown, unknown>, kf: Fn, vf: Fn): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  for (const [k, v] of m) out.set(kf(k, v), vf(k, v));
  return out;
}

function filterMap(m: Map<unknown, unknown>, f: Fn): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>();
  for (const [k, v] of m) if (f(k, v) === true) out.set(k, v);
  return out;
}

export const lambdaFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('transform', CAT, 'Applies a lambda to each element of an array, or to each key and value of a map.', [
    sig('ARRAY<O>', ['ARRAY<T>', 'LAMBDA<T => O>'], (xs: unknown[], f: Fn) => xs.map((x) => f(x))),
    sig('MAP<K2, V2>', ['MAP<K, V>', 'LAMBDA<K, V => K2>', 'LAMBDA<K, V => V2>'], transformMap),
  ]),
  scalar('filter', CAT, 'The elements of an array, or entries of a map, for which a lambda is true.', [
    sig('ARRAY<T>', ['ARRAY<T>', 'LAMBDA<T => BOOLEAN>'], (xs: unknown[], f: Fn) => xs.filter((x) => f(x) === true)),
    sig('MAP<K, V>', ['MAP<K, V>', 'LAMBDA<K, V => BOOLEAN>'], filterMap),
  ]),
  scalar('reduce', CAT, 'Folds an array or a map into a state with a lambda; a NULL collection gives the initial state.', [
    sig('S', ['ARRAY<T>', 'S', 'LAMBDA<S, T => S>'], (xs: unknown[] | null, init: unknown, f: Fn) =>
      (xs === null ? init : xs.reduce((s, x) => f(s, x), init)), { nulls: true }),
    sig('S', ['MAP<K, V>', 'S', 'LAMBDA<S, K, V => S>'], (m: Map<unknown, unknown> | null, init: unknown, f: Fn) => {
      let s = init;
      if (m !== null) for (const [k, v] of m) s = f(s, k, v);
      return s;
    }, { nulls: true }),
  ]),
];
