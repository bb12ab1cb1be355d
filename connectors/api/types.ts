/**
 * The Connect plugin API: what a connector, task, converter, transform or predicate is.
 * Shapes follow Kafka Connect (org.apache.kafka.connect.*) so its users recognise them; values
 * are plain JavaScript (a Struct is a plain object, int64 is a bigint or a safe number).
 * The runtime (`connectors/runtime`) drives these; plugins (`connectors/plugins/<name>`) implement them.
 */

/** Kafka Connect's schema types. */
export type SchemaType =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64'
  | 'boolean' | 'string' | 'bytes' | 'array' | 'map' | 'struct';

/** A Connect schema (the JSON converter's `schema` envelope uses the same field names). */
export interface Schema {
  type: SchemaType;
  optional?: boolean;
  /** Logical type name, e.g. `org.apache.kafka.connect.data.Timestamp`. */
  name?: string;
  version?: number;
  doc?: string;
  default?: unknown;
  parameters?: Record<string, string>;
  /** struct */
  fields?: SchemaField[];
  /** array */
  items?: Schema;
  /** map */
  keys?: Schema;
  values?: Schema;
}

export interface SchemaField {
  field: string;
  schema: Schema;
}

export interface ConnectHeader {
  key: string;
  value: unknown;
  schema?: Schema | null;
}

/** Fields every record in Connect carries. `kafkaPartition` null lets the producer choose. */
export interface ConnectRecord {
  topic: string;
  kafkaPartition: number | null;
  keySchema: Schema | null;
  key: unknown;
  valueSchema: Schema | null;
  value: unknown;
  /** ms since the epoch, or null for "now" (sources) / unknown. */
  timestamp: number | null;
  headers: ConnectHeader[];
}

/** What a SourceTask returns from poll(): a record plus where it came from. */
export interface SourceRecord extends ConnectRecord {
  /** Identifies the source stream, e.g. `{filename: 'a.txt'}`; JSON-serialisable. */
  sourcePartition: Record<string, unknown>;
  /** Position within it, e.g. `{position: 1234}`; JSON-serialisable. */
  sourceOffset: Record<string, unknown>;
}

/** What a SinkTask receives: a record read from a topic. */
export interface SinkRecord extends ConnectRecord {
  kafkaPartition: number;
  kafkaOffset: bigint;
  timestampType: 'CreateTime' | 'LogAppendTime' | 'NoTimestampType';
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read (Kafka's committed-offset meaning). */
  offset: bigint;
}

// ---------------------------------------------------------------------------------------------
// Configuration definitions (Kafka's ConfigDef)

export type ConfigType = 'string' | 'int' | 'long' | 'double' | 'boolean' | 'list' | 'class' | 'password';
export type ConfigImportance = 'high' | 'medium' | 'low';

/** A parsed config value by type: list → string[], int/long/double → number, boolean → boolean. */
export type ConfigValue = string | number | boolean | string[] | null;

/** Checks one parsed value; throws a message (a string or Error) naming what is wrong. */
export type ConfigValidator = (name: string, value: ConfigValue) => void;

export interface ConfigKey {
  name: string;
  type: ConfigType;
  /** Absent = required (Kafka's NO_DEFAULT_VALUE). */
  default?: ConfigValue;
  importance: ConfigImportance;
  documentation: string;
  validator?: ConfigValidator;
  group?: string;
  displayName?: string;
  /** Position within `group` (Kafka's orderInGroup); -1 or absent = none. */
  orderInGroup?: number;
  /** How wide a UI field should be (Kafka's ConfigDef.Width); absent = 'none'. */
  width?: ConfigWidth;
  /** Keys whose validity depends on this one (shown by the validate endpoint). */
  dependents?: string[];
  /** Values a UI may offer (Kafka's Recommender, fixed list form). */
  recommendedValues?: string[];
}

export type ConfigWidth = 'none' | 'short' | 'medium' | 'long';

/** A connector's, transform's or converter's config definition: an ordered list of keys. */
export type ConfigDef = readonly ConfigKey[];

// ---------------------------------------------------------------------------------------------
// Connectors and tasks

export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again (e.g. the set of tables changed). */
  requestTaskReconfiguration(): void;
  /** Fail the connector with this error. */
  raiseError(err: Error): void;
}

export interface OffsetStorageReader {
  /** The last committed source offset for a source partition, or null. */
  offset(partition: Record<string, unknown>): Promise<Record<string, unknown> | null>;
}

