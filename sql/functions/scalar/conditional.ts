/** COALESCE, IFNULL, NULLIF. */
import type { FunctionFactory } from '../types.js';
import { scalar, sig } from './define.js';
import { valuesEqual } from './equality.js';

const CAT = 'CONDITIONAL';

export const conditionalFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('COALESCE', CAT, 'Returns the first non-null value, or NULL when all are NULL.', [
    sig('T', ['T', '...T'], (...vs: unknown[]) => vs.find((v) => v !== null) ?? null, { nulls: true }),
  ]),
  scalar('IFNULL', CAT, 'Returns the second argument when the first is NULL, otherwise the first.', [
    sig('T', ['T', 'T'], (a: unknown, b: unknown) => (a === null ? b : a), { nulls: true }),
  ]),
  scalar('NULLIF', CAT, 'Returns NULL when both arguments are equal, otherwise the first.', [
    sig('T', ['T', 'T'], (a: unknown, b: unknown) => (a !== null && b !== null && valuesEqual(a, b) ? null : a), { nulls: true }),
  ]),
];
