/**
 * Metadata (3): this broker as the only broker and the controller, every partition led by it
 * (in a replicated cluster the cluster image answers instead: `BrokerState.cluster`).
 * Unknown topics are created when the request allows it and auto.create.topics.enable is on.
 */
import { FjordError } from '../../errors.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { MetadataRequest, MetadataResponse } from '../../protocol/generated/metadata.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import type { TopicInfo } from '../topic-store.js';
import { errorCodeOf } from './error-code-of.js';

type TopicMetadata = MetadataResponse['topics'][number];

export function handleMetadata(b: BrokerState, req: MetadataRequest, ctx: RequestContext): MetadataResponse | Promise<MetadataResponse> {
  if (b.cluster) return b.cluster.metadata(req, ctx);
  const nodeId = b.config.nodeId;
  const wanted = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0) ? null : req.topics;
  const topics: TopicMetadata[] = wanted === null
    ? b.topics.list().map((t) => describe(t, nodeId))
    : wanted.map((t) => lookup(b, t.name ?? nameById(b, t.topicId), req.allowAutoTopicCreation ?? true, ctx));
  return {
    throttleTimeMs: 0,
    brokers: [{ nodeId, host: b.endpoint.host, port: b.endpoint.port, rack: null }],
    clusterId: b.clusterId,
    controllerId: nodeId,
    topics,
    clusterAuthorizedOperations: -2147483648,
  };
}

function nameById(b: BrokerState, topicId: Buffer | undefined): string {
  return (topicId && b.topics.byId(topicId)?.name) ?? '';
}

function lookup(b: BrokerState, name: string, allowAutoCreate: boolean, ctx: RequestContext): TopicMetadata {
  let info = b.topics.get(name);
  if (!info && allowAutoCreate && b.config.autoCreateTopicsEnable) {
    try {
      info = b.createTopic(name, b.config.numPartitions, {});
      b.logger.info(`auto-created topic ${name} with ${b.config.numPartitions} partition(s) for ${ctx.clientId}`);
    } catch (err) {
      const code = err instanceof FjordError ? errorCodeOf(err, b.logger, `auto-create ${name}`) : -1;
      return missing(name, code);
    }
  }
  return info ? describe(info, b.config.nodeId) : missing(name, errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
}

function describe(t: TopicInfo, nodeId: number): TopicMetadata {
  return {
    errorCode: 0,
    name: t.name,
    topicId: t.topicId,
    isInternal: t.internal,
    partitions: Array.from({ length: t.partitions }, (_, i) => ({
      errorCode: 0,
      partitionIndex: i,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: -2147483648,
  };
}

function missing(name: string, code: number): TopicMetadata {
  return { errorCode: code, name, topicId: Buffer.alloc(16), isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
}
