/** DeleteTopics (20): by name (v0-5) or name/id (v6+); internal topics cannot be deleted. */
import { FjordError } from '../../errors.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/generated/delete-topics.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

type Result = DeleteTopicsResponse['responses'][number];

export function handleDeleteTopics(b: BrokerState, req: DeleteTopicsRequest, ctx: RequestContext): DeleteTopicsResponse | Promise<DeleteTopicsResponse> {
  const targets = req.topics?.length
    ? req.topics.map((t) => t.name ?? (t.topicId && b.topics.byId(t.topicId)?.name) ?? '')
    : (req.topicNames ?? []);
  if (b.cluster) return deleteThroughCluster(b, targets, ctx);
  return { throttleTimeMs: 0, responses: targets.map((name) => deleteOne(b, name, ctx)) };
}

/** A replicated cluster's topics live in the controller's image: every broker drops its logs from there. */
async function deleteThroughCluster(b: BrokerState, names: string[], ctx: RequestContext): Promise<DeleteTopicsResponse> {
  const outcomes = await b.cluster!.deleteTopics(names);
  const responses = names.map((name, i) => {
    const refusal = outcomes[i] ?? null;
    if (refusal === null) b.logger.info(`deleted topic ${name} for ${ctx.clientId} through the controller`);
    return { name, topicId: Buffer.alloc(16), errorCode: refusal?.errorCode ?? 0, errorMessage: refusal?.message ?? null };
  });
  return { throttleTimeMs: 0, responses };
}

function deleteOne(b: BrokerState, name: string, ctx: RequestContext): Result {
  const info = b.topics.get(name);
  try {
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    if (info.internal) throw new FjordError('INVALID_TOPIC_EXCEPTION', `'${name}' is an internal topic and cannot be deleted`);
    b.deleteTopic(name);
    b.logger.info(`deleted topic ${name} for ${ctx.clientId}`);
    return { name, topicId: info.topicId, errorCode: 0, errorMessage: null };
  } catch (err) {
    return { name, topicId: info?.topicId ?? Buffer.alloc(16), errorCode: errorCodeOf(err, b.logger, `delete topic ${name}`), errorMessage: messageOf(err) };
  }
}
