/**
 * What the windowed grouped streams (time, sliding, session) share: count and reduce expressed
 * as aggregations, and the wiring of one windowed aggregation — Kafka's names (store
 * `<prefix>-STATE-STORE-n` unless Materialized names it, processor `<prefix>-n`), the store, the
 * processor on the grouped stream's input, and the result table keyed by `Windowed<K>`.
 */
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import type { StoreKind } from '../topology/nodes.js';
import type { Windowed } from '../windows/window.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';

/** count = aggregate from 0, one per record, JSON numbers. */
export function countAggregation<K, V>(materialized: Materialized<K, number>) {
  return {
    initializer: () => 0,
    aggregator: (_k: K, _v: V, n: number) => n + 1,
    merger: (_k: K, a: number, b: number) => a + b,
    materialized: { valueSerde: Serdes.Json<number>(), ...materialized },
  };
}

/**
 * reduce = aggregate whose initial value is "none" (a sentinel that is never stored), so a
 * window's first value is its aggregate; merging two sessions reduces their results.
 */
export function reduceAggregation<K, V>(reducer: (aggregate: V, value: V) => V, valueSerde: Serde<V>, materialized: Materialized<K, V>) {
  const none = Symbol('none');
  const isNone = (agg: V): boolean => (agg as unknown) === none;
  return {
    initializer: () => none as unknown as V,
    aggregator: (_k: K, v: V, agg: V) => (isNone(agg) ? v : reducer(agg, v)),
    merger: (_k: K, a: V, b: V) => (isNone(a) ? b : isNone(b) ? a : reducer(a, b)),
    materialized: { valueSerde, ...materialized },
  };
}

export interface WindowedAggregationSpec<K, VA> {
  storeKind: Extract<StoreKind, 'window' | 'session'>;
  retentionMs: number;
  windowSizeMs?: number;
  processor(storeName: string): ProcessorSupplier<any, any, any, any>;
  resultKeySerde(keySerde: Serde<K>): Serde<Windowed<K>>;
  /** When a result is final (what suppress(untilWindowCloses) waits for). */
  closing: { graceMs: number; endInclusive: boolean };
  valueSerde?: Serde<VA>;
  /** The processor only tests values for null (count; see `ProcessorNode.ignoresValues`). */
  ignoresValues?: boolean;
}

export function addWindowedAggregation<K, V, VA>(grouped: KGroupedStream<K, V>, prefix: string, materialized: Materialized<K, VA>, spec: WindowedAggregationSpec<K, VA>): KTable<Windowed<K>, VA> {
  const b = grouped.builder;
  const storeName = materialized.storeName ?? b.newStoreName(`${prefix}-`);
  const name = b.newName(prefix, materialized.name);
  const input = grouped.inputNode(storeName);
  const ks = materialized.keySerde ?? grouped.keySerde;
  const vs = materialized.valueSerde ?? Serdes.Json<VA>();
  const extra = spec.windowSizeMs === undefined ? { retentionMs: spec.retentionMs } : { retentionMs: spec.retentionMs, windowSizeMs: spec.windowSizeMs };
  const store = b.addStore(spec.storeKind, storeName, materialized, { keySerde: ks, valueSerde: vs }, extra);
  b.addProcessor(name, spec.processor(store.name), [input], [store.name], spec.ignoresValues ?? false);
  return new KTable<Windowed<K>, VA>(b, name, spec.resultKeySerde(ks), vs, store.name, spec.closing);
}
