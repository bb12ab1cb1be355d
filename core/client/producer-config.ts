/** Producer settings: Kafka's producer config keys in camelCase, with Kafka's defaults. */
import { FjordError } from '../errors.js';
import type { CompressionType } from '../protocol/compression.js';

export interface ProducerConfig {
  /** client.id */
  clientId: string;
  /** acks: 0 (no response), 1 (leader has it), 'all' / -1 (every in-sync replica has it). */
  acks: 0 | 1 | -1 | 'all';
  /** linger.ms: how long a partially filled batch waits for more records. */
  lingerMs: number;
  /** batch.size: bytes at which a partition's batch is sent without waiting for linger.ms. */
  batchSize: number;
  /** compression.type */
  compressionType: CompressionType;
  /** buffer.memory: bytes of records buffered or in flight before send() waits. */
  bufferMemory: number;
  /** retries for retriable errors, within deliveryTimeoutMs. */
  retries: number;
  /** retry.backoff.ms */
  retryBackoffMs: number;
  /** delivery.timeout.ms: upper bound on the time from send() to success or failure. */
  deliveryTimeoutMs: number;
  /** request.timeout.ms */
  requestTimeoutMs: number;
  /** max.in.flight.requests.per.connection */
  maxInFlightRequestsPerConnection: number;
  /** allow.auto.create.topics (on the producer: Metadata requests may create unknown topics). */
  allowAutoCreateTopics: boolean;
  /**
   * enable.idempotence: the broker drops retried duplicates and refuses sequence gaps, so a
   * retry never writes a record twice and records of a partition stay in order. On by default as
   * in Kafka 3+; needs acks='all', retries > 0 and maxInFlightRequestsPerConnection <= 5. Left
   * unset, a conflicting config turns it off silently (as Kafka does); set to true, a conflict is
   * a CONFIG error. The resolved config holds the effective value.
   */
  enableIdempotence: boolean;
}

/** Most in-flight requests per partition an idempotent producer may have (the broker remembers 5 batches). */
export const IDEMPOTENT_IN_FLIGHT_MAX = 5;

export const defaultProducerConfig: ProducerConfig = {
  clientId: 'fjord-producer',
  acks: 'all',
  lingerMs: 5,
  batchSize: 16384,
  compressionType: 'none',
  bufferMemory: 32 * 1024 * 1024,
  retries: 2147483647,
  retryBackoffMs: 100,
  deliveryTimeoutMs: 120000,
  requestTimeoutMs: 30000,
  maxInFlightRequestsPerConnection: 5,
  allowAutoCreateTopics: true,
  enableIdempotence: true,
};

export function resolveProducerConfig(partial: Partial<ProducerConfig>): ProducerConfig {
  const config = { ...defaultProducerConfig, ...partial };
  if (![0, 1, -1, 'all'].includes(config.acks)) {
    throw new FjordError('CONFIG', `producer config acks=${String(config.acks)}: expected 0, 1, -1 or 'all'`);
  }
  for (const key of ['lingerMs', 'batchSize', 'bufferMemory', 'retries', 'retryBackoffMs', 'deliveryTimeoutMs', 'requestTimeoutMs'] as const) {
    if (!Number.isFinite(config[key]) || config[key] < 0) throw new FjordError('CONFIG', `producer config ${key}=${config[key]}: expected a number >= 0`);
  }
  if (!['none', 'gzip', 'snappy', 'lz4', 'zstd'].includes(config.compressionType)) {
    throw new FjordError('CONFIG', `producer config compressionType=${config.compressionType}: expected none, gzip, snappy, lz4 or zstd`);
  }
  if (!Number.isInteger(config.maxInFlightRequestsPerConnection) || config.maxInFlightRequestsPerConnection < 1) {
    throw new FjordError('CONFIG', `producer config maxInFlightRequestsPerConnection=${config.maxInFlightRequestsPerConnection}: expected an integer >= 1`);
  }
  config.enableIdempotence = resolveIdempotence(config, partial.enableIdempotence);
  return config;
}

/** Why `config` cannot be idempotent, naming the conflicting key, or null if it can. */
function idempotenceConflict(config: ProducerConfig): string | null {
  if (config.acks !== 'all' && config.acks !== -1) return `acks='all' (acks=${String(config.acks)})`;
  if (config.retries === 0) return 'retries > 0 (retries=0)';
  if (config.maxInFlightRequestsPerConnection > IDEMPOTENT_IN_FLIGHT_MAX) {
    return `maxInFlightRequestsPerConnection <= ${IDEMPOTENT_IN_FLIGHT_MAX} (maxInFlightRequestsPerConnection=${config.maxInFlightRequestsPerConnection})`;
  }
  return null;
}

/** The effective enable.idempotence: Kafka's default-on that yields to a conflicting config unless set explicitly. */
function resolveIdempotence(config: ProducerConfig, explicit: boolean | undefined): boolean {
  if (explicit !== undefined && typeof explicit !== 'boolean') {
    throw new FjordError('CONFIG', `producer config enableIdempotence=${String(explicit)}: expected true or false`);
  }
  if (explicit === false) return false;
  const conflict = idempotenceConflict(config);
  if (conflict === null) return true;
  if (explicit === true) throw new FjordError('CONFIG', `producer config enableIdempotence=true (enable.idempotence) requires ${conflict}`);
  return false;
}

export function acksNumber(acks: ProducerConfig['acks']): number {
  return acks === 'all' ? -1 : acks;
}
