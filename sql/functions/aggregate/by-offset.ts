/**
 * EARLIEST_BY_OFFSET and LATEST_BY_OFFSET: the value of the row with the lowest / highest
 * offset, or with `n` the earliest / latest n values as an ARRAY (oldest first). NULLs are
 * skipped unless `ignoreNulls` is false. Forms: (col), (col, ignoreNulls), (col, n),
 * (col, n, ignoreNulls); n and ignoreNulls are constants.
 *
 * Ordering: ksqlDB stamps each accepted value with a process-wide sequence number taken when the
 * row is processed, i.e. arrival order, which for one partition is offset order; session merges
 * compare those numbers. Fjord uses the record's offset instead: the resolved aggregate has
 * `needsOffset: true` and the planner passes the row's offset (bigint or number) as the LAST
 * element of `values`, after the column value (a null offset counts as 0). Within a partition the results are the same.
 * Stream-only (no undo).
 */
import { SqlError } from '../../errors.js';
import { BIGINT, array, struct, type Type } from '../../types/types.js';
import type { ArgSpec, FunctionFactory, ResolvedAggregate } from '../types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature, doesNotAccept } from './signature.js';

/** A resolved aggregate that needs each row's offset appended to `values`. */
export interface OffsetAggregate extends ResolvedAggregate {
  readonly needsOffset: true;
}

/** One stamped value: SEQ is the offset it came from (null for "nothing yet"). */
interface Stamped {
  SEQ: bigint | null;
  VAL: unknown;
}

type Which = 'EARLIEST' | 'LATEST';

const SIGNATURES = [
  { params: ['ANY'] as const },
  { params: ['ANY', { type: 'BOOLEAN', constant: true }] as const },
  { params: ['ANY', { type: 'INTEGER', constant: true }] as const },
  { params: ['ANY', { type: 'INTEGER', constant: true }, { type: 'BOOLEAN', constant: true }] as const },
];

/**
 * The row's offset (the last value). A row without one (null: e.g. produced by a join) counts as
 * offset 0: it still aggregates in arrival order; only session merges compare offsets.
 */
function offsetOf(values: readonly unknown[]): bigint {
  const raw = values[values.length - 1];
  if (typeof raw === 'bigint') return raw;
  if (raw === null) return 0n;
  if (typeof raw === 'number' && Number.isInteger(raw)) return BigInt(raw);
  throw new TypeError(`BY_OFFSET aggregates need the row's offset as the last value, got ${String(raw)}`);
}

const bySeq = (a: Stamped, b: Stamped): number => (a.SEQ! < b.SEQ! ? -1 : a.SEQ! > b.SEQ! ? 1 : 0);

function single(which: Which, t: Type, ignoreNulls: boolean): OffsetAggregate {
  const latest = which === 'LATEST';
  return {
    name: `${which}_BY_OFFSET`,
    needsOffset: true,
    returnType: t,
    aggregateType: struct([{ name: 'SEQ', type: BIGINT }, { name: 'VAL', type: t }]),
    columnArgs: [0],
    init: (): Stamped => ({ SEQ: null, VAL: null }),
    add(accIn, values) {
      const acc = accIn as Stamped;
      const v = values[0] ?? null;
      if ((v === null && ignoreNulls) || (!latest && acc.SEQ !== null)) return acc;
      return { SEQ: offsetOf(values), VAL: v };
    },
    merge(aIn, bIn) {
      const a = aIn as Stamped;
      const b = bIn as Stamped;
      if (a.SEQ === null) return b;
      if (b.SEQ === null) return a;
      const cmp = bySeq(a, b);
      return latest ? (cmp >= 0 ? a : b) : cmp <= 0 ? a : b;
    },
    result: (acc) => (acc as Stamped).VAL,
  };
}

function several(which: Which, t: Type, n: number, ignoreNulls: boolean): OffsetAggregate {
  const latest = which === 'LATEST';
  const keep = (list: Stamped[]): Stamped[] => (list.length <= n ? list : latest ? list.slice(list.length - n) : list.slice(0, n));
  return {
    name: `${which}_BY_OFFSET`,
    needsOffset: true,
    returnType: array(t),
    aggregateType: array(struct([{ name: 'SEQ', type: BIGINT }, { name: 'VAL', type: t }])),
    columnArgs: [0],
    init: (): Stamped[] => [],
    add(accIn, values) {
      const acc = accIn as Stamped[];
      const v = values[0] ?? null;
      if ((v === null && ignoreNulls) || (!latest && acc.length >= n)) return acc;
      acc.push({ SEQ: offsetOf(values), VAL: v });
      return keep(acc);
    },
    merge: (a, b) => keep([...(a as Stamped[]), ...(b as Stamped[])].sort(bySeq)),
    result: (acc) => (acc as Stamped[]).map((s) => s.VAL),
  };
}

function resolveByOffset(which: Which, args: readonly ArgSpec[]): OffsetAggregate {
  const displayName = `${which}_BY_OFFSET`;
  const call = bindSignature(displayName, SIGNATURES, args);
  const t = call.types[0];
  if (t === null || t === undefined) throw doesNotAccept(displayName, args);
  const form = SIGNATURES.indexOf(call.signature);
  const n = form >= 2 ? (call.constants[1] as number | null) : undefined;
  const ignoreNulls = (form === 1 ? call.constants[1] : form === 3 ? call.constants[2] : true) as boolean | null;
  if (ignoreNulls === null) throw new SqlError(`Function '${displayName}': ignoreNulls must be TRUE or FALSE, not NULL.`);
  if (n === undefined) return single(which, t, ignoreNulls);
  // ksqlDB's message (the same wording for LATEST_BY_OFFSET).
  if (n === null || !Number.isInteger(n) || n <= 0) throw new SqlError('earliestN must be 1 or greater');
  return several(which, t, n, ignoreNulls);
}

function byOffsetFactory(which: Which): FunctionFactory<'AGGREGATE'> {
  const word = which === 'EARLIEST' ? 'earliest' : 'latest';
  return aggregateFactory({
    name: `${which}_BY_OFFSET`,
    description: `This function returns the ${which === 'EARLIEST' ? 'oldest' : 'most recent'} value for the column, computed by offset.`,
    variants: [
      variant('T val', 'T', `return the ${word} value of a column`),
      variant('T val, BOOLEAN ignoreNulls', 'T', `return the ${word} value of a column`),
      variant(`T val, INT ${word}N`, 'ARRAY<T>', `return the ${word} N values of a column`),
      variant(`T val, INT ${word}N, BOOLEAN ignoreNulls`, 'ARRAY<T>', `return the ${word} N values of a column`),
    ],
    resolve: (args) => resolveByOffset(which, args),
  });
}

export const earliestByOffset = byOffsetFactory('EARLIEST');
export const latestByOffset = byOffsetFactory('LATEST');
