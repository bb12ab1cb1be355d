/**
 * Session windows per key (Kafka's SessionWindowedKStream): count / reduce / aggregate into a
 * session store. The result table is keyed by `Windowed<K>` (session bounds, both inclusive) with
 * `sessionWindowedSerde`; merged-away sessions arrive as tombstones. See
 * `processors/session-window-aggregate.ts` for what each record does.
 */
import { sessionWindowedSerde } from '../serdes/windowed-serde.js';
import type { SessionWindows } from '../windows/session-windows.js';
import type { Windowed } from '../windows/window.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { sessionWindowAggregateProcessor } from './processors/session-window-aggregate.js';
import { addWindowedAggregation, countAggregation, reduceAggregation } from './windowed-aggregation.js';

/** A grouped stream windowed by sessions: its aggregations are tables keyed by `Windowed<K>`. */
export class SessionWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SessionWindows) {}

  /** The number of records per session. */
  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    const c = countAggregation<K, V>(materialized);
    return this.doAggregate('KSTREAM-AGGREGATE', c.initializer, c.aggregator, c.merger, c.materialized);
  }

  /** Combines a session's values with `reducer`; merging sessions reduces their results too (as Kafka). */
  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    const r = reduceAggregation<K, V>(reducer, this.grouped.valueSerde, materialized);
    return this.doAggregate<V>('KSTREAM-REDUCE', r.initializer, r.aggregator, r.merger, r.materialized);
  }

  /** `merger` combines two sessions' aggregates when a record bridges them. */
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, merger: (key: K, a: VA, b: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, merger, materialized);
  }

  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, merger: (key: K, a: VA, b: VA) => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA> {
    return addWindowedAggregation(this.grouped, prefix, materialized, {
      storeKind: 'session',
      retentionMs: this.windows.retentionMs(materialized.retentionMs),
      processor: (store) => sessionWindowAggregateProcessor(store, this.windows, { initializer, aggregator, merger }),
      resultKeySerde: (ks) => sessionWindowedSerde(ks),
      // A session is final only once no record can extend it: gap + grace after its (inclusive) end.
      closing: { graceMs: this.windows.graceMs + this.windows.inactivityGapMs, endInclusive: true },
    });
  }
}
