/** What handlers see of the broker: its parts, and the few operations several handlers share. */
import type { Clock } from '../io/clock.js';
import type { Logger } from '../io/logger.js';
import type { Timers } from '../io/timers.js';
import type { GroupCoordinator } from '../group/group-coordinator.js';
import type { LogManager } from '../log/log-manager.js';
import type { PartitionLog } from '../log/partition-log.js';
import type { AppendWaiters } from './append-waiters.js';
import type { BrokerConfig } from './broker-config.js';
import type { ClusterHooks } from './cluster-hooks.js';
import type { OffsetsTopic } from './offsets-topic.js';
import type { ProducerStateManager } from './producer-state/producer-state-manager.js';
import type { TopicInfo, TopicStore } from './topic-store.js';

export interface RequestContext {
  apiVersion: number;
  clientId: string;
  clientHost: string;
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface BrokerState {
  readonly config: BrokerConfig;
  readonly clusterId: string;
  readonly endpoint: Endpoint;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly topics: TopicStore;
  readonly logs: LogManager;
  readonly groups: GroupCoordinator;
  readonly offsetsTopic: OffsetsTopic;
  readonly appendWaiters: AppendWaiters;
  /** Producer ids and per-partition idempotent-producer state (Produce, InitProducerId). */
  readonly producerStates: ProducerStateManager;
  /** Set when the broker is part of a replicated cluster; null (or absent) for a single node. */
  readonly cluster?: ClusterHooks | null;
  /** Creates a topic and its partition logs; validates name, partitions and configs. */
  createTopic(name: string, partitions: number, configs: Record<string, string>): TopicInfo;
  deleteTopic(name: string): void;
  /** Adds partitions to a topic (count is the new total). */
  createPartitions(name: string, count: number): void;
  /** Replaces a topic's config overrides and applies them to its live logs. */
  setTopicConfigs(name: string, configs: Record<string, string>): void;
  /**
   * After a group state change: persists the group records the coordinator queued (group
   * metadata, expiry tombstones) to __consumer_offsets and re-arms the coordinator's timer.
   */
  afterGroupChange(): void;
  /** The log of an existing partition, or undefined. */
  partitionLog(topic: string, partition: number): PartitionLog | undefined;
}
