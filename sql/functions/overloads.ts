/**
 * Choosing one signature of a function for the argument types, as ksqlDB's UdfIndex does:
 *   1. candidates that match without implicit casts; if none, candidates that match with
 *      INTEGER → BIGINT → DECIMAL → DOUBLE widening;
 *   2. the best candidate wins: non-variadic over variadic, then more declared parameters, then
 *      fewer generic parameters; a tie is ksqlDB's "ambiguous method parameters" error.
 * Usable for scalar, aggregate and table functions alike.
 */
import { SqlError } from '../errors.js';
import type { ArgSpec } from './types.js';
import { formatType } from '../types/types.js';
import {
  type ParamPattern, type Bindings, type Matched, parsePattern, formatPattern, hasGenerics, matchArg,
} from './signature.js';

/** One declared signature; `variadic` is the index of the `...X` parameter, or -1. */
export interface Overload<V> {
  readonly params: readonly ParamPattern[];
  readonly variadic: number;
  readonly value: V;
}

/** Parses parameter pattern texts (`['STRING', '...INTEGER']`) into an overload. */
export function overload<V>(paramTexts: readonly string[], value: V): Overload<V> {
  let variadic = -1;
  const params = paramTexts.map((text, i) => {
    const t = text.trim();
    if (t.startsWith('...')) {
      if (variadic !== -1) throw new Error(`two variadic parameters in (${paramTexts.join(', ')})`);
      variadic = i;
      return parsePattern(t.slice(3));
    }
    return parsePattern(t);
  });
  return { params, variadic, value };
}

/** `(STRING, INTEGER...)`: a signature as DESCRIBE FUNCTION and the error messages show it. */
export function formatOverload(o: Overload<unknown>): string {
  return '(' + o.params.map((p, i) => formatPattern(p) + (i === o.variadic ? '...' : '')).join(', ') + ')';
}

export interface Chosen<V> {
  readonly overload: Overload<V>;
  readonly bindings: Bindings;
  /** Per argument: the type the implementation sees (null for NULL / lambda args) and its converter. */
  readonly args: readonly Matched[];
}

/** ksqlDB's rendering of the call's argument types: `(STRING, INTEGER)`, `(null, null)`. */
export function formatArgs(args: readonly ArgSpec[]): string {
  return '(' + args.map((a) => (a.kind === 'lambda' ? 'LAMBDA' : a.type === null ? 'null' : formatType(a.type))).join(', ') + ')';
}

function alternatives(name: string, overloads: readonly Overload<unknown>[]): string {
  return overloads.map((o) => name.toUpperCase() + formatOverload(o)).join('\n');
}

/** Resolves `args` against `overloads`, or throws ksqlDB's message naming `name`. */
export function chooseOverload<V>(name: string, overloads: readonly Overload<V>[], args: readonly ArgSpec[]): Chosen<V> {
  const exact = candidates(overloads, args, false);
  const found = best(name, overloads, exact, args) ?? best(name, overloads, candidates(overloads, args, true), args);
  if (found !== null) return found;
  throw new SqlError(`Function '${name}' does not accept parameters ${formatArgs(args)}.\nValid alternatives are:\n`
    + `${alternatives(name, overloads)}\nFor detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;`);
}

function candidates<V>(overloads: readonly Overload<V>[], args: readonly ArgSpec[], allowCasts: boolean): Chosen<V>[] {
  const out: Chosen<V>[] = [];
  for (const o of overloads) {
    const m = matchOverload(o, args, allowCasts);
    if (m !== null) out.push(m);
  }
  return out;
}

/** The parameter pattern argument `i` of `n` falls on (the arity was checked). */
function paramFor(o: Overload<unknown>, i: number, n: number): ParamPattern {
  const count = o.params.length;
  if (o.variadic === -1) return o.params[i]!;
  const after = count - 1 - o.variadic;
  if (i < o.variadic) return o.params[i]!;
  if (i >= n - after) return o.params[count - (n - i)]!;
  return o.params[o.variadic]!;
}

function matchOverload<V>(o: Overload<V>, args: readonly ArgSpec[], allowCasts: boolean): Chosen<V> | null {
  const n = args.length;
  if (o.variadic === -1 ? n !== o.params.length : n < o.params.length - 1) return null;
  const bindings: Bindings = new Map();
  const matched: Matched[] = [];
  // Lambdas come last and need the generics bound by the other arguments, so match them last.
  const order = args.map((_, i) => i).sort((a, b) => Number(args[a]!.kind === 'lambda') - Number(args[b]!.kind === 'lambda'));
  for (const i of order) {
    const m = matchArg(paramFor(o, i, n), args[i]!, bindings, allowCasts);
    if (m === null) return null;
    matched[i] = m;
  }
  return { overload: o, bindings, args: matched };
}

function rank(o: Overload<unknown>): [number, number, number] {
  return [o.variadic === -1 ? 1 : 0, o.params.length, -o.params.filter(hasGenerics).length];
}

function compare(a: Overload<unknown>, b: Overload<unknown>): number {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return 0;
}

function best<V>(name: string, all: readonly Overload<V>[], found: Chosen<V>[], args: readonly ArgSpec[]): Chosen<V> | null {
  if (found.length === 0) return null;
  found.sort((a, b) => compare(a.overload, b.overload));
  const top = found[found.length - 1]!;
  if (found.length === 1 || compare(top.overload, found[found.length - 2]!.overload) > 0) return top;
  throw new SqlError(`Function '${name}' cannot be resolved due to ambiguous method parameters ${formatArgs(args)}.\n`
    + 'Use CAST() to explicitly cast your parameters to one of the supported function calls.\nValid function calls are:\n'
    + `${alternatives(name, all)}\nFor detailed information on a function run: DESCRIBE FUNCTION <Function-Name>;`);
}
