/** CreateTopics (19): validated names, partitions, replication factor and configs; validateOnly honoured. */
import { FjordError } from '../../errors.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../../protocol/generated/create-topics.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';
import { configEntriesOf, parseTopicOverrides } from './topic-configs.js';

type Creatable = CreateTopicsRequest['topics'][number];
type Result = CreateTopicsResponse['topics'][number];

export function handleCreateTopics(b: BrokerState, req: CreateTopicsRequest, ctx: RequestContext): CreateTopicsResponse | Promise<CreateTopicsResponse> {
  if (b.cluster) return b.cluster.createTopics(req, ctx); // the controller decides placement
  return { throttleTimeMs: 0, topics: req.topics.map((t) => createOne(b, t, req.validateOnly ?? false, ctx)) };
}

function createOne(b: BrokerState, t: Creatable, validateOnly: boolean, ctx: RequestContext): Result {
  const partitions = t.numPartitions === -1 ? (t.assignments.length || b.config.numPartitions) : t.numPartitions;
  const replicationFactor = t.replicationFactor === -1 ? 1 : t.replicationFactor;
  const fail = (code: number, message: string): Result => ({
    name: t.name, topicId: Buffer.alloc(16), errorCode: code, errorMessage: message,
    numPartitions: -1, replicationFactor: -1, configs: null,
  });
  try {
    if (replicationFactor < 1 || replicationFactor > 1) {
      throw new FjordError('INVALID_REPLICATION_FACTOR', `topic '${t.name}': replication factor ${replicationFactor} is larger than the 1 available broker`);
    }
    const badReplica = t.assignments.flatMap((a) => a.brokerIds).find((id) => id !== b.config.nodeId);
    if (badReplica !== undefined) throw new FjordError('INVALID_REQUEST', `topic '${t.name}': replica assignment names unknown broker ${badReplica}`);
    const configs: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
    parseTopicOverrides(configs);
    b.topics.validateNew(t.name, partitions);
    const info = validateOnly ? null : b.createTopic(t.name, partitions, configs);
    if (info) b.logger.info(`created topic ${t.name} with ${partitions} partition(s) for ${ctx.clientId}`);
    return {
      name: t.name, topicId: info?.topicId ?? Buffer.alloc(16), errorCode: 0, errorMessage: null,
      numPartitions: partitions, replicationFactor, configs: configEntriesOf(configs).map((e) => ({ name: e.name, value: e.value, readOnly: false, configSource: e.source, isSensitive: false })),
    };
  } catch (err) {
    const code = err instanceof FjordError && err.code === 'CONFIG' ? errorCode('INVALID_CONFIG') : errorCodeOf(err, b.logger, `create topic ${t.name}`);
    return fail(code, messageOf(err));
  }
}
