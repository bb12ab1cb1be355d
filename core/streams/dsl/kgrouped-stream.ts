/** A stream grouped by key: count / reduce / aggregate, or windowedBy(...) first. */
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { timeWindowedSerde } from '../serdes/windowed-serde.js';
import { SessionWindows } from '../windows/session-windows.js';
import { SlidingWindows } from '../windows/sliding-windows.js';
import { TimeWindows } from '../windows/time-windows.js';
import type { Windowed } from '../windows/window.js';
import { InternalBuilder } from './internal-builder.js';
import type { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { streamAggregateProcessor, streamReduceProcessor, timeWindowAggregateProcessor } from './processors/stateful.js';
import { SessionWindowedKStream } from './session-windowed-stream.js';
import { SlidingWindowedKStream } from './sliding-windowed-stream.js';
import { addWindowedAggregation, countAggregation, reduceAggregation } from './windowed-aggregation.js';

/** Where a grouped stream comes from when its key changed: repartitioned at the first aggregation. */
export interface PendingRepartition<K, V> {
  from: KStream<K, V>;
  /** Grouped's name: the repartition topic is `<name>-repartition` (else named after the store). */
  name: string | undefined;
}

export class KGroupedStream<K, V> {
  private repartitionedNode: string | null = null;

  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal the node grouped records come from (before any repartitioning) */ private readonly parentNode: string,
    /** @internal */ readonly keySerde: Serde<K>,
    /** @internal */ readonly valueSerde: Serde<V>,
    /** @internal set when the key changed upstream */ private readonly repartition: PendingRepartition<K, V> | null = null,
  ) {}

  /**
   * @internal The node an aggregation reads: the parent, or the source of the repartition topic
   * when the key changed. Kafka names that topic after the Grouped name, else after the first
   * aggregation's store (`storeName`); later aggregations of this grouped stream reuse it (Kafka
   * does the same with topology optimization on).
   */
  inputNode(storeName?: string): string {
    if (this.repartition === null) return this.parentNode;
    if (this.repartitionedNode === null) {
      const prefix = this.repartition.name ?? storeName;
      this.repartitionedNode = this.repartition.from.throughRepartitionTopic(prefix, this.keySerde, this.valueSerde, null).nodeName;
    }
    return this.repartitionedNode;
  }

  /** @internal the node aggregations read (see inputNode). */
  get nodeName(): string {
    return this.inputNode();
  }

  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.doAggregate('KSTREAM-AGGREGATE', () => 0, (_k, _v, n) => n + 1, { valueSerde: Serdes.Json<number>(), ...materialized }, true);
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const storeName = materialized.storeName ?? this.builder.newStoreName('KSTREAM-REDUCE-');
    const name = this.builder.newName('KSTREAM-REDUCE', materialized.name);
    const input = this.inputNode(storeName);
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? this.valueSerde;
    const store = this.builder.addStore('keyValue', storeName, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, streamReduceProcessor(store.name, reducer), [input], [store.name]);
    return new KTable<K, V>(this.builder, name, ks, vs, store.name);
  }

  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<K, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, materialized);
  }

  /** Kafka's order of names: the store, the processor, then the repartition topic. */
  /** `ignoresValues`: the aggregator never reads the value (count). */
  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA>, ignoresValues = false): KTable<K, VA> {
    const storeName = materialized.storeName ?? this.builder.newStoreName(`${prefix}-`);
    const name = this.builder.newName(prefix, materialized.name);
    const input = this.inputNode(storeName);
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const store = this.builder.addStore('keyValue', storeName, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, streamAggregateProcessor(store.name, initializer, aggregator), [input], [store.name], ignoresValues);
    return new KTable<K, VA>(this.builder, name, ks, vs, store.name);
  }

  windowedBy(windows: TimeWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SlidingWindows): SlidingWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedKStream<K, V> | SlidingWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows instanceof TimeWindows) return new TimeWindowedKStream(this, windows);
    if (windows instanceof SlidingWindows) return new SlidingWindowedKStream(this, windows);
    return new SessionWindowedKStream(this, windows);
  }
}

/** Tumbling or hopping windows per key. Results are keyed by `Windowed<K>`. */
export class TimeWindowedKStream<K, V> {
  constructor(private readonly grouped: KGroupedStream<K, V>, readonly windows: TimeWindows) {}

  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    const c = countAggregation<K, V>(materialized);
    return this.doAggregate('KSTREAM-AGGREGATE', c.initializer, c.aggregator, c.materialized, true);
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    const r = reduceAggregation<K, V>(reducer, this.grouped.valueSerde, materialized);
    return this.doAggregate<V>('KSTREAM-REDUCE', r.initializer, r.aggregator, r.materialized);
  }

  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    return this.doAggregate('KSTREAM-AGGREGATE', initializer, aggregator, materialized);
  }

  private doAggregate<VA>(prefix: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA>, ignoresValues = false): KTable<Windowed<K>, VA> {
    return addWindowedAggregation(this.grouped, prefix, materialized, {
      ignoresValues,
      storeKind: 'window',
      retentionMs: this.windows.retentionMs(materialized.retentionMs),
      windowSizeMs: this.windows.sizeMs,
      processor: (store) => timeWindowAggregateProcessor(store, this.windows, initializer, aggregator),
      resultKeySerde: (ks) => timeWindowedSerde(ks, this.windows.sizeMs),
      closing: { graceMs: this.windows.graceMs, endInclusive: false },
    });
  }
}
