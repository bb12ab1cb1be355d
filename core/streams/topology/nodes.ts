/**
 * The nodes of a processor topology, as plain data: sources read topics, processors run a
 * supplier, sinks write topics. Built by the DSL (or by hand through `Topology`), turned into
 * processor instances per task by the runtime.
 */
import type { Serde } from '../serdes/serde.js';
import type { ProcessorSupplier } from '../processor/processor.js';

/** Picks event time for a consumed record (Kafka's TimestampExtractor). */
export type TimestampExtractor = (record: { key: unknown; value: unknown; timestamp: number; topic: string; partition: number; offset: bigint }, partitionTimeMs: number) => number;

/** Chooses the partition of an output record; undefined = Kafka's default (murmur2 of the key bytes). */
export type StreamPartitioner<K, V> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;

/** Chooses the output topic per record (Kafka's TopicNameExtractor). */
export type TopicNameExtractor<K, V> = (key: K, value: V, context: { topic: string | null; partition: number; offset: bigint }) => string;

export interface SourceNode {
  kind: 'source';
  name: string;
  topics: string[];
  pattern?: RegExp;
  /** Topics named relative to the application (repartition topics): `<applicationId>-<topic>`. */
  internal: boolean;
  keySerde: Serde<unknown>;
  valueSerde: Serde<unknown>;
  timestampExtractor?: TimestampExtractor;
  children: string[];
}

export interface ProcessorNode {
  kind: 'processor';
  name: string;
  supplier: ProcessorSupplier<any, any, any, any>;
  parents: string[];
  children: string[];
  stores: string[];
  /**
   * Set by the DSL for processors that only test whether a value is null (count): a source
   * whose children all ignore values checks its value bytes with the serde's `accepts` instead of
   * building values no one reads.
   */
  ignoresValues?: boolean;
}

export interface SinkNode {
  kind: 'sink';
  name: string;
  topic: string | TopicNameExtractor<any, any>;
  internal: boolean;
  keySerde: Serde<unknown>;
  valueSerde: Serde<unknown>;
  partitioner?: StreamPartitioner<any, any>;
  parents: string[];
}

export type TopologyNode = SourceNode | ProcessorNode | SinkNode;

export type StoreKind = 'keyValue' | 'window' | 'session';

/** A state store's definition; the runtime opens one instance per task (or one, for global stores). */
export interface StoreDef {
  name: string;
  kind: StoreKind;
  /** LevelDB when true, memory otherwise. */
  persistent: boolean;
  /** Whether the store has a changelog topic `<applicationId>-<name>-changelog`. */
  logging: boolean;
  /** Topic configs for the changelog topic. */
  changelogConfig: Record<string, string>;
  /** window and session stores */
  retentionMs?: number;
  /** window stores: the window size (for windowed-key changelog layouts and describe()). */
  windowSizeMs?: number;
  /** Global stores are fed by their source topic, which doubles as changelog. */
  global?: { sourceNode: string; topic: string };
  /**
   * Whether the results of the aggregation that owns this store are cached (Kafka's
   * `withCachingEnabled`, the DSL default): forwarded on commit or when the cache is full, one
   * per key, instead of on every update. Absent means disabled (Processor API stores).
   */
  caching?: boolean;
  /** Key-value stores: values carry their event time (DSL tables and aggregates). */
  timestamped?: boolean;
  /** Serdes of the typed facade handed to processors. */
  keySerde?: Serde<unknown>;
  valueSerde?: Serde<unknown>;
}