export interface SourceTaskContext {
  readonly configs: Readonly<Record<string, string>>;
  readonly offsetStorageReader: OffsetStorageReader;
}

export interface SinkTaskContext {
  readonly configs: Readonly<Record<string, string>>;
  /** Rewind (or skip) the consumer to these offsets before the next put(). */
  offset(offsets: TopicPartitionOffset[]): void;
  assignment(): { topic: string; partition: number }[];
  pause(partitions: { topic: string; partition: number }[]): void;
  resume(partitions: { topic: string; partition: number }[]): void;
  /** Commit offsets soon rather than at the next offset.flush.interval.ms. */
  requestCommit(): void;
  /** Report a record the task could not process; goes to the DLQ per errors.* config. */
  errantRecordReporter(): ((record: SinkRecord, error: Error) => Promise<void>) | null;
}

/** Common shape of connectors. */
export abstract class Connector {
  protected context!: ConnectorContext;
  initialize(context: ConnectorContext): void {
    this.context = context;
  }
  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  abstract taskClass(): TaskClass;
  /** At most maxTasks configs, one per task to run. */
  abstract taskConfigs(maxTasks: number): Record<string, string>[];
  abstract stop(): void | Promise<void>;
  abstract config(): ConfigDef;
  /** Extra checks beyond config(); return messages per key. Optional. */
  validate?(props: Record<string, string>): Record<string, string[]>;
}

export abstract class SourceConnector extends Connector {
  readonly kind = 'source' as const;
}

export abstract class SinkConnector extends Connector {
  readonly kind = 'sink' as const;
}

export abstract class SourceTask {
  protected context!: SourceTaskContext;
  initialize(context: SourceTaskContext): void {
    this.context = context;
  }
  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  /** Records ready now, or null/[] when there are none (the runtime calls again). Should not block for long. */
  abstract poll(): Promise<SourceRecord[] | null>;
  /** Offsets up to the last polled records have been committed. */
  commit?(): void | Promise<void>;
  /** One record was written to Kafka (metadata null if a transform dropped it). */
  commitRecord?(record: SourceRecord, metadata: { topic: string; partition: number; offset: bigint } | null): void | Promise<void>;
  abstract stop(): void | Promise<void>;
}

export abstract class SinkTask {
  protected context!: SinkTaskContext;
  initialize(context: SinkTaskContext): void {
    this.context = context;
  }
  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  abstract put(records: SinkRecord[]): void | Promise<void>;
  /** Make everything put() so far durable; offsets are about to be committed. */
  flush?(offsets: TopicPartitionOffset[]): void | Promise<void>;
  /** Which offsets may be committed (defaults to flush() then the given offsets). */
  preCommit?(offsets: TopicPartitionOffset[]): TopicPartitionOffset[] | Promise<TopicPartitionOffset[]>;
  open?(partitions: { topic: string; partition: number }[]): void | Promise<void>;
  close?(partitions: { topic: string; partition: number }[]): void | Promise<void>;
  abstract stop(): void | Promise<void>;
}

export type TaskClass = new () => SourceTask | SinkTask;
export type ConnectorClass = new () => SourceConnector | SinkConnector;

// ---------------------------------------------------------------------------------------------
// Converters, transforms, predicates

export interface SchemaAndValue {
  schema: Schema | null;
  value: unknown;
}

/** Turns Connect data into bytes and back (key.converter / value.converter). */
export interface Converter {
  configure(props: Record<string, string>, isKey: boolean): void;
  fromConnectData(topic: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, bytes: Buffer | null): SchemaAndValue;
  config?(): ConfigDef;
}
export type ConverterClass = new () => Converter;

/** Turns header values into bytes and back (header.converter; Kafka's HeaderConverter). */
export interface HeaderConverter {
  configure(props: Record<string, string>): void;
  toConnectHeader(topic: string, headerKey: string, bytes: Buffer | null): SchemaAndValue;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  config?(): ConfigDef;
}
export type HeaderConverterClass = new () => HeaderConverter;

/** A Single Message Transform: returns the new record, or null to drop it. */
export interface Transformation<R extends ConnectRecord = ConnectRecord> {
  configure(props: Record<string, string>): void;
  apply(record: R): R | null;
  config(): ConfigDef;
  close?(): void;
}
export type TransformationClass = new () => Transformation;

export interface Predicate<R extends ConnectRecord = ConnectRecord> {
  configure(props: Record<string, string>): void;
  test(record: R): boolean;
  config(): ConfigDef;
  close?(): void;
}
export type PredicateClass = new () => Predicate;
