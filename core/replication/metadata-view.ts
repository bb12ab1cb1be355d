/**
 * Kafka responses built from the cluster image (pure): Metadata with every unfenced broker, each
 * partition's leader, leader epoch, replicas, ISR and offline replicas, and the controller id;
 * and the partition lookups the broker's handlers need.
 */
import { errorCode } from '../protocol/error-codes.js';
import type { MetadataRequest, MetadataResponse } from '../protocol/generated/metadata.js';
import type { ClusterImage, PartitionState, TopicImage } from '../cluster/metadata/cluster-image.js';
import { NO_LEADER } from '../cluster/metadata/records.js';
import { isInternalTopic } from '../broker/topic-names.js';

type TopicMetadata = MetadataResponse['topics'][number];

/** Kafka's "no authorized operations reported" sentinel. */
const NO_OPERATIONS = -2147483648;

/** The listener name brokers register their client endpoint under. */
export const CLIENT_LISTENER = 'PLAINTEXT';

/** A topic id of the image (base64url) as the 16 bytes Kafka sends. */
export function topicIdBytes(topicId: string): Buffer {
  return Buffer.from(topicId, 'base64url');
}

/** The topic of the image named `name`, or undefined. */
export function topicByName(image: ClusterImage, name: string): TopicImage | undefined {
  const id = image.topicIdsByName.get(name);
  return id === undefined ? undefined : image.topicsById.get(id);
}

/** The partition `topic`-`partition` of the image, or undefined. */
export function partitionByName(image: ClusterImage, topic: string, partition: number): PartitionState | undefined {
  return topicByName(image, topic)?.partitions.get(partition);
}

/** What Metadata needs besides the image. */
export interface MetadataContext {
  readonly clusterId: string;
  /** The active controller's id, or -1 when unknown. */
  readonly controllerId: number;
}

/** Answers Metadata from the image; `create` may auto-create a missing topic (returns its error code). */
export function metadataFromImage(image: ClusterImage, req: MetadataRequest, apiVersion: number, context: MetadataContext): MetadataResponse {
  const wanted = req.topics === null || (apiVersion === 0 && req.topics.length === 0) ? null : req.topics;
  const topics: TopicMetadata[] = wanted === null
    ? [...image.topicsById.values()].map((t) => describeTopic(image, t))
    : wanted.map((w) => {
        const t = w.name !== null && w.name !== undefined ? topicByName(image, w.name) : w.topicId ? image.topicsById.get(w.topicId.toString('base64url')) : undefined;
        return t ? describeTopic(image, t) : missing(w.name ?? '', errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
      });
  const brokers = [...image.brokers.values()]
    .filter((b) => !b.fenced)
    .map((b) => {
      const ep = b.endPoints.find((e) => e.name === CLIENT_LISTENER) ?? b.endPoints[0];
      return { nodeId: b.brokerId, host: ep?.host ?? '', port: ep?.port ?? 0, rack: b.rack };
    });
  return { throttleTimeMs: 0, brokers, clusterId: context.clusterId, controllerId: context.controllerId, topics, clusterAuthorizedOperations: NO_OPERATIONS };
}

function describeTopic(image: ClusterImage, t: TopicImage): TopicMetadata {
  const live = (id: number): boolean => image.brokers.get(id)?.fenced === false;
  return {
    errorCode: 0,
    name: t.name,
    topicId: topicIdBytes(t.topicId),
    isInternal: isInternalTopic(t.name), // clients leave internal topics out of pattern subscriptions
    partitions: [...t.partitions.entries()].sort((a, b) => a[0] - b[0]).map(([partitionIndex, p]) => ({
      errorCode: p.leader === NO_LEADER ? errorCode('LEADER_NOT_AVAILABLE') : 0,
      partitionIndex,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.filter((r) => !live(r)),
    })),
    topicAuthorizedOperations: NO_OPERATIONS,
  };
}

function missing(name: string, code: number): TopicMetadata {
  return { errorCode: code, name, topicId: Buffer.alloc(16), isInternal: false, partitions: [], topicAuthorizedOperations: NO_OPERATIONS };
}
