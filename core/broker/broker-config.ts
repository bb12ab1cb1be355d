/**
 * Broker-level settings, named as Kafka's server.properties keys (in camelCase here; the
 * `brokerConfigKeys` table maps them back for CLI flags and docs).
 */
import { FjordError } from '../errors.js';

export interface BrokerConfig {
  /** node.id */
  nodeId: number;
  /** num.partitions: partitions of an auto-created topic or a CreateTopics request with -1. */
  numPartitions: number;
  /** auto.create.topics.enable: Metadata requests that allow it create unknown topics. */
  autoCreateTopicsEnable: boolean;
  /** offsets.topic.num.partitions */
  offsetsTopicNumPartitions: number;
  /** offsets.topic.segment.bytes */
  offsetsTopicSegmentBytes: number;
  /** offsets.topic.replication.factor: replicas of `__consumer_offsets` in a cluster (capped at the live brokers when it is created). */
  offsetsTopicReplicationFactor: number;
  /** message.max.bytes: the largest batch a producer may send (topics may override with max.message.bytes). */
  messageMaxBytes: number;
  /** group.min.session.timeout.ms */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms */
  groupMaxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms */
  groupInitialRebalanceDelayMs: number;
  /** group.max.size */
  groupMaxSize: number;
  /** offsets.retention.minutes, in ms */
  offsetsRetentionMs: number;
  /** log.retention.check.interval.ms: how often retention, compaction and time-based flush run. */
  logRetentionCheckIntervalMs: number;
  /** producer.id.expiration.ms: an idempotent producer idle this long is forgotten by every partition. */
  producerIdExpirationMs: number;
  /** producer.id.expiration.check.interval.ms */
  producerIdExpirationCheckIntervalMs: number;
}

export const defaultBrokerConfig: BrokerConfig = {
  nodeId: 1,
  numPartitions: 1,
  autoCreateTopicsEnable: true,
  offsetsTopicNumPartitions: 50,
  offsetsTopicSegmentBytes: 104857600,
  offsetsTopicReplicationFactor: 3,
  messageMaxBytes: 1048588,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1800000,
  groupInitialRebalanceDelayMs: 3000,
  groupMaxSize: 2147483647,
  offsetsRetentionMs: 7 * 24 * 3600 * 1000,
  logRetentionCheckIntervalMs: 300000,
  producerIdExpirationMs: 86400000,
  producerIdExpirationCheckIntervalMs: 600000,
};

/** Kafka's server.properties names of the settings above. */
export const brokerConfigKeys: Record<keyof BrokerConfig, string> = {
  nodeId: 'node.id',
  numPartitions: 'num.partitions',
  autoCreateTopicsEnable: 'auto.create.topics.enable',
  offsetsTopicNumPartitions: 'offsets.topic.num.partitions',
  offsetsTopicSegmentBytes: 'offsets.topic.segment.bytes',
  offsetsTopicReplicationFactor: 'offsets.topic.replication.factor',
  messageMaxBytes: 'message.max.bytes',
  groupMinSessionTimeoutMs: 'group.min.session.timeout.ms',
  groupMaxSessionTimeoutMs: 'group.max.session.timeout.ms',
  groupInitialRebalanceDelayMs: 'group.initial.rebalance.delay.ms',
  groupMaxSize: 'group.max.size',
  offsetsRetentionMs: 'offsets.retention.ms',
  logRetentionCheckIntervalMs: 'log.retention.check.interval.ms',
  producerIdExpirationMs: 'producer.id.expiration.ms',
  producerIdExpirationCheckIntervalMs: 'producer.id.expiration.check.interval.ms',
};

/** Parses `key=value` overrides with Kafka names into a BrokerConfig; unknown keys are errors. */
export function parseBrokerConfig(entries: Record<string, string>, base: BrokerConfig = defaultBrokerConfig): BrokerConfig {
  const byKafkaName = new Map(Object.entries(brokerConfigKeys).map(([field, key]) => [key, field as keyof BrokerConfig]));
  const config: BrokerConfig = { ...base };
  for (const [key, raw] of Object.entries(entries)) {
    const field = byKafkaName.get(key);
    if (!field) throw new FjordError('CONFIG', `unknown broker config key '${key}'; known keys: ${[...byKafkaName.keys()].join(', ')}`);
    if (typeof base[field] === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new FjordError('CONFIG', `broker config ${key}=${raw}: expected true or false`);
      (config[field] as boolean) = raw === 'true';
    } else {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new FjordError('CONFIG', `broker config ${key}=${raw}: expected a non-negative integer`);
      (config[field] as number) = n;
    }
  }
  return config;
}
