/**
 * COUNT: `COUNT(*)` / `COUNT()` (zero arguments) counts rows; `COUNT(col)` counts rows where
 * `col` is not NULL (a literal such as `COUNT(1)` counts every row). BIGINT; undoable, so it
 * works on tables (`GROUP BY` over a TABLE counts back down to 0).
 */
import { SqlError } from '../../errors.js';
import { BIGINT } from '../../types/types.js';
import type { ResolvedAggregate } from '../types.js';
import { aggregateFactory, variant } from './define.js';
import { formatArgTypes } from './signature.js';

function countAggregate(countsNulls: boolean, columnArgs: readonly number[]): ResolvedAggregate {
  const counts = (values: readonly unknown[]): boolean => countsNulls || values[0] !== null;
  return {
    name: 'COUNT',
    returnType: BIGINT,
    aggregateType: BIGINT,
    columnArgs,
    init: () => 0n,
    add: (acc, values) => (counts(values) ? (acc as bigint) + 1n : acc),
    undo: (acc, values) => (counts(values) ? (acc as bigint) - 1n : acc),
    merge: (a, b) => (a as bigint) + (b as bigint),
    result: (acc) => acc,
  };
}

export const count = aggregateFactory({
  name: 'COUNT',
  description: 'Counts records by key.',
  variants: [variant('', 'BIGINT', 'Counts all records.'), variant('T val', 'BIGINT', 'Counts records where val is not null.')],
  resolve(args) {
    if (args.length === 0) return countAggregate(true, []);
    if (args.length !== 1 || args[0]!.kind === 'lambda') {
      throw new SqlError(`Function 'COUNT' does not accept parameters (${formatArgTypes(args)}).`);
    }
    return countAggregate(false, [0]);
  },
});
