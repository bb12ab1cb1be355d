/**
 * The function registry: functions by name (case-insensitive), each a FunctionFactory that
 * resolves its own overloads. Lookup failures use ksqlDB's messages.
 */
import { SqlError } from '../errors.js';
import type {
  ArgSpec, FunctionDescription, FunctionFactory, FunctionKind, FunctionRegistry,
  ResolvedAggregate, ResolvedScalar, ResolvedTableFunction,
} from './types.js';

export type MutableRegistry = FunctionRegistry & {
  /** Adds a function; a second function with the same name (any case) is an error. */
  register(f: FunctionFactory): void;
};

const KIND_WORD: Record<FunctionKind, string> = { SCALAR: 'a scalar', AGGREGATE: 'an aggregate', TABLE: 'a table' };

/** A registry holding `factories`; more can be registered later (user functions). */
export function createRegistry(factories: readonly FunctionFactory[] = []): MutableRegistry {
  const byName = new Map<string, FunctionFactory>();

  const lookup = (name: string, kind: FunctionKind): FunctionFactory => {
    const f = byName.get(name.toUpperCase());
    if (f === undefined) throw new SqlError(`Can't find any functions with the name '${name}'`);
    if (f.kind !== kind) {
      throw new SqlError(`Function '${name}' is ${KIND_WORD[f.kind]} function, not ${KIND_WORD[kind]} function.`);
    }
    return f;
  };

  const registry: MutableRegistry = {
    register(f: FunctionFactory): void {
      const key = f.name.toUpperCase();
      if (byName.has(key)) throw new SqlError(`A function named '${f.name}' is already registered.`);
      byName.set(key, f);
    },
    kindOf(name: string): FunctionKind | null {
      return byName.get(name.toUpperCase())?.kind ?? null;
    },
    resolveScalar(name: string, args: readonly ArgSpec[]): ResolvedScalar {
      return (lookup(name, 'SCALAR') as FunctionFactory<'SCALAR'>).resolve(args);
    },
    resolveAggregate(name: string, args: readonly ArgSpec[]): ResolvedAggregate {
      return (lookup(name, 'AGGREGATE') as FunctionFactory<'AGGREGATE'>).resolve(args);
    },
    resolveTable(name: string, args: readonly ArgSpec[]): ResolvedTableFunction {
      return (lookup(name, 'TABLE') as FunctionFactory<'TABLE'>).resolve(args);
    },
    describe(name: string): FunctionDescription {
      const f = byName.get(name.toUpperCase());
      if (f === undefined) throw new SqlError(`Can't find any functions with the name '${name}'`);
      return describeFactory(f);
    },
    list(): readonly FunctionDescription[] {
      return [...byName.values()].map(describeFactory).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
  };
  for (const f of factories) registry.register(f);
  return registry;
}

function describeFactory(f: FunctionFactory): FunctionDescription {
  return {
    name: f.name.toUpperCase(),
    kind: f.kind,
    category: f.category,
    description: f.description,
    author: 'Confluent',
    path: 'internal',
    variants: f.variants,
  };
}
