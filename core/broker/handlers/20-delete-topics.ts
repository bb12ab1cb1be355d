/** DeleteTopics (20): by name (v0-5) or name/id (v6+); internal topics cannot be deleted. */
import { FjordError } from '../../errors.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/generated/delete-topics.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

type Result = DeleteTopicsResponse['responses'][number];

export function handleDeleteTopics(b: BrokerState, req: DeleteTopicsRequest, ctx: RequestContext): DeleteTopicsResponse {
  const targets = req.topics?.length
    ? req.topics.map((t) => t.name ?? (t.topicId && b.topics.byId(t.topicId)?.name) ?? '')
    : (req.topicNames ?? []);
  return { throttleTimeMs: 0, responses: targets.map((name) => deleteOne(b, name, ctx)) };
}

function deleteOne(b: BrokerState, name: string, ctx: RequestContext): Result {
  const info = b.topics.get(name);
  try {
    // The cluster's topics live in the controller's image; deleting one broker's copy would not delete the topic.
    if (b.cluster) throw new FjordError('INVALID_REQUEST', `DeleteTopics '${name}': deleting topics of a replicated cluster is not supported yet`);
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    if (info.internal) throw new FjordError('INVALID_TOPIC_EXCEPTION', `'${name}' is an internal topic and cannot be deleted`);
    b.deleteTopic(name);
    b.logger.info(`deleted topic ${name} for ${ctx.clientId}`);
    return { name, topicId: info.topicId, errorCode: 0, errorMessage: null };
  } catch (err) {
    return { name, topicId: info?.topicId ?? Buffer.alloc(16), errorCode: errorCodeOf(err, b.logger, `delete topic ${name}`), errorMessage: messageOf(err) };
  }
}
