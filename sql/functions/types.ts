/**
 * The function registry contract: how the expression compiler and the planner find, type-check
 * and call ksqlDB's scalar, aggregate and table functions (and users' TypeScript UDFs).
 *
 * Resolution follows ksqlDB: a name (case-insensitive) has one or more signatures; the argument
 * types pick one, allowing ksqlDB's implicit widening (INTEGER → BIGINT → DECIMAL → DOUBLE) and
 * generics (`ARRAY<T>`, `MAP<K, V>`, variadic tails); a NULL literal (type `null`) matches any
 * parameter. Failures throw `SqlError` with ksqlDB's messages, e.g.
 * `Function 'least' does not accept parameters (STRING, INTEGER).` and
 * `Can't find any functions with the name 'WONT_FIND_ME'`.
 */
import type { Type } from '../types/types.js';

/** What the caller knows about one argument before resolving. */
export type ArgSpec =
  | {
      readonly kind: 'value';
      /** null for an untyped NULL literal. */
      readonly type: Type | null;
      /** Present when the argument is a constant (a literal, folded): its value. */
      readonly constant?: { readonly value: unknown };
    }
  | {
      /** `x => ...` / `(k, v) => ...`. */
      readonly kind: 'lambda';
      readonly arity: number;
      /** Types the body given its parameters' types (throws SqlError when the body does not type-check). */
      bodyType(paramTypes: readonly Type[]): Type | null;
    };

/** A JS function a lambda argument is passed as at invoke time. */
export type LambdaValue = (...params: unknown[]) => unknown;

export interface ResolvedScalar {
  readonly name: string;
  readonly returnType: Type;
  /**
   * Calls the function. `args` are the evaluated arguments in the caller's types (the resolved
   * function converts them itself: implicit widening is its job, not the caller's); lambda
   * arguments are `LambdaValue`s. May throw: the compiler turns a throw into NULL plus a
   * processing-log entry, as ksqlDB does.
   */
  invoke(args: readonly unknown[]): unknown;
}

/**
 * One aggregate, bound to its argument types and its constant (literal) arguments. The
 * accumulator must be a plain value the internal serde can store: null, boolean, number,
 * bigint, string, Buffer, Decimal, arrays, Maps and plain objects of those.
 */
export interface ResolvedAggregate {
  readonly name: string;
  readonly returnType: Type;
  /** Type of the accumulator, when ksqlDB exposes one (used for format checks); else null. */
  readonly aggregateType: Type | null;
  /** Indexes (into the call's args) of the non-constant arguments passed to add/undo, in order. */
  readonly columnArgs: readonly number[];
  init(): unknown;
  /** `values`: the non-constant arguments of one row. Returns the new accumulator (may mutate and return `acc`). */
  add(acc: unknown, values: readonly unknown[]): unknown;
  /** Removes a row (table aggregations); absent when ksqlDB's function cannot undo. */
  undo?(acc: unknown, values: readonly unknown[]): unknown;
  /** Merges two session windows' accumulators. */
  merge(a: unknown, b: unknown): unknown;
  /** The accumulator → the value a row shows. */
  result(acc: unknown): unknown;
}

export interface ResolvedTableFunction {
  readonly name: string;
  readonly returnType: Type;
  /** One output value per produced row; an empty array (or null input) produces no rows. */
  invoke(args: readonly unknown[]): readonly unknown[];
}

export type FunctionKind = 'SCALAR' | 'AGGREGATE' | 'TABLE';

/** `DESCRIBE FUNCTION` / `SHOW FUNCTIONS` content. */
export interface FunctionDescription {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly category: string;
  readonly description: string;
  readonly author?: string;
  readonly version?: string;
  readonly path: string;
  readonly variants: readonly { readonly signature: string; readonly returnType: string; readonly description: string }[];
}

export interface FunctionRegistry {
  kindOf(name: string): FunctionKind | null;
  resolveScalar(name: string, args: readonly ArgSpec[]): ResolvedScalar;
  resolveAggregate(name: string, args: readonly ArgSpec[]): ResolvedAggregate;
  resolveTable(name: string, args: readonly ArgSpec[]): ResolvedTableFunction;
  describe(name: string): FunctionDescription;
  list(): readonly FunctionDescription[];
}

/** One signature as `DESCRIBE FUNCTION` shows it. */
export interface FunctionVariant {
  readonly signature: string;
  readonly returnType: string;
  readonly description: string;
}

/**
 * A function as the registry holds it: metadata plus `resolve`, which checks the arguments
 * (throwing SqlError with ksqlDB's message when they do not fit) and binds an implementation.
 * Scalar, aggregate and table functions, built-in or user-defined, are all registered this way.
 */
export interface FunctionFactory<K extends FunctionKind = FunctionKind> {
  readonly name: string;
  readonly kind: K;
  readonly category: string;
  readonly description: string;
  readonly variants: readonly FunctionVariant[];
  resolve(args: readonly ArgSpec[]): K extends 'SCALAR' ? ResolvedScalar : K extends 'AGGREGATE' ? ResolvedAggregate : ResolvedTableFunction;
}
