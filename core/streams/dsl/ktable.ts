/**
 * KTable<K, V>: a changelog stream read as a table (latest value per key). Operators forward
 * `Change` values (new and old), so aggregations over a re-grouped table can subtract what a key
 * used to contribute. A table has a store when it was materialized (sources, aggregations,
 * Materialized options); joins materialize a derived table on demand.
 */
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { InternalBuilder, orDefault } from './internal-builder.js';
import type { Grouped, Materialized, Named } from './options.js';
import {
  materializingProcessor, tableFilterProcessor, tableGroupByProcessor, tableMapValuesProcessor, tableMaterializeProcessor, tableTableJoinProcessor, tableToStreamProcessor,
  type JoinKind,
} from './processors/stateful.js';
import { KStream } from './kstream.js';
import { passThroughProcessor } from './processors/stateless.js';
import { KGroupedTable } from './kgrouped-table.js';
import { suppressBufferSerde, suppressProcessor, type Suppressed } from './suppress.js';
import { foreignKeyJoin } from './foreign-key-join.js';

export class KTable<K, V> {
  constructor(
    /** @internal */ readonly builder: InternalBuilder,
    /** @internal */ readonly nodeName: string,
    /** @internal */ readonly keySerde: Serde<K> | undefined,
    /** @internal */ readonly valueSerde: Serde<V> | undefined,
    /** @internal the store holding this table's values, if materialized */ private storeName: string | null,
    /** @internal window size for windowed tables (suppress needs window ends) */ readonly windowed: { graceMs: number; endInclusive: boolean } | null = null,
  ) {}

  /** The name of the store to query (null when the table was not materialized). */
  queryableStoreName(): string | null {
    return this.storeName;
  }

  /** @internal the store holding this table's values, created if needed. */
  materializedStore(): string {
    if (this.storeName !== null) return this.storeName;
    const name = this.builder.newName('KTABLE-MATERIALIZE');
    const store = this.builder.addStore('keyValue', `${name}-STATE-STORE`, undefined, { keySerde: orDefault(this.keySerde), valueSerde: orDefault(this.valueSerde) });
    this.builder.addProcessor(name, tableMaterializeProcessor(store.name), [this.nodeName], [store.name]);
    // Downstream of the materializer, so later operators see the same changes after the store.
    (this as { nodeName: string }).nodeName = name;
    this.storeName = store.name;
    return store.name;
  }

  /** A derived table; with a Materialized store name the operator's node also fills that store (as in Kafka). */
  private derive<V2>(prefix: string, supplier: ProcessorSupplier<any, any, any, any>, named: Named | undefined, valueSerde: Serde<V2> | undefined, materialized?: Materialized<K, V2>): KTable<K, V2> {
    const name = this.builder.newName(prefix, named?.name ?? materialized?.name);
    if (materialized?.storeName === undefined) {
      this.builder.addProcessor(name, supplier, [this.nodeName]);
      return new KTable<K, V2>(this.builder, name, this.keySerde, valueSerde, null, this.windowed);
    }
    const ks = materialized.keySerde ?? orDefault(this.keySerde);
    const vs = materialized.valueSerde ?? orDefault(valueSerde);
    const store = this.builder.addStore('keyValue', materialized.storeName, materialized, { keySerde: ks, valueSerde: vs });
    this.builder.addProcessor(name, materializingProcessor(supplier, store.name), [this.nodeName], [store.name]);
    return new KTable<K, V2>(this.builder, name, ks, vs, store.name, this.windowed);
  }

  /**
   * `skipAbsentDeletes`: do not forward a delete for a key whose previous value did not pass
   * either (what Kafka does once a downstream operator asked for old values, as ksqlDB's do).
   */
  filter(predicate: (key: K, value: V) => boolean, materialized?: Materialized<K, V> & Named & { skipAbsentDeletes?: boolean }): KTable<K, V> {
    return this.derive('KTABLE-FILTER', tableFilterProcessor(predicate, false, materialized?.skipAbsentDeletes === true), materialized, this.valueSerde, materialized);
  }

  filterNot(predicate: (key: K, value: V) => boolean, materialized?: Materialized<K, V> & Named): KTable<K, V> {
    return this.derive('KTABLE-FILTER', tableFilterProcessor(predicate, true), materialized, this.valueSerde, materialized);
  }

  mapValues<VR>(mapper: (value: V, key: K) => VR, materialized?: Materialized<K, VR> & Named): KTable<K, VR> {
    return this.derive('KTABLE-MAPVALUES', tableMapValuesProcessor(mapper), materialized, materialized?.valueSerde, materialized);
  }

