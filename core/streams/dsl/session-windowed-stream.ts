/**
 * Session windows per key (Kafka's SessionWindowedKStream): count / reduce / aggregate into a
 * session store. The result table is keyed by `Windowed<K>` (session bounds, both inclusive) with
 * `sessionWindowedSerde`; merged-away sessions arrive as tombstones. See
 * `processors/session-window-aggregate.ts` for what each record does.
 */
import { Serdes } from '../serdes/serdes.js';
import { sessionWindowedSerde } from '../serdes/windowed-serde.js';
import type { SessionWindows } from '../windows/session-windows.js';
import type { Windowed } from '../windows/window.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { sessionWindowAggregateProcessor } from './processors/session-window-aggregate.js';

/** A grouped stream windowed by sessions: its aggregations are tables keyed by `Windowed<K>`. */
export class SessionWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SessionWindows) {}

  /** The number of records per session. */
  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    return this.doAggregate('KSTREAM-AGGREGATE', () => 0, (_k, _v, n) => n + 1, (_k, a, b) => a + b, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  /** Combines a session's values with `reducer`; merging sessions reduces their results too. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    // As Kafka: the initial aggregate is "none" (a sentinel that is never stored) and the merger
    // is the reducer applied to the other session's result.
    const none = Symbol('none');
    const isNone = (agg: V): boolean => (agg as unknown) === none;
    return this.doAggregate<V>(
      'KSTREAM-REDUCE',
      () => none as unknown as V,
      (_k, v, agg) => (isNone(agg) ? v : reducer(agg, v)),
      (_k, a, b) => (isNone(a) ? b : isNone(b) ? a : reducer(a, b)),
      { valueSerde: this.grouped.valueSerde, ...materialized },
    );
  }

  /** `merger` combines two sessions' aggregates when a record bridges them. */
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, merger: (key: K, a: VA, b: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, merger, materialized);
  }

  /** Kafka's names: store `<prefix>-STATE-STORE-n` (or Materialized's), processor `<prefix>-n`. */
  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, merger: (key: K, a: VA, b: VA) => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA> {
    const b = this.grouped.builder;
    const storeName = materialized.storeName ?? b.newStoreName(`${prefix}-`);
    const name = b.newName(prefix, materialized.name);
    const input = this.grouped.inputNode(storeName);
    const ks = materialized.keySerde ?? this.grouped.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const retentionMs = this.windows.retentionMs(materialized.retentionMs);
    const store = b.addStore('session', storeName, materialized, { keySerde: ks, valueSerde: vs }, { retentionMs });
    b.addProcessor(name, sessionWindowAggregateProcessor(store.name, this.windows, { initializer, aggregator, merger }), [input], [store.name]);
    // A session is final only once no record can extend it: gap + grace after its (inclusive) end.
    const windowed = { graceMs: this.windows.graceMs + this.windows.inactivityGapMs, endInclusive: true };
    return new KTable<Windowed<K>, VA>(b, name, sessionWindowedSerde(ks), vs, store.name, windowed);
  }
}
