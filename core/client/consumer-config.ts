/** Consumer settings: Kafka's consumer config keys in camelCase, with Kafka's defaults. */
import { FjordError } from '../errors.js';

export type AssignorName = 'range' | 'roundrobin' | 'cooperative-sticky';

export interface ConsumerConfig {
  /** client.id */
  clientId: string;
  /** group.id: null for a consumer that only uses assign(). */
  groupId: string | null;
  /** group.instance.id: static membership (a restart within the session timeout does not rebalance). */
  groupInstanceId: string | null;
  /** auto.offset.reset: where to start without a committed offset, or after an out-of-range offset. */
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  /** enable.auto.commit */
  enableAutoCommit: boolean;
  /** auto.commit.interval.ms */
  autoCommitIntervalMs: number;
  /** isolation.level: read_committed is meaningful once transactions exist. */
  isolationLevel: 'read_uncommitted' | 'read_committed';
  /** session.timeout.ms */
  sessionTimeoutMs: number;
  /** heartbeat.interval.ms */
  heartbeatIntervalMs: number;
  /** max.poll.interval.ms: used as the rebalance timeout, as Kafka does. */
  maxPollIntervalMs: number;
  /** max.poll.records */
  maxPollRecords: number;
  /** fetch.min.bytes */
  fetchMinBytes: number;
  /** fetch.max.bytes */
  fetchMaxBytes: number;
  /** fetch.max.wait.ms */
  fetchMaxWaitMs: number;
  /** max.partition.fetch.bytes */
  maxPartitionFetchBytes: number;
  /** partition.assignment.strategy, in order of preference. */
  partitionAssignmentStrategy: AssignorName[];
  /** metadata.max.age.ms: how often a regex subscription looks for new topics. */
  metadataMaxAgeMs: number;
  /** allow.auto.create.topics */
  allowAutoCreateTopics: boolean;
  /**
   * Fjord's own (Fjord Streams sets it): polled records are `FetchedRecordView`s, which read their
   * key, value and offset from the fetched bytes when asked, and can hand out key and value as
   * text without a Buffer view. The records look the same to every reader of ConsumerRecord,
   * except that key, value and offset are accessors (a spread copy does not carry them).
   */
  fetchedRecordViews: boolean;
}

export const defaultConsumerConfig: ConsumerConfig = {
  clientId: 'fjord-consumer',
  groupId: null,
  groupInstanceId: null,
  autoOffsetReset: 'latest',
  enableAutoCommit: true,
  autoCommitIntervalMs: 5000,
  isolationLevel: 'read_uncommitted',
  sessionTimeoutMs: 45000,
  heartbeatIntervalMs: 3000,
  maxPollIntervalMs: 300000,
  maxPollRecords: 500,
  fetchMinBytes: 1,
  fetchMaxBytes: 52428800,
  fetchMaxWaitMs: 500,
  maxPartitionFetchBytes: 1048576,
  partitionAssignmentStrategy: ['range', 'cooperative-sticky'],
  metadataMaxAgeMs: 300000,
  allowAutoCreateTopics: true,
  fetchedRecordViews: false,
};

export function resolveConsumerConfig(partial: Partial<ConsumerConfig>): ConsumerConfig {
  const config = { ...defaultConsumerConfig, ...partial };
  if (!['earliest', 'latest', 'none'].includes(config.autoOffsetReset)) {
    throw new FjordError('CONFIG', `consumer config autoOffsetReset=${config.autoOffsetReset}: expected earliest, latest or none`);
  }
  if (!['read_uncommitted', 'read_committed'].includes(config.isolationLevel)) {
    throw new FjordError('CONFIG', `consumer config isolationLevel=${config.isolationLevel}: expected read_uncommitted or read_committed`);
  }
  if (config.heartbeatIntervalMs >= config.sessionTimeoutMs) {
    throw new FjordError('CONFIG', `consumer config heartbeatIntervalMs (${config.heartbeatIntervalMs}) must be lower than sessionTimeoutMs (${config.sessionTimeoutMs})`);
  }
  if (!Number.isInteger(config.maxPollRecords) || config.maxPollRecords < 1) {
    throw new FjordError('CONFIG', `consumer config maxPollRecords=${config.maxPollRecords}: expected an integer >= 1`);
  }
  for (const name of config.partitionAssignmentStrategy) {
    if (!['range', 'roundrobin', 'cooperative-sticky'].includes(name)) {
      throw new FjordError('CONFIG', `consumer config partitionAssignmentStrategy: unknown assignor '${name}' (range, roundrobin, cooperative-sticky)`);
    }
  }
  return config;
}
