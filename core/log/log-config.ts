/**
 * Topic-level log configuration: Kafka's keys, defaults and validation rules in one table, so
 * docs and the CLI list exactly what the parser accepts.
 *
 * Kafka "long" values above 2^53 (e.g. Long.MAX_VALUE, Kafka's "never") are accepted and saturate
 * at Number.MAX_SAFE_INTEGER: every such value means "practically never" for a millisecond or a
 * message count, and plain numbers keep the hot path free of bigint arithmetic.
 */
import { FjordError } from '../errors.js';

/** How a log is cleaned up: deletion by retention, compaction by key, or both. */
export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';
/** Which timestamp a record keeps: the producer's, or the broker's at append. */
export type TimestampType = 'CreateTime' | 'LogAppendTime';
/** Kafka's compression.type values for a topic. */
export type TopicCompressionType = 'producer' | 'uncompressed' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Parsed topic configuration, one field per Kafka key (camelCase, units last). */
export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  segmentIndexBytes: number;
  retentionMs: number;
  retentionBytes: number;
  cleanupPolicy: CleanupPolicy;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  minCleanableDirtyRatio: number;
  flushMessages: number;
  flushMs: number;
  indexIntervalBytes: number;
  maxMessageBytes: number;
  messageTimestampType: TimestampType;
  fileDeleteDelayMs: number;
  compressionType: TopicCompressionType;
  minInsyncReplicas: number;
  uncleanLeaderElectionEnable: boolean;
}

/** The value types a definition can have; `list` is a comma-separated set of choices. */
export type ConfigType = 'int' | 'long' | 'double' | 'string' | 'boolean' | 'list';

/** One row of the config table. */
export interface LogConfigDefinition {
  /** Kafka's key, e.g. `retention.ms`. */
  name: string;
  /** The LogConfig field it fills. */
  field: keyof LogConfig;
  type: ConfigType;
  /** The default as Kafka documents it (text, parsed like user input). */
  default: string;
  /** What values are allowed, in words (used in error messages and docs). */
  allowed: string;
  documentation: string;
  /** Parses and validates text; returns the value or throws a message saying what is allowed. */
  parse(text: string): LogConfig[keyof LogConfig];
}

const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const LONG_MAX_TEXT = '9223372036854775807';

class ValueError extends Error {}

function parseLong(text: string, min: number): number {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new ValueError('not a whole number');
  const value = BigInt(trimmed);
  if (value < INT64_MIN || value > INT64_MAX) throw new ValueError('out of the 64-bit range');
  if (value < BigInt(min)) throw new ValueError('too small');
  // Saturate: values past 2^53 all mean "never" for times and counts.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function parseInt32(text: string, min: number): number {
  const value = parseLong(text, min);
  if (value > INT32_MAX) throw new ValueError('larger than a 32-bit int');
  return value;
}

function parseDouble(text: string, min: number, max: number): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) throw new ValueError('not a number');
  if (value < min || value > max) throw new ValueError('out of range');
  return value;
}

function parseChoice<T extends string>(text: string, choices: readonly T[]): T {
  const trimmed = text.trim();
  const found = choices.find((c) => c.toLowerCase() === trimmed.toLowerCase());
  if (found === undefined) throw new ValueError('not one of the choices');
  return found;
}

function parseCleanupPolicy(text: string): CleanupPolicy {
  const parts = text.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  if (parts.length === 0) throw new ValueError('empty');
  const unknown = parts.filter((p) => p !== 'delete' && p !== 'compact');
  if (unknown.length > 0) throw new ValueError('not a policy');
  const compact = parts.includes('compact');
  const del = parts.includes('delete');
  return compact && del ? 'compact,delete' : compact ? 'compact' : 'delete';
}

function parseBoolean(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new ValueError('not a boolean');
}

function long(name: string, field: keyof LogConfig, def: string, min: number, documentation: string): LogConfigDefinition {
  return { name, field, type: 'long', default: def, allowed: `a whole number >= ${min}`, documentation, parse: (t) => parseLong(t, min) };
}
function int(name: string, field: keyof LogConfig, def: string, min: number, documentation: string): LogConfigDefinition {
  return { name, field, type: 'int', default: def, allowed: `a whole number in [${min}, ${INT32_MAX}]`, documentation, parse: (t) => parseInt32(t, min) };
}

