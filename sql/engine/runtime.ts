/**
 * The seam between the SQL engine and where its topics and queries live. The live runtime runs
 * queries as FjordStreams apps against the embedded log or a broker; the test runtime (for
 * `fjord sql-test`) keeps topics in memory and runs each query through a TopologyTestDriver.
 */
import type { RecordHeader } from '../../core/protocol/record-batch.js';
import type { Topology } from '../../core/streams/topology/topology.js';

export interface TopicRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: readonly RecordHeader[];
  readonly partition?: number;
  readonly offset?: bigint;
}

export interface TopicInfo {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
}

/** A persistent query ready to run: CREATE ... AS SELECT or INSERT INTO ... SELECT. */
export interface PersistentQuerySpec {
  /** ksqlDB-style id: `CSAS_OUTPUT_0`, `CTAS_T_1`, `INSERTQUERY_2`. */
  readonly id: string;
  /** Streams application.id (group, internal topic prefix). */
  readonly applicationId: string;
  readonly topology: Topology;
  readonly sourceTopics: readonly string[];
  readonly sinkTopic: string;
  /** statestore.cache.max.bytes of the query's application (the runtime's default when absent). */
  readonly cacheMaxBytes?: number;
  /** State store holding the materialized table (for pull queries), when the sink is a table. */
  readonly materializedStore?: string;
}

/** A transient push query (`SELECT ... EMIT CHANGES`): the topology ends in a foreach that calls back. */
export interface TransientQuerySpec {
  readonly id: string;
  readonly applicationId: string;
  readonly topology: Topology;
  readonly sourceTopics: readonly string[];
  /** `auto.offset.reset` for this query (ksqlDB's default: latest). */
  readonly offsetReset: 'earliest' | 'latest';
  /** statestore.cache.max.bytes of the query's application (the runtime's default when absent). */
  readonly cacheMaxBytes?: number;
}

/** One record a query's windows refused as late. */
export interface LateRecordInfo {
  readonly topic: string | null;
  readonly partition: number;
  readonly offset: bigint;
  /** The record's value as the query carries it (a SQL row: the source's columns, then system and key columns). */
  readonly value: unknown;
  readonly timestamp: number;
  readonly streamTimeMs: number;
  readonly store: string;
}

export type QueryState = 'RUNNING' | 'PAUSED' | 'ERROR' | 'TERMINATED';

export interface QueryHandle {
  readonly id: string;
  state(): QueryState;
  /** The error that put the query into ERROR, if any. */
  error(): Error | null;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** Reads the materialized store of a running persistent query (pull queries); null when not materialized. */
  store(name: string): unknown;
  /**
   * The late side output: records a window (or join) no longer accepted, newest last (the runtime
   * keeps a bounded number). Optional: a runtime without it reports none.
   */
  lateRecords?(): readonly LateRecordInfo[];
  /** Input records the query has processed since it (re)started; optional, as lateRecords. */
  processedRecords?(): number;
}

export interface SqlRuntime {
  listTopics(): Promise<TopicInfo[]>;
  describeTopic(name: string): Promise<TopicInfo | null>;
  createTopic(name: string, partitions: number, replicas: number, config?: Record<string, string>): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  produce(topic: string, records: readonly TopicRecord[]): Promise<void>;
  /** Calls `onRecord` for each record of `topic` (from the start or only new ones) until the handle is stopped. */
  read(topic: string, options: { fromBeginning: boolean }, onRecord: (record: TopicRecord & { partition: number; offset: bigint }) => void): Promise<QueryHandle>;
  startPersistent(spec: PersistentQuerySpec): Promise<QueryHandle>;
  startTransient(spec: TransientQuerySpec): Promise<QueryHandle>;
  /**
   * After TERMINATE (or DROP of a query's sink): removes the stopped query's internal topics,
   * consumer group and local state, as ksqlDB does. Optional: runtimes without such traces omit it.
   */
  removeQueryState?(applicationId: string): Promise<void>;
  /** The command topic: every DDL/DML statement that changed the catalog, in order. */
  appendCommand(command: string): Promise<void>;
  readCommands(): Promise<string[]>;
  close(): Promise<void>;
}
