/**
 * TOPK and TOPKDISTINCT: the k greatest non-null values, greatest first. `TOPK(col, k)` gives
 * ARRAY<T>; `TOPK(col, other1, ..., k)` gives ARRAY<STRUCT<sort_col T, col0 ..., col1 ...>>
 * ordered by `col` only (ties keep arrival order, as Java's stable sort). TOPKDISTINCT keeps
 * each value once. k is a constant INTEGER. Stream-only (no undo).
 */
import { SqlError } from '../../errors.js';
import { array, formatType, struct, type Type } from '../../types/types.js';
import type { ArgSpec, ResolvedAggregate } from '../types.js';
import { aggregateFactory, variant } from './define.js';
import { doesNotAccept } from './signature.js';
import { compareValues, valuesEqual } from './values.js';

const SORTABLE = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP']);

/** Checks the arguments: a sortable column, optional extra value columns, then a constant INTEGER k. */
function bindTopK(displayName: string, args: readonly ArgSpec[], allowExtra: boolean): { sortType: Type; extra: Type[]; k: number } {
  if (args.length < 2 || args.some((a) => a.kind === 'lambda') || (!allowExtra && args.length !== 2)) throw doesNotAccept(displayName, args);
  const values = args as readonly Extract<ArgSpec, { kind: 'value' }>[];
  const first = values[0]!.type;
  const last = values[values.length - 1]!;
  if (first === null || !SORTABLE.has(first.kind) || (last.type !== null && last.type.kind !== 'INTEGER')) throw doesNotAccept(displayName, args);
  if (last.constant === undefined || typeof last.constant.value !== 'number') {
    throw new SqlError(`Function '${displayName}' expects a literal INTEGER for k as its last argument, got ${last.type === null ? 'null' : formatType(last.type)}.`);
  }
  const k = last.constant.value;
  if (!Number.isInteger(k) || k < 1) throw new SqlError(`Function '${displayName}': k must be a positive integer, got ${k}.`);
  const extra = values.slice(1, -1).map((a, i) => {
    if (a.type === null) throw new SqlError(`Function '${displayName}': argument ${i + 2} must have a type (not an untyped NULL).`);
    return a.type;
  });
  return { sortType: first, extra, k };
}

/** Inserts `item` into the descending list `list` (length ≤ k), after any equal elements. */
function insertDescending<E>(list: E[], item: E, key: (e: E) => unknown, k: number): E[] {
  if (list.length === k && compareValues(key(item), key(list[list.length - 1]!)) <= 0) return list;
  let at = list.length;
  while (at > 0 && compareValues(key(item), key(list[at - 1]!)) > 0) at--;
  list.splice(at, 0, item);
  if (list.length > k) list.length = k;
  return list;
}

/** Merges two descending lists, keeping at most k (ties: `a`'s first). */
function mergeDescending<E>(a: readonly E[], b: readonly E[], key: (e: E) => unknown, k: number, distinct: boolean): E[] {
  const out: E[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    const takeA = j >= b.length || (i < a.length && compareValues(key(a[i]!), key(b[j]!)) >= 0);
    const next = takeA ? a[i++]! : b[j++]!;
    if (distinct && out.some((e) => valuesEqual(key(e), key(next)))) continue;
    out.push(next);
  }
  return out;
}

function topKAggregate(sortType: Type, extra: readonly Type[], k: number): ResolvedAggregate {
  const columnArgs = [0, ...extra.map((_, i) => i + 1)];
  if (extra.length === 0) {
    const id = (e: unknown): unknown => e;
    return {
      name: 'TOPK',
      returnType: array(sortType),
      aggregateType: array(sortType),
      columnArgs,
      init: () => [],
      add: (acc, values) => (values[0] === null ? acc : insertDescending(acc as unknown[], values[0], id, k)),
      merge: (a, b) => mergeDescending(a as unknown[], b as unknown[], id, k, false),
      result: (acc) => [...(acc as unknown[])], // a copy: later adds mutate acc
    };
  }
  const rowType = struct([{ name: 'sort_col', type: sortType }, ...extra.map((type, i) => ({ name: `col${i}`, type }))]);
  const key = (e: Record<string, unknown>): unknown => e['sort_col'];
  return {
    name: 'TOPK',
    returnType: array(rowType),
    aggregateType: array(rowType),
    columnArgs,
    init: () => [],
    add(acc, values) {
      if (values[0] === null) return acc;
      const row: Record<string, unknown> = { sort_col: values[0] };
      extra.forEach((_, i) => (row[`col${i}`] = values[i + 1] ?? null));
      return insertDescending(acc as Record<string, unknown>[], row, key, k);
    },
    merge: (a, b) => mergeDescending(a as Record<string, unknown>[], b as Record<string, unknown>[], key, k, false),
    result: (acc) => [...(acc as unknown[])], // a copy: later adds mutate acc
  };
}

export const topk = aggregateFactory({
  name: 'TOPK',
  description: 'Calculates the TopK value for a column, per key.',
  variants: [
    variant('T val, INT k', 'ARRAY<T>', 'Calculates the TopK value for a column, per key.'),
    variant('T val, ANY... other, INT k', 'ARRAY<STRUCT<sort_col T, col0 ...>>', 'TopK rows by val, carrying other columns.'),
  ],
  resolve(args) {
    const { sortType, extra, k } = bindTopK('TOPK', args, true);
    return topKAggregate(sortType, extra, k);
  },
});

export const topkDistinct = aggregateFactory({
  name: 'TOPKDISTINCT',
  description: 'Calculates the Topk distinct values for a column, per key.',
  variants: [variant('T val, INT k', 'ARRAY<T>', 'Calculates the Topk distinct values for a column, per key.')],
  resolve(args): ResolvedAggregate {
    const { sortType, k } = bindTopK('TOPKDISTINCT', args, false);
    const id = (e: unknown): unknown => e;
    return {
      name: 'TOPKDISTINCT',
      returnType: array(sortType),
      aggregateType: array(sortType),
      columnArgs: [0],
      init: () => [],
      add(acc, values) {
        const v = values[0];
        const list = acc as unknown[];
        if (v === null || list.some((e) => valuesEqual(e, v))) return list;
        return insertDescending(list, v, id, k);
      },
      merge: (a, b) => mergeDescending(a as unknown[], b as unknown[], id, k, true),
      result: (acc) => [...(acc as unknown[])], // a copy: later adds mutate acc
    };
  },
});
