/** A stream grouped by key: count / reduce / aggregate, or windowedBy(...) first. */
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { timeWindowedSerde } from '../serdes/windowed-serde.js';
import { SessionWindows } from '../windows/session-windows.js';
import { SlidingWindows } from '../windows/sliding-windows.js';
import { TimeWindows } from '../windows/time-windows.js';
import type { Windowed } from '../windows/window.js';
import { InternalBuilder } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { streamAggregateProcessor, streamReduceProcessor, timeWindowAggregateProcessor } from './processors/stateful.js';
import { SessionWindowedKStream } from './session-windowed-stream.js';
import { SlidingWindowedKStream } from './sliding-windowed-stream.js';

export class KGroupedStream<K, V> {
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal */ readonly nodeName: string,
    /** @internal */ readonly keySerde: Serde<K>,
    /** @internal */ readonly valueSerde: Serde<V>,
  ) {}

  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.aggregate(() => 0, (_k, _v, n) => n + 1, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const name = this.builder.newName('KSTREAM-REDUCE', materialized.name);
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? this.valueSerde;
    const store = this.builder.addStore('keyValue', `${name}-STATE-STORE`, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, streamReduceProcessor(store.name, reducer), [this.nodeName], [store.name]);
    return new KTable<K, V>(this.builder, name, ks, vs, store.name);
  }

  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<K, VA> {
    const name = this.builder.newName('KSTREAM-AGGREGATE', materialized.name);
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const store = this.builder.addStore('keyValue', `${name}-STATE-STORE`, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, streamAggregateProcessor(store.name, initializer, aggregator), [this.nodeName], [store.name]);
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
    return this.aggregate(() => 0, (_k, _v, n) => n + 1, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    // reduce = aggregate whose initial value is the first record: a sentinel (never stored) marks "none yet".
    const none = Symbol('none');
    return this.aggregate<V>(() => none as unknown as V, (_k, v, agg) => ((agg as unknown) === none ? v : reducer(agg, v)), { valueSerde: this.grouped.valueSerde, ...materialized });
  }

  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    const b = this.grouped.builder;
    const name = b.newName('KSTREAM-AGGREGATE', materialized.name);
    const ks = materialized.keySerde ?? this.grouped.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const retentionMs = this.windows.retentionMs(materialized.retentionMs);
    const store = b.addStore('window', `${name}-STATE-STORE`, materialized, { keySerde: ks, valueSerde: vs }, { retentionMs, windowSizeMs: this.windows.sizeMs });
    b.addProcessor(name, timeWindowAggregateProcessor(store.name, this.windows, initializer, aggregator), [this.grouped.nodeName], [store.name]);
    return new KTable<Windowed<K>, VA>(b, name, timeWindowedSerde(ks, this.windows.sizeMs), vs, store.name, { graceMs: this.windows.graceMs, endInclusive: false });
  }
}
