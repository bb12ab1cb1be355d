/**
 * The functions module's entry point: `builtinRegistry()` holds every built-in scalar, aggregate
 * and table function.
 */
import type { FunctionFactory } from './types.js';
import { createRegistry, type MutableRegistry } from './registry.js';
import { scalarFunctions, type ScalarEnvironment } from './scalar/index.js';
import { aggregateFunctions } from './aggregate/index.js';
import { tableFunctions } from './table/index.js';

export { createRegistry, type MutableRegistry } from './registry.js';
export type { ScalarEnvironment } from './scalar/index.js';

const defaultEnvironment: ScalarEnvironment = { random: Math.random, nowMs: Date.now };

/** A registry of all built-in functions; `env` replaces the clock and random source (tests). */
export function builtinRegistry(env: Partial<ScalarEnvironment> = {}): MutableRegistry {
  const all: FunctionFactory[] = [...scalarFunctions({ ...defaultEnvironment, ...env }), ...aggregateFunctions, ...tableFunctions];
  return createRegistry(all);
}
