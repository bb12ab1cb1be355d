/**
 * HISTOGRAM(string): a MAP of each distinct value to how often it occurs (BIGINT), at most 1000
 * distinct values (later new values are ignored; known ones keep counting). Undoable: a count
 * that drops below 1 removes its entry. The result map iterates in the order of Java's HashMap,
 * which is what ksqlDB emits.
 */
import { BIGINT, STRING, map } from '../../types/types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature } from './signature.js';

/** ksqlDB's fixed limit on distinct values. */
export const HISTOGRAM_ENTRIES_MAX = 1000;

/** Java's `String.hashCode` (over UTF-16 code units), 0 for null. */
function javaStringHash(s: string | null): number {
  if (s === null) return 0;
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** The table size a `java.util.HashMap` grown one entry at a time has at `size` entries. */
function hashMapCapacity(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** Reorders `m` as Java's HashMap iterates it: by bucket, then insertion order within a bucket. */
export function javaHashMapOrder<V>(m: ReadonlyMap<string | null, V>): Map<string | null, V> {
  const mask = hashMapCapacity(m.size) - 1;
  const bucket = (k: string | null): number => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & mask;
  };
  const keys = [...m.keys()].map((k, i) => ({ k, b: bucket(k), i }));
  keys.sort((x, y) => x.b - y.b || x.i - y.i);
  return new Map(keys.map(({ k }) => [k, m.get(k)!]));
}

type Counts = Map<string | null, bigint>;

function addCount(counts: Counts, key: string | null, n: bigint): Counts {
  const current = counts.get(key);
  if (current !== undefined) counts.set(key, current + n);
  else if (counts.size < HISTOGRAM_ENTRIES_MAX) counts.set(key, n);
  return counts;
}

export const histogram = aggregateFactory({
  name: 'HISTOGRAM',
  description:
    'Returns a map of each distinct String from the input Stream or Table and how many times each occurs. ' +
    '\nThis version limits the size of the resultant Map to 1000 entries. Any entries added beyond this limit will be ignored.',
  variants: [variant('STRING val', 'MAP<STRING, BIGINT>', 'Build a value-to-count histogram of input Strings')],
  resolve(args) {
    const call = bindSignature('histogram', [{ params: ['STRING'] }], args);
    const type = map(STRING, BIGINT);
    return {
      name: 'HISTOGRAM',
      returnType: type,
      aggregateType: type,
      columnArgs: call.columnArgs,
      init: (): Counts => new Map(),
      add: (acc, values) => addCount(acc as Counts, (values[0] ?? null) as string | null, 1n),
      undo(acc, values) {
        const counts = acc as Counts;
        const key = (values[0] ?? null) as string | null;
        const current = counts.get(key);
        if (current === undefined) return counts;
        if (current - 1n < 1n) counts.delete(key);
        else counts.set(key, current - 1n);
        return counts;
      },
      merge(a, b) {
        let counts = a as Counts;
        for (const [k, n] of b as Counts) counts = addCount(counts, k, n);
        return counts;
      },
      result: (acc) => javaHashMapOrder(acc as Counts),
    };
  },
});
