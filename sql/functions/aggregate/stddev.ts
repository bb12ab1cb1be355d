/**
 * STDDEV_SAMP and STDDEV_SAMPLE (Youngs-Cramer running M2; 0.0 below two values; undoable).
 * ksqlDB's STDDEV_SAMP (as of the qtt cases' commit) returns M2 / (n - 1), the sample VARIANCE, not its square root, and
 * merges INTEGER/BIGINT partial means with integer division; STDDEV_SAMPLE returns the square
 * root. Both quirks are kept so results match ksqlDB's.
 */
import { BIGINT, DOUBLE, INTEGER, struct, type Type } from '../../types/types.js';
import type { FunctionFactory, ResolvedAggregate } from '../types.js';
import { addInt, addLong, aggregateFactory, variant } from './define.js';
import { bindSignature } from './signature.js';

interface StdAcc {
  SUM: number | bigint;
  COUNT: number | bigint;
  M2: number;
}

/** Arithmetic on the running SUM in the input's Java type. */
interface InputOps {
  readonly zero: number | bigint;
  add(sum: number | bigint, v: number | bigint): number | bigint;
  sub(sum: number | bigint, v: number | bigint): number | bigint;
  /**
   * v * (n + 1) - (sum + v) as ksqlDB computes it, then as a double: in the input's Java type,
   * except that an INTEGER times a BIGINT count (STDDEV_SAMPLE) multiplies as long.
   */
  delta(sum: number | bigint, n: number, v: number | bigint, longCount: boolean): number;
  /** sum1 / n1 - sum2 / n2 (integer division for integral types when `integralMeans`). */
  meanDiff(s1: number | bigint, n1: number, s2: number | bigint, n2: number, integralMeans: boolean): number;
}

const INT_OPS: InputOps = {
  zero: 0,
  add: (s, v) => addInt(s as number, v as number),
  sub: (s, v) => ((s as number) - (v as number)) | 0,
  delta: (s, n, v, longCount) =>
    longCount
      ? Number(BigInt.asIntN(64, BigInt(v as number) * BigInt(n + 1) - BigInt(addInt(s as number, v as number))))
      : (Math.imul(v as number, n + 1) - addInt(s as number, v as number)) | 0,
  meanDiff: (s1, n1, s2, n2, integral) =>
    integral ? (Math.trunc((s1 as number) / n1) - Math.trunc((s2 as number) / n2)) | 0 : (s1 as number) / n1 - (s2 as number) / n2,
};

const LONG_OPS: InputOps = {
  zero: 0n,
  add: (s, v) => addLong(s as bigint, v as bigint),
  sub: (s, v) => BigInt.asIntN(64, (s as bigint) - (v as bigint)),
  delta: (s, n, v) => Number(BigInt.asIntN(64, (v as bigint) * BigInt(n + 1) - addLong(s as bigint, v as bigint))),
  meanDiff: (s1, n1, s2, n2, integral) =>
    integral ? Number((s1 as bigint) / BigInt(n1) - (s2 as bigint) / BigInt(n2)) : Number(s1) / n1 - Number(s2) / n2,
};

const DOUBLE_OPS: InputOps = {
  zero: 0,
  add: (s, v) => (s as number) + (v as number),
  sub: (s, v) => (s as number) - (v as number),
  delta: (s, n, v) => (v as number) * (n + 1) - ((s as number) + (v as number)),
  meanDiff: (s1, n1, s2, n2) => (s1 as number) / n1 - (s2 as number) / n2,
};

interface Flavour {
  readonly name: string;
  readonly displayName: string;
  /** ksqlDB's accumulator COUNT type: INTEGER for STDDEV_SAMP, BIGINT for STDDEV_SAMPLE. */
  readonly countType: Type;
  readonly integralMeans: boolean;
  readonly finish: (m2: number, n: number) => number;
}

