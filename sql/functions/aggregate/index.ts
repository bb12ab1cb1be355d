/** Built-in aggregate functions (placeholder until they are written). */
import type { FunctionFactory } from '../types.js';

export const aggregateFunctions: FunctionFactory[] = [];
