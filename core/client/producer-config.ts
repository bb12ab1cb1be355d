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
}

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
  return config;
}

export function acksNumber(acks: ProducerConfig['acks']): number {
  return acks === 'all' ? -1 : acks;
}
