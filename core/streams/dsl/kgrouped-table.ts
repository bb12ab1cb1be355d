/** A re-grouped table: aggregations add a row's new value and subtract its old one. */
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import { InternalBuilder } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import { tableAggregateProcessor } from './processors/stateful.js';

export class KGroupedTable<K, V> {
  constructor(
    private readonly builder: InternalBuilder,
    private readonly nodeName: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  count(materialized: Materialized<K, number> = {}): KTable<K, number> {
    return this.aggregate(() => 0, (_k, _v, n) => n + 1, (_k, _v, n) => n - 1, { valueSerde: Serdes.Json<number>(), ...materialized });
  }

  reduce(adder: (aggregate: V, value: V) => V, subtractor: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const none = Symbol('none');
    return this.aggregate<V>(
      () => none as unknown as V,
      (_k, v, agg) => ((agg as unknown) === none ? v : adder(agg, v)),
      (_k, v, agg) => subtractor(agg, v),
      { valueSerde: this.valueSerde, ...materialized },
    );
  }

  aggregate<VA>(initializer: () => VA, adder: (key: K, value: V, aggregate: VA) => VA, subtractor: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<K, VA> {
    const name = this.builder.newName('KTABLE-AGGREGATE', materialized.name);
    const ks = materialized.keySerde ?? this.keySerde;
    const vs = materialized.valueSerde ?? Serdes.Json<VA>();
    const store = this.builder.addStore('keyValue', `${name}-STATE-STORE`, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, tableAggregateProcessor(store.name, initializer, adder, subtractor), [this.nodeName], [store.name]);
    return new KTable<K, VA>(this.builder, name, ks, vs, store.name);
  }
}
