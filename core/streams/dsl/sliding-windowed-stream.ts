/**
 * Sliding windows per key (Kafka's SlidingWindowedKStream, 3.x semantics): count / reduce /
 * aggregate into a window store of [start, start + timeDifferenceMs] windows (both ends
 * inclusive). The result table is keyed by `Windowed<K>` with `timeWindowedSerde(key, diff)`. See
 * `processors/sliding-window-aggregate.ts` for which windows each record creates and updates.
 */
import { Serdes } from '../serdes/serdes.js';
import { timeWindowedSerde } from '../serdes/windowed-serde.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { Windowed } from '../windows/window.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { slidingWindowAggregateProcessor } from './processors/sliding-window-aggregate.js';

/** A grouped stream windowed by sliding windows: its aggregations are tables keyed by `Windowed<K>`. */
export class SlidingWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SlidingWindows) {}

  /** The number of records per window. */
  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.doAggregate('KSTREAM-AGGREGATE', () => 0, (_k, _v, n) => n + 1, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  /** Combines each window's values with `reducer`. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    // The initial aggregate is "none" (a sentinel that is never stored): a window's first value is its aggregate.
    const none = Symbol('none');
    return this.doAggregate<V>('KSTREAM-REDUCE', () => none as unknown as V, (_k, v, agg) => ((agg as unknown) === none ? v : reducer(agg, v)), { valueSerde: this.grouped.valueSerde, ...materialized });
  }

  /** Folds each window's values into `initializer()` with `aggregator`. */
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, materialized);
  }

  /** Kafka's names: store `<prefix>-STATE-STORE-n` (or Materialized's), processor `<prefix>-n`. */
  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA> {
    const b = this.grouped.builder;
    const storeName = materialized.storeName ?? b.newStoreName(`${prefix}-`);
    const name = b.newName(prefix, materialized.name);
    const input = this.grouped.inputNode(storeName);
    const ks = materialized.keySerde ?? this.grouped.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const diff = this.windows.timeDifferenceMs;
    const retentionMs = this.windows.retentionMs(materialized.retentionMs);
    const store = b.addStore('window', storeName, materialized, { keySerde: ks, valueSerde: vs }, { retentionMs, windowSizeMs: diff });
    b.addProcessor(name, slidingWindowAggregateProcessor(store.name, this.windows, initializer, aggregator), [input], [store.name]);
    return new KTable<Windowed<K>, VA>(b, name, timeWindowedSerde(ks, diff), vs, store.name, { graceMs: this.windows.graceMs, endInclusive: true });
  }
}
