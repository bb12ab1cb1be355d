/**
 * The small plumbing every aggregate file shares: wrapping a resolve function as a registry
 * `FunctionFactory<'AGGREGATE'>`, Java's fixed-width integer arithmetic, and the config the
 * limited aggregates read.
 */
import type { FunctionFactory, FunctionVariant, ResolvedAggregate } from '../types.js';
import type { ArgSpec } from '../types.js';

/** Properties the aggregates read (`ksql.functions.collect_list.limit`, ...), by full name. */
export type AggregateConfig = Readonly<Record<string, unknown>>;

export interface AggregateDefinition {
  /** Upper-case name the registry files it under (`COLLECT_LIST`). */
  readonly name: string;
  readonly description: string;
  readonly variants: readonly FunctionVariant[];
  resolve(args: readonly ArgSpec[]): ResolvedAggregate;
}

export function aggregateFactory(def: AggregateDefinition): FunctionFactory<'AGGREGATE'> {
  return {
    name: def.name,
    kind: 'AGGREGATE',
    category: 'AGGREGATE',
    description: def.description,
    variants: def.variants,
    resolve: (args) => def.resolve(args),
  };
}

/** One `DESCRIBE FUNCTION` line. */
export function variant(signature: string, returnType: string, description: string): FunctionVariant {
  return { signature, returnType, description };
}

/** Java `int` addition: wraps at 32 bits. */
export function addInt(a: number, b: number): number {
  return (a + b) | 0;
}

/** Java `long` addition: wraps at 64 bits. */
export function addLong(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a + b);
}

/** A non-negative integer limit from config (`-1` or absent means `fallback`), as ksqlDB's `configure` reads it. */
export function limitFrom(config: AggregateConfig, key: string, fallback: number): number {
  const raw = config[key];
  if (raw === undefined || raw === null) return fallback;
  const n = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : Number.parseInt(String(raw), 10);
  if (!Number.isFinite(n)) throw new RangeError(`${key} must be an integer, got ${String(raw)}`);
  return n < 0 ? fallback : Math.trunc(n);
}
