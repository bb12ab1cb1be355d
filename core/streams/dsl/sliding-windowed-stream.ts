/**
 * Sliding windows per key (Kafka's SlidingWindowedKStream, 3.x semantics): count / reduce /
 * aggregate into a window store of [start, start + timeDifferenceMs] windows (both ends
 * inclusive). The result table is keyed by `Windowed<K>` with `timeWindowedSerde(key, diff)`. See
 * `processors/sliding-window-aggregate.ts` for which windows each record creates and updates.
 */
import { timeWindowedSerde } from '../serdes/windowed-serde.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { Windowed } from '../windows/window.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { slidingWindowAggregateProcessor } from './processors/sliding-window-aggregate.js';
import { addWindowedAggregation, countAggregation, reduceAggregation } from './windowed-aggregation.js';

/** A grouped stream windowed by sliding windows: its aggregations are tables keyed by `Windowed<K>`. */
export class SlidingWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SlidingWindows) {}

  /** The number of records per window. */
  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    const c = countAggregation<K, V>(materialized);
    return this.doAggregate('KSTREAM-AGGREGATE', c.initializer, c.aggregator, c.materialized);
  }

  /** Combines each window's values with `reducer`. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    const r = reduceAggregation<K, V>(reducer, this.grouped.valueSerde, materialized);
    return this.doAggregate<V>('KSTREAM-REDUCE', r.initializer, r.aggregator, r.materialized);
  }

  /** Folds each window's values into `initializer()` with `aggregator`. */
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, materialized);
  }

  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA> {
    const diff = this.windows.timeDifferenceMs;
    return addWindowedAggregation(this.grouped, prefix, materialized, {
      storeKind: 'window',
      retentionMs: this.windows.retentionMs(materialized.retentionMs),
      windowSizeMs: diff,
      processor: (store) => slidingWindowAggregateProcessor(store, this.windows, initializer, aggregator),
      resultKeySerde: (ks) => timeWindowedSerde(ks, diff),
      closing: { graceMs: this.windows.graceMs, endInclusive: true },
    });
  }
}
