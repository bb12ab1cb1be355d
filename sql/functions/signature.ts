/**
 * Parameter type patterns of function signatures, and matching an argument against one.
 *
 * A pattern is written as text: a concrete type (`DOUBLE`, `STRING`, `DECIMAL(10, 2)`), `DECIMAL`
 * (any precision and scale), `STRUCT` (any struct), a generic (any other name: `T`, `K`, `V`),
 * `ARRAY<T>`, `MAP<K, V>`, or a lambda `LAMBDA<T => U>` / `LAMBDA<K, V => R>`. A leading `...`
 * marks the variadic parameter (`...T`, `...INTEGER`).
 *
 * Matching follows ksqlDB's ParamTypes / GenericsUtil: generics bind to the first argument they
 * see; with casts allowed, INTEGER → BIGINT → DECIMAL → DOUBLE widening is accepted and the match
 * returns the converter that widens the VALUE.
 */
import { Decimal } from '../types/decimal.js';
import { SqlError } from '../errors.js';
import { dateFromText, timeFromText, timestampFromText } from './scalar/temporal-text.js';
import type { ArgSpec } from './types.js';
import {
  type Type, primitive, decimal, array, map, typesEqual, formatType, type PrimitiveKind,
} from '../types/types.js';

export type ParamPattern =
  | { readonly kind: 'exact'; readonly type: Type }
  | { readonly kind: 'anyDecimal' }
  | { readonly kind: 'anyStruct' }
  | { readonly kind: 'generic'; readonly name: string }
  | { readonly kind: 'array'; readonly element: ParamPattern }
  | { readonly kind: 'map'; readonly key: ParamPattern; readonly value: ParamPattern }
  | { readonly kind: 'lambda'; readonly params: readonly ParamPattern[]; readonly result: ParamPattern };

/** Generic name → the type it is bound to. */
export type Bindings = Map<string, Type>;

const PRIMITIVE_NAMES = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP']);
const ALIASES: Record<string, string> = { INT: 'INTEGER', VARCHAR: 'STRING' };

/** Parses a pattern's text (see the header). Throws on malformed text: a programmer error. */
export function parsePattern(text: string): ParamPattern {
  const tokens = text.match(/=>|[A-Za-z_][A-Za-z_0-9]*|\d+|[<>(),]/g) ?? [];
  let pos = 0;
  const next = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`bad type pattern '${text}'`);
    return t;
  };
  const expect = (t: string): void => {
    if (next() !== t) throw new Error(`bad type pattern '${text}': expected '${t}'`);
  };
  const parse = (): ParamPattern => {
    const word = next().toUpperCase();
    const name = ALIASES[word] ?? word;
    if (PRIMITIVE_NAMES.has(name)) return { kind: 'exact', type: primitive(name as PrimitiveKind) };
    if (name === 'DECIMAL') {
      if (tokens[pos] !== '(') return { kind: 'anyDecimal' };
      next();
      const p = Number(next());
      expect(',');
      const s = Number(next());
      expect(')');
      return { kind: 'exact', type: decimal(p, s) };
    }
    if (name === 'STRUCT') return { kind: 'anyStruct' };
    if (name === 'ARRAY') {
      expect('<');
      const element = parse();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'MAP') {
      expect('<');
      const key = parse();
      expect(',');
      const value = parse();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (name === 'LAMBDA') {
      expect('<');
      const params: ParamPattern[] = [parse()];
      while (tokens[pos] === ',') {
        next();
        params.push(parse());
      }
      expect('=>');
      const result = parse();
      expect('>');
      return { kind: 'lambda', params, result };
    }
    return { kind: 'generic', name };
  };
  const result = parse();
  if (pos !== tokens.length) throw new Error(`bad type pattern '${text}': trailing input`);
  return result;
}

