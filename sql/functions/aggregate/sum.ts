/**
 * SUM and SUM_LIST. SUM keeps its input type (INTEGER and BIGINT wrap on overflow as Java's int
 * and long do; DECIMAL keeps precision and scale and fails on overflow with ksqlDB's message);
 * NULLs are skipped and an empty group sums to 0. SUM_LIST sums the non-null elements of an
 * ARRAY<INT|BIGINT|DOUBLE> per row. Both are undoable.
 */
import { Decimal } from '../../types/decimal.js';
import { DOUBLE, INTEGER, type DecimalType, type Type } from '../../types/types.js';
import type { ResolvedAggregate } from '../types.js';
import { addInt, addLong, aggregateFactory, variant } from './define.js';
import { bindSignature } from './signature.js';

interface Arithmetic {
  readonly zero: unknown;
  add(a: unknown, b: unknown): unknown;
  negate(a: unknown): unknown;
}

const INT_MATH: Arithmetic = { zero: 0, add: (a, b) => addInt(a as number, b as number), negate: (a) => -(a as number) | 0 };
const LONG_MATH: Arithmetic = { zero: 0n, add: (a, b) => addLong(a as bigint, b as bigint), negate: (a) => BigInt.asIntN(64, -(a as bigint)) };
const DOUBLE_MATH: Arithmetic = { zero: 0, add: (a, b) => (a as number) + (b as number), negate: (a) => -(a as number) };

/** DECIMAL(p, s) addition; like ksqlDB's DecimalSumKudaf it fails once |sum| reaches 10^(p - s). */
function decimalMath(t: DecimalType): Arithmetic {
  const digits = t.precision - t.scale;
  const max = 10n ** BigInt(t.precision);
  return {
    zero: new Decimal(0n, t.scale),
    add(a, b) {
      const sum = new Decimal((a as Decimal).unscaled + (b as Decimal).unscaled, t.scale);
      if ((sum.unscaled < 0n ? -sum.unscaled : sum.unscaled) >= max) {
        throw new RangeError(
          `Numeric field overflow: A field with precision ${t.precision} and scale ${t.scale} ` +
            `must round to an absolute value less than 10^${digits}. Got ${sum.toString()}`,
        );
      }
      return sum;
    },
    negate: (a) => new Decimal(-(a as Decimal).unscaled, t.scale),
  };
}

function mathFor(t: Type): Arithmetic {
  switch (t.kind) {
    case 'INTEGER': return INT_MATH;
    case 'BIGINT': return LONG_MATH;
    case 'DECIMAL': return decimalMath(t);
    default: return DOUBLE_MATH;
  }
}

/** A summing aggregate over per-row contributions `toAddend(value)` (null = skip the row). */
function summing(name: string, returnType: Type, math: Arithmetic, toAddend: (v: unknown) => unknown): ResolvedAggregate {
  return {
    name,
    returnType,
    aggregateType: returnType,
    columnArgs: [0],
    init: () => math.zero,
    add(acc, values) {
      const v = toAddend(values[0]);
      return v === null ? acc : math.add(acc, v);
    },
    undo(acc, values) {
      const v = toAddend(values[0]);
      return v === null ? acc : math.add(acc, math.negate(v));
    },
    merge: (a, b) => math.add(a, b),
    result: (acc) => acc,
  };
}

export const sum = aggregateFactory({
  name: 'SUM',
  description: 'Computes the sum for a key.',
  variants: [
    variant('INT val', 'INT', 'Computes the sum for a key.'),
    variant('BIGINT val', 'BIGINT', 'Computes the sum for a key.'),
    variant('DECIMAL val', 'DECIMAL', 'Computes the sum for a key.'),
    variant('DOUBLE val', 'DOUBLE', 'Computes the sum for a key.'),
  ],
  resolve(args) {
    const call = bindSignature('SUM', [{ params: ['INTEGER'] }, { params: ['BIGINT'] }, { params: ['DECIMAL'] }, { params: ['DOUBLE'] }], args);
    // An untyped NULL binds to SUM(INTEGER), the first signature.
    const t = call.types[0] ?? INTEGER;
    const convert = call.converters[0]!;
    return summing('SUM', t, mathFor(t), convert);
  },
});

export const sumList = aggregateFactory({
  name: 'SUM_LIST',
  description: 'Returns the sum of elements contained in the list.',
  variants: [
    variant('ARRAY<INT> val', 'INT', 'sum int values in a list into a single int'),
    variant('ARRAY<BIGINT> val', 'BIGINT', 'sum long values in a list into a single long'),
    variant('ARRAY<DOUBLE> val', 'DOUBLE', 'sum double values in a list into a single double'),
  ],
  resolve(args) {
    const call = bindSignature('sum_list', [{ params: ['ARRAY<DOUBLE>'] }, { params: ['ARRAY<INTEGER>'] }, { params: ['ARRAY<BIGINT>'] }], args);
    const bound = call.types[0];
    const element = bound !== null && bound !== undefined && bound.kind === 'ARRAY' ? bound.element : DOUBLE;
    const math = mathFor(element);
    const listSum = (v: unknown): unknown => {
      if (v === null) return null;
      let total = math.zero;
      for (const e of v as readonly unknown[]) if (e !== null) total = math.add(total, e);
      return total;
    };
    return summing('SUM_LIST', element, math, listSum);
  },
});
