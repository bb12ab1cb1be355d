/** Every built-in scalar function, by family. */
import type { FunctionFactory } from '../types.js';
import { mathFunctions } from './math.js';
import { comparisonFunctions } from './comparison.js';
import { conditionalFunctions } from './conditional.js';

/** What the impure scalars (RANDOM, UUID, UNIX_TIMESTAMP(), ...) read; passed in so tests can fix them. */
export interface ScalarEnvironment {
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** Milliseconds since the epoch. */
  readonly nowMs: () => number;
}

export function scalarFunctions(env: ScalarEnvironment): FunctionFactory<'SCALAR'>[] {
  return [
    ...mathFunctions(env.random),
    ...comparisonFunctions,
    ...conditionalFunctions,
  ];
}