function stddevAggregate(flavour: Flavour, inType: Type, ops: InputOps, convert: (v: unknown) => unknown): ResolvedAggregate {
  const bigCount = flavour.countType.kind === 'BIGINT';
  const n = (acc: StdAcc): number => Number(acc.COUNT);
  const count = (k: number): number | bigint => (bigCount ? BigInt(k) : k);
  return {
    name: flavour.name,
    returnType: DOUBLE,
    aggregateType: struct([{ name: 'SUM', type: inType }, { name: 'COUNT', type: flavour.countType }, { name: 'M2', type: DOUBLE }]),
    columnArgs: [0],
    init: (): StdAcc => ({ SUM: ops.zero, COUNT: count(0), M2: 0 }),
    add(accIn, values) {
      const v = convert(values[0]) as number | bigint | null;
      const acc = accIn as StdAcc;
      if (v === null) return acc;
      const newCount = n(acc) + 1;
      const delta = newCount > 1 ? ops.delta(acc.SUM, n(acc), v, bigCount) : 0;
      const m2 = newCount > 1 ? (delta * delta) / (newCount * (newCount - 1)) : 0;
      return { SUM: ops.add(acc.SUM, v), COUNT: count(newCount), M2: acc.M2 + m2 };
    },
    undo(accIn, values) {
      const v = convert(values[0]) as number | bigint | null;
      const acc = accIn as StdAcc;
      if (v === null) return acc;
      const newCount = n(acc) - 1;
      const delta = newCount > 0 ? ops.delta(acc.SUM, n(acc), v, bigCount) : 0;
      const m2 = newCount > 0 ? (delta * delta) / (newCount * (newCount + 1)) : 0;
      return { SUM: ops.sub(acc.SUM, v), COUNT: count(newCount), M2: acc.M2 - m2 };
    },
    merge(aIn, bIn) {
      const a = aIn as StdAcc;
      const b = bIn as StdAcc;
      const na = n(a);
      const nb = n(b);
      let m2 = a.M2 + b.M2;
      if (na !== 0 && nb !== 0) {
        const inner = ops.meanDiff(a.SUM, na, b.SUM, nb, flavour.integralMeans);
        m2 += (na * nb * inner * inner) / (na + nb);
      }
      return { SUM: ops.add(a.SUM, b.SUM), COUNT: count(na + nb), M2: m2 };
    },
    result(accIn) {
      const acc = accIn as StdAcc;
      return n(acc) < 2 ? 0 : flavour.finish(acc.M2, n(acc));
    },
  };
}

function stddevFactory(flavour: Flavour, description: string): FunctionFactory<'AGGREGATE'> {
  return aggregateFactory({
    name: flavour.name,
    description,
    variants: [
      variant('BIGINT val', 'DOUBLE', 'Compute sample standard deviation of column with type Long.'),
      variant('INT val', 'DOUBLE', 'Compute sample standard deviation of column with type Integer.'),
      variant('DOUBLE val', 'DOUBLE', 'Compute sample standard deviation of column with type Double.'),
    ],
    resolve(args) {
      const call = bindSignature(flavour.displayName, [{ params: ['BIGINT'] }, { params: ['INTEGER'] }, { params: ['DOUBLE'] }], args);
      const inType = (call.types[0] ?? BIGINT) as Type;
      const ops = inType.kind === 'INTEGER' ? INT_OPS : inType.kind === 'BIGINT' ? LONG_OPS : DOUBLE_OPS;
      return stddevAggregate(flavour, inType, ops, call.converters[0]!);
    },
  });
}

export const stddevSamp = stddevFactory(
  { name: 'STDDEV_SAMP', displayName: 'stddev_samp', countType: INTEGER, integralMeans: true, finish: (m2, n) => m2 / (n - 1) },
  'Returns the sample standard deviation.',
);

export const stddevSample = stddevFactory(
  { name: 'STDDEV_SAMPLE', displayName: 'stddev_sample', countType: BIGINT, integralMeans: false, finish: (m2, n) => Math.sqrt(m2 / (n - 1)) },
  'Returns the sample standard deviation.',
);
