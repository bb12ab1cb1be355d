/**
 * AVG: the mean of the non-null values as a DOUBLE (0.0 for an empty group, as ksqlDB). The
 * running sum keeps the input type like ksqlDB's (an INTEGER sum wraps at 32 bits); DECIMAL
 * input widens to DOUBLE. Undoable.
 */
import { BIGINT, DOUBLE, struct, type Type } from '../../types/types.js';
import { addInt, addLong, aggregateFactory, variant } from './define.js';
import { bindSignature } from './signature.js';

interface AvgAcc {
  SUM: number | bigint;
  COUNT: bigint;
}

interface SumOps {
  readonly zero: number | bigint;
  add(a: number | bigint, b: number | bigint): number | bigint;
  sub(a: number | bigint, b: number | bigint): number | bigint;
}

const OPS: Record<'INTEGER' | 'BIGINT' | 'DOUBLE', SumOps> = {
  INTEGER: { zero: 0, add: (a, b) => addInt(a as number, b as number), sub: (a, b) => ((a as number) - (b as number)) | 0 },
  BIGINT: { zero: 0n, add: (a, b) => addLong(a as bigint, b as bigint), sub: (a, b) => BigInt.asIntN(64, (a as bigint) - (b as bigint)) },
  DOUBLE: { zero: 0, add: (a, b) => (a as number) + (b as number), sub: (a, b) => (a as number) - (b as number) },
};

export const avg = aggregateFactory({
  name: 'AVG',
  description: 'Returns the average value of the column computed as the sum divided by the count. Applicable only to numeric types.',
  variants: [
    variant('BIGINT val', 'DOUBLE', 'Compute average of column with type Long.'),
    variant('INT val', 'DOUBLE', 'Compute average of column with type Integer.'),
    variant('DOUBLE val', 'DOUBLE', 'Compute average of column with type Double.'),
  ],
  resolve(args) {
    const call = bindSignature('avg', [{ params: ['BIGINT'] }, { params: ['INTEGER'] }, { params: ['DOUBLE'] }], args);
    const inType = (call.types[0] ?? BIGINT) as Type;
    const kind = inType.kind as 'INTEGER' | 'BIGINT' | 'DOUBLE';
    const ops = OPS[kind];
    const convert = call.converters[0]!;
    return {
      name: 'AVG',
      returnType: DOUBLE,
      aggregateType: struct([{ name: 'SUM', type: inType }, { name: 'COUNT', type: BIGINT }]),
      columnArgs: call.columnArgs,
      init: (): AvgAcc => ({ SUM: ops.zero, COUNT: 0n }),
      add(acc, values) {
        const v = convert(values[0]) as number | bigint | null;
        const a = acc as AvgAcc;
        return v === null ? a : { SUM: ops.add(a.SUM, v), COUNT: a.COUNT + 1n };
      },
      undo(acc, values) {
        const v = convert(values[0]) as number | bigint | null;
        const a = acc as AvgAcc;
        return v === null ? a : { SUM: ops.sub(a.SUM, v), COUNT: a.COUNT - 1n };
      },
      merge: (a, b) => ({ SUM: ops.add((a as AvgAcc).SUM, (b as AvgAcc).SUM), COUNT: (a as AvgAcc).COUNT + (b as AvgAcc).COUNT }),
      result(acc) {
        const a = acc as AvgAcc;
        return a.COUNT === 0n ? 0 : Number(a.SUM) / Number(a.COUNT);
      },
    };
  },
});
