/** CreatePartitions (37): grows a topic to `count` partitions; shrinking is an error as in Kafka. */
import { FjordError } from '../../errors.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../protocol/generated/create-partitions.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

export function handleCreatePartitions(b: BrokerState, req: CreatePartitionsRequest, ctx: RequestContext): CreatePartitionsResponse | Promise<CreatePartitionsResponse> {
  if (b.cluster && !req.validateOnly) return createThroughCluster(b, req, ctx);
  return {
    throttleTimeMs: 0,
    results: req.topics.map((t) => {
      try {
        const info = b.topics.get(t.name);
        if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${t.name}' does not exist`);
        if (t.count <= info.partitions) {
          throw new FjordError('INVALID_PARTITIONS', `topic '${t.name}' has ${info.partitions} partition(s); the new count ${t.count} must be larger`);
        }
        if (!req.validateOnly) {
          b.createPartitions(t.name, t.count);
          b.logger.info(`topic ${t.name} now has ${t.count} partitions (for ${ctx.clientId})`);
        }
        return { name: t.name, errorCode: 0, errorMessage: null };
      } catch (err) {
        return { name: t.name, errorCode: errorCodeOf(err, b.logger, `create partitions ${t.name}`), errorMessage: messageOf(err) };
      }
    }),
  };
}

/** A replicated cluster's partitions are placed by the controller; every broker opens its logs from the image. */
async function createThroughCluster(b: BrokerState, req: CreatePartitionsRequest, ctx: RequestContext): Promise<CreatePartitionsResponse> {
  const results: CreatePartitionsResponse['results'] = [];
  for (const t of req.topics) {
    try {
      if (t.assignments !== null && t.assignments !== undefined && t.assignments.length > 0) {
        throw new FjordError('INVALID_REQUEST', `CreatePartitions '${t.name}': manual replica assignments are not supported yet`);
      }
      await b.cluster!.createPartitions(t.name, t.count);
      b.logger.info(`topic ${t.name} now has ${t.count} partitions (for ${ctx.clientId}, through the controller)`);
      results.push({ name: t.name, errorCode: 0, errorMessage: null });
    } catch (err) {
      results.push({ name: t.name, errorCode: errorCodeOf(err, b.logger, `create partitions ${t.name}`), errorMessage: messageOf(err) });
    }
  }
  return { throttleTimeMs: 0, results };
}
