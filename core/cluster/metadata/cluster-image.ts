/**
 * The cluster metadata every controller (and later every broker) derives from the log:
 * brokers, topics, partitions and configs. Immutable; `applyRecord` returns a new image.
 */
import type { BrokerEndpoint, ConfigResourceType } from './records.js';

/** A registered broker, as RegisterBrokerRecord left it (plus fencing). */
export interface BrokerRegistration {
  readonly brokerId: number;
  readonly brokerEpoch: number;
  readonly incarnationId: string;
  readonly endPoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
}

/** One partition's assignment, ISR, leader and epochs. */
export interface PartitionState {
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  /** NO_LEADER (-1) when no eligible replica is alive. */
  readonly leader: number;
  /** Bumped on every leader change; fences requests from older leaders. */
  readonly leaderEpoch: number;
  /** Bumped on every change; AlterPartition must name the current one. */
  readonly partitionEpoch: number;
}

/** A topic and its partitions by id. */
export interface TopicImage {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: ReadonlyMap<number, PartitionState>;
}

/** Everything the metadata log says about the cluster at one offset. */
export interface ClusterImage {
  readonly brokers: ReadonlyMap<number, BrokerRegistration>;
  readonly topicsById: ReadonlyMap<string, TopicImage>;
  readonly topicIdsByName: ReadonlyMap<string, string>;
  /** Keyed by `configKey(type, name)`. */
  readonly configs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The first producer id no broker was given yet (ProducerIdsRecord); absent means 0. */
  readonly nextProducerId?: number;
}

/** The image before any record. */
export const EMPTY_IMAGE: ClusterImage = {
  brokers: new Map(),
  topicsById: new Map(),
  topicIdsByName: new Map(),
  configs: new Map(),
};

/** The `configs` map key of a config resource. */
export function configKey(type: ConfigResourceType, name: string): string {
  return `${type}:${name}`;
}

/** The partition, or undefined if the topic or partition does not exist. */
export function partitionOf(image: ClusterImage, topicId: string, partitionId: number): PartitionState | undefined {
  return image.topicsById.get(topicId)?.partitions.get(partitionId);
}
