/**
 * Picks the signature of an aggregate or table function that fits the call's arguments, the
 * way ksqlDB's function index does: an exact match first, then one reached by implicit widening
 * (INTEGER → BIGINT → DECIMAL → DOUBLE); an untyped NULL matches any parameter. Trailing
 * initialisation parameters (TOPK's k, LATEST_BY_OFFSET's n) must be constants. When nothing
 * fits it throws ksqlDB's `Function 'X' does not accept parameters (A, B).`
 */
import { SqlError } from '../../errors.js';
import { Decimal } from '../../types/decimal.js';
import { decimal, formatType, primitive, typesEqual, type PrimitiveKind, type Type } from '../../types/types.js';
import type { ArgSpec } from '../types.js';

/**
 * A parameter pattern: a primitive kind, `DECIMAL` (any precision and scale), `ANY` (a generic
 * T: any type, passed as it is), `ARRAY<p>` of a pattern, or a concrete resolved `Type`.
 */
export type ParamPattern = PrimitiveKind | 'DECIMAL' | 'ANY' | `ARRAY<${string}>` | Type;

export interface ParamSpec {
  readonly type: ParamPattern;
  /** An initialisation argument: must be a constant; its value is read at resolve time. */
  readonly constant?: boolean;
}

export interface Signature {
  readonly params: readonly (ParamPattern | ParamSpec)[];
  /** The last parameter repeats (zero or more times). */
  readonly variadic?: boolean;
  /**
   * The parameter at this index repeats (zero or more times), with the ones after it matched
   * against the last arguments — ksqlDB's UDAFs allow variadic column arguments before
   * trailing constants. Overrides `variadic`.
   */
  readonly variadicAt?: number;
}

export interface BoundCall<S extends Signature> {
  readonly signature: S;
  /** Each argument's type after widening (the NULL literal gets the parameter's own type, or null for ANY). */
  readonly types: readonly (Type | null)[];
  /** Converts each argument's runtime value to its bound type (identity where no widening happened). */
  readonly converters: readonly ((v: unknown) => unknown)[];
  /** Constant arguments' values by argument index (undefined for non-constant parameters). */
  readonly constants: readonly unknown[];
  /** Indexes of the arguments that are row values (every parameter not marked `constant`). */
  readonly columnArgs: readonly number[];
}

const WIDENING: Partial<Record<string, readonly string[]>> = {
  INTEGER: ['BIGINT', 'DECIMAL', 'DOUBLE'],
  BIGINT: ['DECIMAL', 'DOUBLE'],
  DECIMAL: ['DOUBLE'],
};

function spec(p: ParamPattern | ParamSpec): ParamSpec {
  return typeof p === 'object' && 'type' in p && !('kind' in p) ? p : { type: p as ParamPattern };
}

type Fit = { widened: number; type: Type | null } | null;

/** How `argType` fits `pattern`: null when it does not, else the bound type and how many widenings it took. */
function fit(argType: Type | null, pattern: ParamPattern): Fit {
  if (typeof pattern !== 'string') {
    if (argType === null) return { widened: 0, type: pattern };
    if (typesEqual(argType, pattern)) return { widened: 0, type: argType };
    return WIDENING[argType.kind]?.includes(pattern.kind) ? { widened: 1, type: pattern } : null;
  }
  if (pattern === 'ANY') return { widened: 0, type: argType };
  if (pattern.startsWith('ARRAY<')) {
    if (argType === null) return { widened: 0, type: null };
    if (argType.kind !== 'ARRAY') return null;
    const inner = fit(argType.element, pattern.slice(6, -1) as ParamPattern);
    return inner !== null && inner.widened === 0 ? { widened: 0, type: argType } : null;
  }
  if (argType === null) return { widened: 0, type: pattern === 'DECIMAL' ? null : primitive(pattern as PrimitiveKind) };
  if (argType.kind === pattern) return { widened: 0, type: argType };
  if (!WIDENING[argType.kind]?.includes(pattern)) return null;
  if (pattern !== 'DECIMAL') return { widened: 1, type: primitive(pattern as PrimitiveKind) };
  return { widened: 1, type: argType.kind === 'INTEGER' ? decimal(10, 0) : decimal(19, 0) };
}

/** The runtime conversion for a widening from `from` to `to` (identity when nothing changes). */
export function widener(from: Type | null, to: Type | null): (v: unknown) => unknown {
  if (from === null || to === null || from.kind === to.kind) return identity;
  if (to.kind === 'DOUBLE') {
    return from.kind === 'DECIMAL' ? (v) => (v === null ? null : (v as Decimal).toNumber()) : (v) => (v === null ? null : Number(v));
  }
  if (to.kind === 'BIGINT') return (v) => (v === null ? null : BigInt(v as number));
  if (to.kind === 'DECIMAL') {
    const factor = 10n ** BigInt(to.scale);
    return (v) => (v === null ? null : new Decimal(BigInt(v as number | bigint) * factor, to.scale));
  }
  return identity;
}

const identity = (v: unknown): unknown => v;

/** Types of the arguments as ksqlDB prints them in messages: `BIGINT, STRING`, `null` for NULL. */
export function formatArgTypes(args: readonly ArgSpec[]): string {
  return args.map((a) => (a.kind === 'lambda' ? 'LAMBDA' : a.type === null ? 'null' : formatType(a.type))).join(', ');
}

export function doesNotAccept(displayName: string, args: readonly ArgSpec[]): SqlError {
  return new SqlError(`Function '${displayName}' does not accept parameters (${formatArgTypes(args)}).`);
}

function bindOne<S extends Signature>(sig: S, args: readonly ArgSpec[]): { call: BoundCall<S>; widened: number } | null {
  const params = sig.params.map(spec);
  const at = sig.variadicAt ?? (sig.variadic === true ? params.length - 1 : -1);
  if (at >= 0 ? args.length < params.length - 1 : args.length !== params.length) return null;
  const paramFor = (i: number): ParamSpec => {
    if (at < 0 || i < at) return params[i]!;
    const fromEnd = args.length - i;
    return fromEnd < params.length - at ? params[params.length - fromEnd]! : params[at]!;
  };
  const types: (Type | null)[] = [];
  const converters: ((v: unknown) => unknown)[] = [];
  const constants: unknown[] = [];
  const columnArgs: number[] = [];
  let widened = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const param = paramFor(i);
    if (arg.kind === 'lambda') return null;
    const f = fit(arg.type, param.type);
    if (f === null) return null;
    widened += f.widened;
    types.push(f.type);
    converters.push(widener(arg.type, f.type));
    if (param.constant === true) {
      if (arg.constant === undefined) return null;
      constants.push(widener(arg.type, f.type)(arg.constant.value));
    } else {
      constants.push(undefined);
      columnArgs.push(i);
    }
  }
  return { call: { signature: sig, types, converters, constants, columnArgs }, widened };
}

/**
 * Binds `args` to the best-fitting signature: the first exact one, else the one needing the
 * fewest widenings (earlier signatures win ties). Throws `does not accept parameters` when none fits.
 */
export function bindSignature<S extends Signature>(displayName: string, signatures: readonly S[], args: readonly ArgSpec[]): BoundCall<S> {
  let best: { call: BoundCall<S>; widened: number } | null = null;
  for (const sig of signatures) {
    const bound = bindOne(sig, args);
    if (bound === null) continue;
    if (bound.widened === 0) return bound.call;
    if (best === null || bound.widened < best.widened) best = bound;
  }
  if (best === null) throw doesNotAccept(displayName, args);
  return best.call;
}
