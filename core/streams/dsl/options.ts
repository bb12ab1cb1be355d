/** Option bags of the DSL (Kafka's Consumed, Produced, Grouped, Materialized, Joined, Named). */
import type { Serde } from '../serdes/serde.js';
import type { StreamPartitioner, TimestampExtractor } from '../topology/nodes.js';

export interface Named {
  /** The processor name (Kafka's `Named.as`); generated when absent. */
  name?: string;
}

export interface Consumed<K, V> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  timestampExtractor?: TimestampExtractor;
}

export interface Produced<K, V> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  partitioner?: StreamPartitioner<K, V>;
}

export interface Repartitioned<K, V> extends Produced<K, V> {
  numberOfPartitions?: number;
}

export interface Grouped<K, V> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
}

export interface Materialized<K, V> extends Named {
  /** The store name; also the name interactive queries use. Generated when absent. */
  storeName?: string;
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  /** LevelDB (default) or memory. */
  persistent?: boolean;
  /** Changelog topic (default true). */
  logging?: boolean;
  changelogConfig?: Record<string, string>;
  /** Window/session stores: how long windows are kept (default: size + grace, at least one day). */
  retentionMs?: number;
  /**
   * Caching (default true, as Kafka's `Materialized.withCachingEnabled()`): count, reduce and
   * aggregate (plain, tumbling/hopping windows, re-grouped tables) forward their latest result per
   * key when the application commits or its cache (`cacheMaxBytes`) is full, instead of every
   * update. false forwards every update (`withCachingDisabled()`).
   */
  caching?: boolean;
}

export interface Joined<K, V, VO> extends Named {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
}

export interface StreamJoined<K, V, VO> extends Joined<K, V, VO> {
  storeName?: string;
}
