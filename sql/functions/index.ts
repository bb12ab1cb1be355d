/**
 * The functions module's entry point: `builtinRegistry()` holds every built-in scalar, aggregate
 * and table function.
 */
import type { FunctionFactory } from './types.js';
import { createRegistry, type MutableRegistry } from './registry.js';
import { scalarFunctions, type ScalarEnvironment } from './scalar/index.js';
import { createAggregateFunctions } from './aggregate/index.js';
import { tableFunctions } from './table/index.js';

export { createRegistry, type MutableRegistry } from './registry.js';
export type { ScalarEnvironment } from './scalar/index.js';

const defaultEnvironment: ScalarEnvironment = { random: Math.random, nowMs: Date.now };

/**
 * A registry of all built-in functions (and `extra` ones, e.g. user-defined): `env` replaces the
 * clock and random source (tests); `properties` are the session's ksqlDB properties (the collect
 * limits of COLLECT_LIST / COLLECT_SET).
 */
export function builtinRegistry(env: Partial<ScalarEnvironment> = {}, properties: Readonly<Record<string, string>> = {}, extra: readonly FunctionFactory[] = []): MutableRegistry {
  const all: FunctionFactory[] = [...scalarFunctions({ ...defaultEnvironment, ...env }), ...createAggregateFunctions(properties), ...tableFunctions, ...extra];
  return createRegistry(all);
}
