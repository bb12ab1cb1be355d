/**
 * InitProducerId (22): a fresh producer id, epoch 0, for an idempotent producer. As Kafka does
 * for a null transactional id, any ProducerId/ProducerEpoch the request carries (v3+) is ignored:
 * a producer that must start over simply gets a new id. Transactions are a later issue; a
 * transactional id is refused (the response has no message field, so the reason goes to the log).
 */
import { errorCode } from '../../protocol/error-codes.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../../protocol/generated/init-producer-id.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf } from './error-code-of.js';

export function handleInitProducerId(b: BrokerState, req: InitProducerIdRequest, ctx: RequestContext): InitProducerIdResponse | Promise<InitProducerIdResponse> {
  if (req.transactionalId !== null && req.transactionalId !== undefined) {
    b.logger.warn(`InitProducerId from ${ctx.clientId} with transactional.id '${req.transactionalId}': transactions are not supported yet (only idempotent producers)`);
    return answer(errorCode('INVALID_REQUEST'), -1n, -1);
  }
  // In a replicated cluster ids come from the controller, so no two brokers hand out the same one.
  if (b.cluster) {
    return b.cluster.allocateProducerId().then(
      (id) => answer(0, id, 0),
      (err: unknown) => answer(errorCodeOf(err, b.logger, `InitProducerId from ${ctx.clientId}`), -1n, -1),
    );
  }
  try {
    return answer(0, b.producerStates.allocateProducerId(), 0);
  } catch (err) {
    // Reserving a new id block writes a file; if that fails no id may be handed out.
    return answer(errorCodeOf(err, b.logger, `InitProducerId from ${ctx.clientId}`), -1n, -1);
  }
}

function answer(code: number, producerId: bigint, producerEpoch: number): InitProducerIdResponse {
  return { throttleTimeMs: 0, errorCode: code, producerId, producerEpoch };
}