/** ksqlDB's spelling of a pattern in `DESCRIBE FUNCTION` and in "Valid alternatives". */
export function formatPattern(p: ParamPattern): string {
  switch (p.kind) {
    case 'exact': return formatType(p.type);
    case 'anyDecimal': return 'DECIMAL';
    case 'anyStruct': return 'STRUCT';
    case 'generic': return p.name;
    case 'array': return `ARRAY<${formatPattern(p.element)}>`;
    case 'map': return `MAP<${formatPattern(p.key)}, ${formatPattern(p.value)}>`;
    case 'lambda': return `LAMBDA<${p.params.map(formatPattern).join(', ')} => ${formatPattern(p.result)}>`;
  }
}

export function hasGenerics(p: ParamPattern): boolean {
  switch (p.kind) {
    case 'generic': return true;
    case 'array': return hasGenerics(p.element);
    case 'map': return hasGenerics(p.key) || hasGenerics(p.value);
    case 'lambda': return p.params.some(hasGenerics) || hasGenerics(p.result);
    default: return false;
  }
}

/** Converts an argument value to the parameter's type (identity when no widening happened). */
export type Converter = (value: unknown) => unknown;
export const identity: Converter = (v) => v;

/** The DECIMAL an INTEGER / BIGINT widens to, as ksqlDB's DecimalUtil.toSqlDecimal. */
export function decimalForIntegral(t: Type): Type | null {
  if (t.kind === 'INTEGER') return decimal(10, 0);
  if (t.kind === 'BIGINT') return decimal(19, 0);
  return null;
}

