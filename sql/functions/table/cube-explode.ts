/**
 * CUBE_EXPLODE(array): every combination of the array's elements with some replaced by NULL —
 * 2^n rows for n elements, from all-NULL to the full array, the last element varying fastest.
 * An element that is already NULL gives one combination instead of two (no duplicate rows).
 * At most `CUBE_COLUMNS_MAX` elements, as ksqlDB (2^20 rows is already about a million).
 */
import { SqlError } from '../../errors.js';
import { bindSignature, doesNotAccept } from '../aggregate/signature.js';
import { tableFactory } from './define.js';

export const CUBE_COLUMNS_MAX = 20;

/** The combinations in ksqlDB's order: bit (n-1-i) of the mask keeps element i. */
export function cubeCombinations(columns: readonly unknown[]): unknown[][] {
  if (columns.length > CUBE_COLUMNS_MAX) {
    throw new SqlError(
      `CUBE_EXPLODE input size (${columns.length}) exceeds the maximum of ${CUBE_COLUMNS_MAX} columns. ` +
        'The output cardinality is 2^N rows and would exhaust server memory.',
      'engine',
    );
  }
  const n = columns.length;
  let nonNullMask = 0;
  columns.forEach((c, i) => {
    if (c !== null) nonNullMask |= 1 << (n - 1 - i);
  });
  const rows: unknown[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    if ((mask & nonNullMask) !== mask) continue; // would only repeat a row with that NULL element
    rows.push(columns.map((c, i) => ((mask & (1 << (n - 1 - i))) === 0 ? null : c)));
  }
  return rows;
}

export const cubeExplode = tableFactory({
  name: 'CUBE_EXPLODE',
  description:
    'Takes as argument a list of columns and outputs all possible combinations of them. ' +
    'It produces 2^d new rows where d is the number of columns given as parameter. ' +
    'Duplicate entries for columns with null value are skipped.',
  variants: [{ signature: 'ARRAY<T> columns', returnType: 'ARRAY<T>', description: 'All combinations of the columns with some set to NULL.' }],
  resolve(args) {
    const call = bindSignature('cube_explode', [{ params: ['ARRAY<ANY>'] }], args);
    const t = call.types[0];
    if (t === null || t === undefined || t.kind !== 'ARRAY') throw doesNotAccept('cube_explode', args);
    return {
      name: 'CUBE_EXPLODE',
      returnType: t,
      invoke: (values) => (values[0] === null || values[0] === undefined ? [] : cubeCombinations(values[0] as readonly unknown[])),
    };
  },
});
