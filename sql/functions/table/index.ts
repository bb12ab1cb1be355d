/** Built-in table functions (placeholder until they are written). */
import type { FunctionFactory } from '../types.js';

export const tableFunctions: FunctionFactory[] = [];
