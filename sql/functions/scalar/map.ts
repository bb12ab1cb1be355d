/** Map functions: AS_MAP, MAP_KEYS, MAP_VALUES, MAP_UNION, ENTRIES. */
import { type Type, STRING, array, struct } from '../../types/types.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig, type ReturnContext } from './define.js';
import { compareValues } from './compare-values.js';

const CAT = 'MAP';

/** One entry per key; keys past the end of `values` map to NULL (later duplicates win). */
function asMap(keys: (string | null)[], values: unknown[]): Map<string | null, unknown> {
  const out = new Map<string | null, unknown>();
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, i < values.length ? values[i] : null);
  return out;
}

function mapUnion(a: Map<unknown, unknown> | null, b: Map<unknown, unknown> | null): Map<unknown, unknown> | null {
  if (a === null && b === null) return null;
  return new Map([...(a ?? []), ...(b ?? [])]);
}

const entriesType = (c: ReturnContext): Type => struct([{ name: 'K', type: STRING }, { name: 'V', type: c.bindings.get('V') ?? STRING }]);

function entries(m: Map<string, unknown>, sorted: boolean): Record<string, unknown>[] {
  const list = [...m].map(([K, V]) => ({ K, V }));
  if (sorted) list.sort((x, y) => compareValues(x.K, y.K));
  return list;
}

export const mapFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('as_map', CAT, 'A map from an array of keys and an array of values (keys without a value map to NULL).', [
    sig('MAP<STRING, T>', ['ARRAY<STRING>', 'ARRAY<T>'], asMap),
  ]),
  scalar('map_keys', CAT, 'The keys of a map.', [sig('ARRAY<K>', ['MAP<K, V>'], (m: Map<unknown, unknown>) => [...m.keys()])]),
  scalar('map_values', CAT, 'The values of a map.', [sig('ARRAY<V>', ['MAP<K, V>'], (m: Map<unknown, unknown>) => [...m.values()])]),
  scalar('map_union', CAT, 'Both maps merged; the second wins on equal keys (a NULL map counts as empty).', [
    sig('MAP<K, V>', ['MAP<K, V>', 'MAP<K, V>'], mapUnion, { nulls: true }),
  ]),
  scalar('entries', CAT, 'The entries of a map as an array of STRUCT<K, V>, optionally sorted by key.', [
    sig((c) => array(entriesType(c)), ['MAP<STRING, V>', 'BOOLEAN'], entries),
  ]),
];

