/**
 * CORRELATION(x, y): the Pearson correlation coefficient of the rows where both are non-null,
 * by the single-pass formula ksqlDB uses (NaN until it is defined, e.g. after one row).
 * Numeric arguments widen to DOUBLE. Undoable.
 */
import { BIGINT, DOUBLE, struct } from '../../types/types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature } from './signature.js';

interface CorrAcc {
  X_SUM: number;
  Y_SUM: number;
  X_SQUARED_SUM: number;
  Y_SQUARED_SUM: number;
  XY_SUM: number;
  COUNT: bigint;
}

function step(acc: CorrAcc, x: number, y: number, sign: 1 | -1): CorrAcc {
  return {
    X_SUM: acc.X_SUM + sign * x,
    Y_SUM: acc.Y_SUM + sign * y,
    X_SQUARED_SUM: acc.X_SQUARED_SUM + sign * x * x,
    Y_SQUARED_SUM: acc.Y_SQUARED_SUM + sign * y * y,
    XY_SUM: acc.XY_SUM + sign * x * y,
    COUNT: acc.COUNT + BigInt(sign),
  };
}

const ACC_TYPE = struct([
  { name: 'X_SUM', type: DOUBLE },
  { name: 'Y_SUM', type: DOUBLE },
  { name: 'X_SQUARED_SUM', type: DOUBLE },
  { name: 'Y_SQUARED_SUM', type: DOUBLE },
  { name: 'XY_SUM', type: DOUBLE },
  { name: 'COUNT', type: BIGINT },
]);

export const correlation = aggregateFactory({
  name: 'CORRELATION',
  description: 'Computes the Pearson correlation coefficient between two columns of data.',
  variants: [variant('DOUBLE x, DOUBLE y', 'DOUBLE', 'Computes the Pearson correlation coefficient between two DOUBLE columns.')],
  resolve(args) {
    const call = bindSignature('correlation', [{ params: ['DOUBLE', 'DOUBLE'] }], args);
    const [cx, cy] = call.converters as [(v: unknown) => unknown, (v: unknown) => unknown];
    const apply = (acc: unknown, values: readonly unknown[], sign: 1 | -1): unknown => {
      const x = cx(values[0]) as number | null;
      const y = cy(values[1]) as number | null;
      return x === null || y === null ? acc : step(acc as CorrAcc, x, y, sign);
    };
    return {
      name: 'CORRELATION',
      returnType: DOUBLE,
      aggregateType: ACC_TYPE,
      columnArgs: [0, 1],
      init: (): CorrAcc => ({ X_SUM: 0, Y_SUM: 0, X_SQUARED_SUM: 0, Y_SQUARED_SUM: 0, XY_SUM: 0, COUNT: 0n }),
      add: (acc, values) => apply(acc, values, 1),
      undo: (acc, values) => apply(acc, values, -1),
      merge(aIn, bIn) {
        const a = aIn as CorrAcc;
        const b = bIn as CorrAcc;
        return {
          X_SUM: a.X_SUM + b.X_SUM,
          Y_SUM: a.Y_SUM + b.Y_SUM,
          X_SQUARED_SUM: a.X_SQUARED_SUM + b.X_SQUARED_SUM,
          Y_SQUARED_SUM: a.Y_SQUARED_SUM + b.Y_SQUARED_SUM,
          XY_SUM: a.XY_SUM + b.XY_SUM,
          COUNT: a.COUNT + b.COUNT,
        };
      },
      result(accIn) {
        const a = accIn as CorrAcc;
        const n = Number(a.COUNT);
        const numerator = n * a.XY_SUM - a.X_SUM * a.Y_SUM;
        const denomX = n * a.X_SQUARED_SUM - a.X_SUM * a.X_SUM;
        const denomY = n * a.Y_SQUARED_SUM - a.Y_SUM * a.Y_SUM;
        return numerator / Math.sqrt(denomX * denomY);
      },
    };
  },
});