const RANK: Partial<Record<Type['kind'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

/** Whether ksqlDB implicitly casts `from` to `to` when resolving a function (numbers only widen). */
export function canWiden(from: Type, to: Type): boolean {
  const a = RANK[from.kind];
  const b = RANK[to.kind];
  if (a === undefined || b === undefined || a > b) return false;
  if (a === b) {
    if (from.kind !== 'DECIMAL' || to.kind !== 'DECIMAL') return true;
    // A decimal fits another when neither its integer digits nor its scale are lost.
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  }
  if (to.kind === 'DECIMAL') {
    const d = decimalForIntegral(from) as { precision: number; scale: number };
    return to.precision - to.scale >= d.precision;
  }
  return true;
}

/** The converter for a widening `canWiden` accepted. */
export function widener(from: Type, to: Type): Converter {
  if (typesEqual(from, to)) return identity;
  switch (to.kind) {
    case 'BIGINT': return (v) => (v === null ? null : BigInt(v as number));
    case 'DOUBLE':
      if (from.kind === 'DECIMAL') return (v) => (v === null ? null : (v as Decimal).toNumber());
      return (v) => (v === null ? null : Number(v as number | bigint));
    case 'DECIMAL': {
      const scale = to.scale;
      if (from.kind === 'DECIMAL') {
        const shift = 10n ** BigInt(scale - from.scale);
        return (v) => (v === null ? null : new Decimal((v as Decimal).unscaled * shift, scale));
      }
      const shift = 10n ** BigInt(scale);
      return (v) => (v === null ? null : new Decimal(BigInt(v as number | bigint) * shift, scale));
    }
    default: return identity;
  }
}

/** ksqlDB implicitly casts STRING arguments to DATE, TIME and TIMESTAMP parameters (ISO text). */
const TEXT_TO_TEMPORAL: Partial<Record<Type['kind'], (s: string) => number>> = {
  DATE: dateFromText, TIME: timeFromText, TIMESTAMP: timestampFromText,
};

/** A successful match: the type the implementation sees and how to convert the value to it. */
export interface Matched {
  readonly type: Type | null;
  readonly convert: Converter;
}

/**
 * Matches one argument against a pattern, binding generics in `bindings` (mutated only on
 * success of this argument; callers copy per candidate). Null-typed arguments match anything.
 */
export function matchArg(p: ParamPattern, arg: ArgSpec, bindings: Bindings, allowCasts: boolean): Matched | null {
  if (arg.kind === 'lambda') {
    if (p.kind !== 'lambda' || p.params.length !== arg.arity) return null;
    const paramTypes: Type[] = [];
    for (const pp of p.params) {
      const t = substitute(pp, bindings);
      if (t === null) return null;
      paramTypes.push(t);
    }
    const body = arg.bodyType(paramTypes);
    if (body === null) return { type: null, convert: identity };
    const m = matchType(p.result, body, bindings, allowCasts);
    return m === null ? null : { type: null, convert: identity };
  }
  if (p.kind === 'lambda') return null;
  if (arg.type === null) return { type: null, convert: identity };
  return matchType(p, arg.type, bindings, allowCasts);
}

function matchType(p: ParamPattern, t: Type, bindings: Bindings, allowCasts: boolean): Matched | null {
  switch (p.kind) {
    case 'exact': {
      if (typesEqual(p.type, t)) return { type: t, convert: identity };
      if (allowCasts && canWiden(t, p.type)) return { type: p.type, convert: widener(t, p.type) };
      const fromText = allowCasts && t.kind === 'STRING' ? TEXT_TO_TEMPORAL[p.type.kind] : undefined;
      return fromText === undefined ? null : { type: p.type, convert: (v) => (v === null ? null : fromText(v as string)) };
    }
    case 'anyDecimal': {
      if (t.kind === 'DECIMAL') return { type: t, convert: identity };
      const d = allowCasts ? decimalForIntegral(t) : null;
      return d === null ? null : { type: d, convert: widener(t, d) };
    }
    case 'anyStruct':
      return t.kind === 'STRUCT' ? { type: t, convert: identity } : null;
    case 'generic': {
      const bound = bindings.get(p.name);
      if (bound === undefined) {
        bindings.set(p.name, t);
        return { type: t, convert: identity };
      }
      if (typesEqual(bound, t)) return { type: t, convert: identity };
      if (allowCasts && canWiden(t, bound)) return { type: bound, convert: widener(t, bound) };
      return null;
    }
    case 'array': {
      if (t.kind !== 'ARRAY') return null;
      const m = matchType(p.element, t.element, bindings, allowCasts);
      if (m === null || m.type === null) return null;
      const c = m.convert;
      return { type: array(m.type), convert: c === identity ? identity : (v) => (v === null ? null : (v as unknown[]).map(c)) };
    }
    case 'map': {
      if (t.kind !== 'MAP') return null;
      const k = matchType(p.key, t.key, bindings, allowCasts);
      const v = k === null ? null : matchType(p.value, t.value, bindings, allowCasts);
      if (k === null || v === null || k.type === null || v.type === null) return null;
      const kc = k.convert;
      const vc = v.convert;
      const convert: Converter = kc === identity && vc === identity ? identity
        : (m) => (m === null ? null : new Map([...(m as Map<unknown, unknown>)].map(([a, b]) => [kc(a), vc(b)])));
      return { type: map(k.type, v.type), convert };
    }
    case 'lambda':
      return null;
  }
}

/** The concrete type of a pattern given the bindings; null when a generic is unbound or the pattern is open. */
export function substitute(p: ParamPattern, bindings: Bindings): Type | null {
  switch (p.kind) {
    case 'exact': return p.type;
    case 'generic': return bindings.get(p.name) ?? null;
    case 'array': {
      const e = substitute(p.element, bindings);
      return e === null ? null : array(e);
    }
    case 'map': {
      const k = substitute(p.key, bindings);
      const v = substitute(p.value, bindings);
      return k === null || v === null ? null : map(k, v);
    }
    default: return null;
  }
}

/** Substitutes or throws ksqlDB's inference error (e.g. a generic only bound by NULL arguments). */
export function substituteOrThrow(p: ParamPattern, bindings: Bindings, fn: string): Type {
  const t = substitute(p, bindings);
  if (t === null) throw new SqlError(`Could not infer the return type of function '${fn}' (${formatPattern(p)}): give NULL arguments a type with CAST.`);
  return t;
}
