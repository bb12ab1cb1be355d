/**
 * What a broker asks its cluster when it runs as part of a replicated cluster (`fjord broker
 * --controller-quorum ...`). A single-node broker has none (`BrokerState.cluster` is null) and
 * behaves as before. `core/replication/replica-manager.ts` implements it from the controller
 * quorum's metadata image and the partitions' replication state.
 */
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import type { MetadataRequest, MetadataResponse } from '../protocol/generated/metadata.js';
import type { RequestContext } from './broker-state.js';

/** A refusal with a Kafka error code. */
export interface ClusterRefusal {
  readonly errorCode: number;
  readonly message: string;
}

/** How far a reader may read a partition on this broker. */
export interface FetchView {
  /** Non-zero when this broker may not serve the read (not the leader, unknown partition). */
  readonly errorCode: number;
  readonly highWatermark: bigint;
  /** Exclusive read limit: the high watermark for consumers, undefined (log end) for followers. */
  readonly maxOffset: bigint | undefined;
  /** A follower whose log diverged gets this (Fetch v12 DivergingEpoch) and no records. */
  readonly divergingEpoch?: { readonly epoch: number; readonly endOffset: bigint };
}

/** The cluster side of a broker (see the file comment). */
export interface ClusterHooks {
  /** Metadata (3) answered from the cluster image: every broker, leaders, replicas, ISR, controller. */
  metadata(req: MetadataRequest, ctx: RequestContext): MetadataResponse | Promise<MetadataResponse>;
  /** CreateTopics (19) through the active controller, answered once the topics are committed. */
  createTopics(req: CreateTopicsRequest, ctx: RequestContext): Promise<CreateTopicsResponse>;
  /** Before an append: null when this broker leads the partition and `acks` can be met. */
  checkProduce(topic: string, partition: number, acks: number): ClusterRefusal | null;
  /** The leader epoch to stamp into batches appended to a partition this broker leads. */
  leaderEpochOf(topic: string, partition: number): number | undefined;
  /** After an append: resolves once `acks` is satisfied for `lastOffset`, or with the refusal. */
  awaitAcks(topic: string, partition: number, lastOffset: bigint, acks: number, timeoutMs: number): Promise<ClusterRefusal | null>;
  /**
   * A fetch by a consumer (`replicaId` < 0) or a follower (records its progress; with
   * `lastFetchedEpoch` a follower whose log diverged is told where: `divergingEpoch`).
   */
  fetchView(topic: string, partition: number, replicaId: number, fetchOffset: bigint, lastFetchedEpoch?: number): FetchView;
  /**
   * The broker that coordinates group `key` (FindCoordinator), so every member of a group meets
   * at the same broker; undefined when no broker is known yet (the asked broker answers itself).
   */
  coordinatorFor(key: string): { nodeId: number; host: string; port: number } | undefined;
  /** CreatePartitions through the controller; resolves once this broker has the new partitions. */
  createPartitions(topic: string, count: number): Promise<void>;
  /** DeleteTopics through the controller: per name, null when deleted or the refusal. */
  deleteTopics(names: string[]): Promise<(ClusterRefusal | null)[]>;
  /** Changes a topic's config overrides from `before` to `after` through the controller; resolves once this broker applied them. */
  alterTopicConfigs(topic: string, before: Record<string, string>, after: Record<string, string>): Promise<void>;
  /** A producer id unique in the whole cluster (from a block the controller handed this broker). */
  allocateProducerId(): Promise<bigint>;
  /** Tells the partition's replication state that its log grew (followers may be waiting). */
  onAppend(topic: string, partition: number): void;
}
