/** CreatePartitions (37): grows a topic to `count` partitions; shrinking is an error as in Kafka. */
import { FjordError } from '../../errors.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../protocol/generated/create-partitions.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

export function handleCreatePartitions(b: BrokerState, req: CreatePartitionsRequest, ctx: RequestContext): CreatePartitionsResponse {
  return {
    throttleTimeMs: 0,
    results: req.topics.map((t) => {
      try {
        // Partition counts of a replicated cluster live in the controller's image, not in one broker.
        if (b.cluster) throw new FjordError('INVALID_REQUEST', `CreatePartitions '${t.name}': adding partitions in a replicated cluster is not supported yet`);
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