/** Every topic-level key Fjord accepts, in Kafka's names, with defaults and rules. */
export const LOG_CONFIG_DEFINITIONS: readonly LogConfigDefinition[] = [
  int('segment.bytes', 'segmentBytes', '1073741824', 14, 'Size of one segment file; the log rolls to a new segment when the next append would pass it.'),
  long('segment.ms', 'segmentMs', '604800000', 1, 'Roll to a new segment once the active one is this old, even if not full, so retention and compaction can act on it.'),
  int('segment.index.bytes', 'segmentIndexBytes', '10485760', 8, 'Most bytes of one offset index; the log rolls when the index would pass it.'),
  long('retention.ms', 'retentionMs', '604800000', -1, 'Delete segments whose newest record is older than this; -1 keeps them forever.'),
  long('retention.bytes', 'retentionBytes', '-1', -1, 'Delete the oldest segments while the partition is larger than this; -1 means no size limit.'),
  {
    name: 'cleanup.policy', field: 'cleanupPolicy', type: 'list', default: 'delete', allowed: "'delete', 'compact' or 'compact,delete'",
    documentation: 'delete: drop old segments by retention; compact: keep the latest record per key; both: compact and apply retention.',
    parse: parseCleanupPolicy,
  },
  long('delete.retention.ms', 'deleteRetentionMs', '86400000', 0, 'How long a tombstone (null value) stays in a compacted log, so slow consumers still see the delete.'),
  long('min.compaction.lag.ms', 'minCompactionLagMs', '0', 0, 'A record stays uncompacted for at least this long after it was appended.'),
  long('max.compaction.lag.ms', 'maxCompactionLagMs', LONG_MAX_TEXT, 1, 'A record is compacted at most this long after it was appended, whatever the dirty ratio.'),
  {
    name: 'min.cleanable.dirty.ratio', field: 'minCleanableDirtyRatio', type: 'double', default: '0.5', allowed: 'a number in [0, 1]',
    documentation: 'Compact only when the uncompacted part is more than this fraction of the log.',
    parse: (t) => parseDouble(t, 0, 1),
  },
  long('flush.messages', 'flushMessages', LONG_MAX_TEXT, 1, 'fsync after this many records; the default leaves durability to replication and the OS.'),
  long('flush.ms', 'flushMs', LONG_MAX_TEXT, 0, 'fsync when the last sync is this old; the default never forces it.'),
  int('index.interval.bytes', 'indexIntervalBytes', '4096', 0, 'Bytes of log between two offset index entries: smaller means faster lookups, bigger indexes.'),
  int('max.message.bytes', 'maxMessageBytes', '1048588', 0, 'Largest record batch the log accepts.'),
  {
    name: 'message.timestamp.type', field: 'messageTimestampType', type: 'string', default: 'CreateTime', allowed: "'CreateTime' or 'LogAppendTime'",
    documentation: "Whether records keep the producer's timestamp or get the broker's time at append.",
    parse: (t) => parseChoice(t, ['CreateTime', 'LogAppendTime'] as const),
  },
  long('file.delete.delay.ms', 'fileDeleteDelayMs', '60000', 0, 'Accepted for compatibility: Fjord deletes segment files at once, since reads copy bytes synchronously and never hold a deleted file.'),
  {
    name: 'compression.type', field: 'compressionType', type: 'string', default: 'producer', allowed: "'producer', 'uncompressed', 'gzip', 'snappy', 'lz4' or 'zstd'",
    documentation: "Compression of stored batches; 'producer' keeps what the producer sent. Applied by the broker, not the log.",
    parse: (t) => parseChoice(t, ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'] as const),
  },
  int('min.insync.replicas', 'minInsyncReplicas', '1', 1, 'With acks=all, the fewest in-sync replicas for a write to succeed. Used by replication, not the log.'),
  {
    name: 'unclean.leader.election.enable', field: 'uncleanLeaderElectionEnable', type: 'boolean', default: 'false', allowed: "'true' or 'false'",
    documentation: 'Whether an out-of-sync replica may become leader (losing data). Used by the controller, not the log.',
    parse: parseBoolean,
  },
];

const byName = new Map(LOG_CONFIG_DEFINITIONS.map((d) => [d.name, d]));

/**
 * Parses topic config entries (Kafka key → text), filling defaults for absent keys.
 * Throws FjordError('INVALID_CONFIG') for an unknown key, or a value of the wrong type or range,
 * naming the key, the value and what is allowed.
 */
export function parseTopicConfig(entries: Record<string, string>): LogConfig {
  for (const key of Object.keys(entries)) {
    if (!byName.has(key)) throw new FjordError('INVALID_CONFIG', `unknown topic config key '${key}'`);
  }
  const out: Partial<Record<keyof LogConfig, unknown>> = {};
  for (const def of LOG_CONFIG_DEFINITIONS) {
    const text = Object.hasOwn(entries, def.name) ? entries[def.name] : def.default;
    out[def.field] = parseValue(def, text);
  }
  const config = out as unknown as LogConfig;
  if (config.maxCompactionLagMs < config.minCompactionLagMs) {
    throw new FjordError(
      'INVALID_CONFIG',
      `max.compaction.lag.ms ${config.maxCompactionLagMs} must be >= min.compaction.lag.ms ${config.minCompactionLagMs}`,
    );
  }
  return config;
}

function parseValue(def: LogConfigDefinition, text: string): LogConfig[keyof LogConfig] {
  try {
    return def.parse(text);
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    throw new FjordError(
      'INVALID_CONFIG',
      `invalid value '${text}' for topic config '${def.name}' (${err.message}): allowed is ${def.allowed}`,
    );
  }
}

/** The config with every key at Kafka's default. */
export function defaultLogConfig(): LogConfig {
  return parseTopicConfig({});
}

/** True if the policy compacts by key. */
export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'delete';
}

/** True if the policy deletes by retention. */
export function deletesByRetention(config: LogConfig): boolean {
  return config.cleanupPolicy !== 'compact';
}
