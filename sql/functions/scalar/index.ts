/** Every built-in scalar function, by family. */
import type { FunctionFactory } from '../types.js';
import { mathFunctions } from './math.js';
import { comparisonFunctions } from './comparison.js';
import { conditionalFunctions } from './conditional.js';
import { stringFunctions } from './string.js';
import { maskFunctions } from './mask.js';
import { bytesFunctions } from './bytes.js';
import { jsonFunctions } from './json.js';
import { urlFunctions } from './url.js';
import { otherFunctions } from './other.js';
import { arrayFunctions } from './array.js';
import { mapFunctions } from './map.js';
import { lambdaFunctions } from './lambda.js';
import { datetimeFunctions } from './datetime.js';

/** What the impure scalars (RANDOM, UUID, UNIX_TIMESTAMP(), ...) read; passed in so tests can fix them. */
export interface ScalarEnvironment {
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** Milliseconds since the epoch. */
  readonly nowMs: () => number;
}

/** `uuidFromEnv`: when false, UUID() uses crypto randomness instead of `env.random`. */
export function scalarFunctions(env: ScalarEnvironment, uuidFromEnv = false): FunctionFactory<'SCALAR'>[] {
  return [
    ...mathFunctions(env.random),
    ...comparisonFunctions,
    ...conditionalFunctions,
    ...stringFunctions,
    ...maskFunctions,
    ...bytesFunctions(uuidFromEnv ? env.random : undefined),
    ...jsonFunctions,
    ...urlFunctions,
    ...otherFunctions,
    ...arrayFunctions,
    ...mapFunctions,
    ...lambdaFunctions,
    ...datetimeFunctions(env.nowMs),
  ];
}
