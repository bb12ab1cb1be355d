/**
 * StreamsBuilder: where a topology starts. `stream()` / `table()` / `globalTable()` read topics,
 * the returned KStream/KTable operators add processors, and `build()` returns the Topology the
 * runtime (FjordStreams) or TopologyTestDriver runs.
 */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import type { StoreDef } from '../topology/nodes.js';
import type { Topology } from '../topology/topology.js';
import { GlobalKTable } from './global-ktable.js';
import { InternalBuilder, checkName } from './internal-builder.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import type { Consumed, Materialized } from './options.js';
import { tableSourceProcessor } from './processors/stateful.js';

/** Defaults when Consumed gives no serdes: strings, as most topics people start with hold text. */
const defaultKeySerde = () => Serdes.String() as Serde<any>;
const defaultValueSerde = () => Serdes.String() as Serde<any>;

export class StreamsBuilder {
  private readonly internal = new InternalBuilder();
  private built = false;

  stream<K = string, V = string>(topics: string | string[] | RegExp, consumed: Consumed<K, V> = {}): KStream<K, V> {
    const name = this.internal.newName('KSTREAM-SOURCE', consumed.name);
    const list = typeof topics === 'string' ? [topics] : topics;
    const keySerde = consumed.keySerde ?? defaultKeySerde();
    const valueSerde = consumed.valueSerde ?? defaultValueSerde();
    this.internal.topology.addSource(name, list, { keySerde, valueSerde, timestampExtractor: consumed.timestampExtractor });
    return new KStream<K, V>(this.internal, name, keySerde, valueSerde, false);
  }

  /**
   * A table read from `topic`. Names follow Kafka: the store `<topic>-STATE-STORE-0000000000` (or
   * Materialized's), the source `KSTREAM-SOURCE-...` (or Consumed's name) and the table source
   * `KTABLE-SOURCE-...` (or `<name>-table-source`). Unlike Kafka, the store always exists (Kafka
   * only creates it when named or needed by a join), so updates carry their old values.
   */
  table<K = string, V = string>(topic: string, consumed: Consumed<K, V> = {}, materialized: Materialized<K, V> = {}): KTable<K, V> {
    const t = this.tableSource(topic, consumed, materialized, false);
    return new KTable<K, V>(this.internal, t.node, t.keySerde, t.valueSerde, t.store);
  }

  /** Every instance reads all partitions of `topic` into its own copy of the table. */
  globalTable<K = string, V = string>(topic: string, consumed: Consumed<K, V> = {}, materialized: Materialized<K, V> = {}): GlobalKTable<K, V> {
    return new GlobalKTable<K, V>(this.tableSource(topic, consumed, materialized, true).store);
  }

  /** A source, a store and the table-source processor that upserts into it (global: the topic is the changelog). */
  private tableSource<K, V>(topic: string, consumed: Consumed<K, V>, materialized: Materialized<K, V>, global: boolean) {
    const storeName = materialized.storeName ?? this.internal.newStoreName(`${topic}-`);
    const sourceName = this.internal.newName('KSTREAM-SOURCE', consumed.name);
    const keySerde = consumed.keySerde ?? materialized.keySerde ?? defaultKeySerde();
    const valueSerde = consumed.valueSerde ?? materialized.valueSerde ?? defaultValueSerde();
    this.internal.topology.addSource(sourceName, [topic], { keySerde, valueSerde, timestampExtractor: consumed.timestampExtractor });
    const node = consumed.name === undefined ? this.internal.newName('KTABLE-SOURCE') : `${consumed.name}-table-source`;
    // A global store needs no changelog: it is restored by re-reading its source topic.
    const store = global
      ? this.internal.addStore('keyValue', storeName, { ...materialized, logging: false }, { keySerde, valueSerde }, { global: { sourceNode: sourceName, topic } })
      : this.internal.addStore('keyValue', storeName, materialized, { keySerde, valueSerde });
    this.internal.addProcessor(node, tableSourceProcessor(store.name), [sourceName], [store.name]);
    return { node, store: store.name, keySerde: keySerde as Serde<K>, valueSerde: valueSerde as Serde<V> };
  }

  /** Adds a store for Processor API processors (connect it with `process(..., {storeNames})`). */
  addStateStore(store: StoreBuilder): this {
    // Its changelog topic is `<applicationId>-<name>-changelog`: the name must fit in a topic name.
    checkName('store name', store.def.name);
    this.internal.topology.addStateStore(store.def);
    return this;
  }

  build(): Topology {
    if (this.built) throw new FjordError('INVALID_ARGUMENT', 'build() was already called on this StreamsBuilder');
    this.built = true;
    return this.internal.topology;
  }
}

/** A store definition for the Processor API (Kafka's `Stores.keyValueStoreBuilder(...)`). */
export interface StoreBuilder {
  def: StoreDef;
}

export const Stores = {
  keyValueStore<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { persistent?: boolean; logging?: boolean } = {}): StoreBuilder {
    return { def: { name, kind: 'keyValue', persistent: options.persistent ?? true, logging: options.logging ?? true, changelogConfig: { 'cleanup.policy': 'compact' }, keySerde: keySerde as Serde<unknown>, valueSerde: valueSerde as Serde<unknown> } };
  },
  windowStore<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { retentionMs: number; windowSizeMs: number; persistent?: boolean; logging?: boolean }): StoreBuilder {
    return { def: { name, kind: 'window', persistent: options.persistent ?? true, logging: options.logging ?? true, changelogConfig: { 'cleanup.policy': 'compact,delete' }, retentionMs: options.retentionMs, windowSizeMs: options.windowSizeMs, keySerde: keySerde as Serde<unknown>, valueSerde: valueSerde as Serde<unknown> } };
  },
  sessionStore<K, V>(name: string, keySerde: Serde<K>, valueSerde: Serde<V>, options: { retentionMs: number; persistent?: boolean; logging?: boolean }): StoreBuilder {
    return { def: { name, kind: 'session', persistent: options.persistent ?? true, logging: options.logging ?? true, changelogConfig: { 'cleanup.policy': 'compact,delete' }, retentionMs: options.retentionMs, keySerde: keySerde as Serde<unknown>, valueSerde: valueSerde as Serde<unknown> } };
  },
};

export type { ProcessorSupplier };
