/** A re-grouped table: aggregations add a row's new value and subtract its old one. */
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { InternalBuilder } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { tableAggregateProcessor } from './processors/stateful.js';
import { tableOpSerde } from './table-op-serde.js';

export class KGroupedTable<K, V> {
  constructor(
    private readonly builder: InternalBuilder,
    /** the groupBy's select node */ private readonly nodeName: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    /** Grouped's name: names the repartition topic */ private readonly groupedName?: string,
  ) {}

  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.doAggregate('KTABLE-AGGREGATE', () => 0, (_k, _v, n) => n + 1, (_k, _v, n) => n - 1, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  /** `subtractor` may return null to delete the key's row (a tombstone downstream). */
  reduce(adder: (aggregate: V, value: V) => V, subtractor: (aggregate: V, value: V) => V | null, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const none = Symbol('none');
    return this.doAggregate<V>(
      'KTABLE-REDUCE',
      () => none as unknown as V,
      (_k, v, agg) => ((agg as unknown) === none ? v : adder(agg, v)),
      (_k, v, agg) => subtractor(agg, v) as V,
      { valueSerde: this.valueSerde, ...materialized },
    );
  }

  /** `subtractor` may return null to delete the key's row (a tombstone downstream). */
  aggregate<VA>(initializer: () => VA, adder: (key: K, value: V, aggregate: VA) => VA, subtractor: (key: K, value: V, aggregate: VA) => VA | null, materialized: Materialized<K, VA> = {}): KTable<K, VA> {
    return this.doAggregate('KTABLE-AGGREGATE', initializer, adder, subtractor as (key: K, value: V, aggregate: VA) => VA, materialized);
  }

  /** Kafka's order of names: the store, the repartition sink and source, then the processor. */
  private doAggregate<VA>(prefix: string, initializer: () => VA, adder: (key: K, value: V, aggregate: VA) => VA, subtractor: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA>): KTable<K, VA> {
    const storeName = materialized.storeName ?? this.builder.newStoreName(`${prefix}-`);
    const named = materialized.name;
    const sinkName = named === undefined ? this.builder.newName('KSTREAM-SINK') : `${named}-sink`;
    const sourceName = named === undefined ? this.builder.newName('KSTREAM-SOURCE') : `${named}-source`;
    const name = this.builder.newName(prefix, named);
    const topic = `${this.groupedName ?? storeName}-repartition`;
    const opSerde = tableOpSerde(this.valueSerde);
    this.builder.topology.repartitionTopics.set(topic, { partitions: null });
    this.builder.topology.addSink(sinkName, topic, { keySerde: this.keySerde, valueSerde: opSerde, internal: true }, this.nodeName);
    this.builder.topology.addSource(sourceName, [topic], { keySerde: this.keySerde, valueSerde: opSerde, internal: true });
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const store = this.builder.addStore('keyValue', storeName, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, tableAggregateProcessor(store.name, initializer, adder, subtractor), [sourceName], [store.name]);
    return new KTable<K, VA>(this.builder, name, ks, vs, store.name);
  }
}
