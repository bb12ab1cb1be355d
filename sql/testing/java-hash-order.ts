/**
 * The order in which Java's `HashSet<String>` (default capacity, as `Collectors.toSet()` builds it)
 * iterates its strings. ksqlDB's test runner pipes a query's non-input source topics one whole
 * topic at a time in this order, so reproducing it reproduces the order its expected outputs were
 * recorded in. Pure.
 */

/** Java's `String.hashCode()` (UTF-16 code units, 32-bit overflow). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

const INITIAL_CAPACITY = 16;
const LOAD_FACTOR = 0.75;

/**
 * `items` (distinct, in insertion order) in the order a HashSet built by adding them one by one
 * iterates them: by bucket index `(h ^ (h >>> 16)) & (capacity - 1)`, insertion order within a
 * bucket (resizing keeps that relative order).
 */
export function javaHashSetOrder(items: readonly string[]): string[] {
  let capacity = INITIAL_CAPACITY;
  while (items.length > capacity * LOAD_FACTOR) capacity *= 2;
  const bucket = (s: string): number => {
    const h = javaStringHash(s);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return items.map((s, i) => ({ s, i, b: bucket(s) })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.s);
}