  /** The table's updates as a stream; deletes arrive as null values (tombstones). */
  toStream<KR = K>(mapper?: (key: K, value: V | null) => KR, named?: Named): KStream<KR, V | null> {
    const name = this.builder.addProcessor(this.builder.newName('KTABLE-TOSTREAM', named?.name), tableToStreamProcessor(), [this.nodeName]);
    const stream = new KStream<K, V | null>(this.builder, name, this.keySerde, this.valueSerde as Serde<V | null> | undefined, false);
    return mapper === undefined ? (stream as unknown as KStream<KR, V | null>) : stream.selectKey(mapper);
  }

  /**
   * Re-groups the table by a new key; aggregations then add new values and subtract old ones.
   * The aggregation repartitions through `<grouped.name or its store name>-repartition`.
   */
  groupBy<KR, VR>(selector: (key: K, value: V) => [KR, VR], grouped: Grouped<KR, VR> = {}): KGroupedTable<KR, VR> {
    const ks = orDefault(grouped.keySerde);
    const sameKey = (a: KR, b: KR) => a === b || Buffer.compare(ks.serialize('', a) ?? Buffer.alloc(0), ks.serialize('', b) ?? Buffer.alloc(0)) === 0;
    const selectName = this.builder.addProcessor(this.builder.newName('KTABLE-SELECT', grouped.name), tableGroupByProcessor(selector, sameKey), [this.nodeName]);
    return new KGroupedTable<KR, VR>(this.builder, selectName, ks, orDefault(grouped.valueSerde), grouped.name);
  }

  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO) => VR, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return this.tableJoin(other, joiner, 'inner', materialized);
  }

  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO | null) => VR, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return this.tableJoin(other, joiner, 'left', materialized);
  }

  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V | null, otherValue: VO | null) => VR, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return this.tableJoin(other, joiner, 'outer', materialized);
  }

  /** Foreign-key join: each row of this table joins the row of `other` whose key `fkExtractor` picks. */
  joinForeignKey<KO, VO, VR>(other: KTable<KO, VO>, fkExtractor: (value: V) => KO | null, joiner: (value: V, otherValue: VO) => VR, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return foreignKeyJoin(this, other, fkExtractor, joiner, false, materialized);
  }

  leftJoinForeignKey<KO, VO, VR>(other: KTable<KO, VO>, fkExtractor: (value: V) => KO | null, joiner: (value: V, otherValue: VO | null) => VR, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return foreignKeyJoin(this, other, fkExtractor, joiner, true, materialized);
  }

  /** Holds back updates: `untilWindowCloses` (emit-final) or `untilTimeLimit`. */
  suppress(suppressed: Suppressed): KTable<K, V> {
    const name = this.builder.newName('KTABLE-SUPPRESS', suppressed.name);
    const store = this.builder.addStore('keyValue', `${name}-store`, { logging: true }, { keySerde: orDefault(this.keySerde), valueSerde: suppressBufferSerde(orDefault(this.valueSerde)) });
    this.builder.addProcessor(name, suppressProcessor(store.name, suppressed, this.windowed), [this.nodeName], [store.name]);
    return new KTable<K, V>(this.builder, name, this.keySerde, this.valueSerde, null, this.windowed);
  }

  private tableJoin<VO, VR>(other: KTable<K, VO>, joiner: (a: any, b: any) => VR, kind: JoinKind, materialized?: Materialized<K, VR>): KTable<K, VR> {
    const thisStore = this.materializedStore();
    const otherStore = other.materializedStore();
    const base = this.builder.newName('KTABLE-JOINTHIS');
    const left = this.builder.addProcessor(base, tableTableJoinProcessor(otherStore, joiner, kind, true), [this.nodeName], [otherStore]);
    const rightKind: JoinKind = kind === 'left' ? 'left' : kind;
    const right = this.builder.addProcessor(this.builder.newName('KTABLE-JOINOTHER'), tableTableJoinProcessor(thisStore, joiner, rightKind, false), [other.nodeName], [thisStore]);
    const merge = this.builder.addProcessor(this.builder.newName('KTABLE-MERGE', materialized?.name), passThroughProcessor(), [left, right]);
    const table = new KTable<K, VR>(this.builder, merge, this.keySerde, materialized?.valueSerde, null);
    if (materialized?.storeName !== undefined) table.materializedStoreNamed(materialized);
    return table;
  }

  /** @internal materialize under the user's store name. */
  materializedStoreNamed(materialized: Materialized<K, V>): void {
    const ks = materialized.keySerde ?? orDefault(this.keySerde);
    const vs = materialized.valueSerde ?? orDefault(this.valueSerde);
    const store = this.builder.addStore('keyValue', materialized.storeName!, materialized, { keySerde: ks, valueSerde: vs });
    const name = this.builder.addProcessor(this.builder.newName('KTABLE-MATERIALIZE'), tableMaterializeProcessor(store.name), [this.nodeName], [store.name]);
    (this as { nodeName: string }).nodeName = name;
    this.storeName = store.name;
  }
}
