/**
 * InitProducerId for an idempotent producer (no transactional id): a fresh producer id and
 * epoch. Retriable errors (a coordinator loading or moving, a lost connection) are retried after
 * retry.backoff.ms, at most `retries` times and only while some batch still waits for the id.
 */
import { FjordError, kafkaError } from '../errors.js';
import type { Timers } from '../io/timers.js';
import type { ProducerConfig } from './producer-config.js';
import type { Transport } from './transport.js';

/** Java's idempotent producer sends this; the broker ignores it without a transactional id. */
const TRANSACTION_TIMEOUT_UNUSED_MS = 2147483647;

/** A producer id and epoch from the broker. */
export interface ProducerIdAndEpoch {
  producerId: bigint;
  epoch: number;
}

/**
 * Asks for a producer id. Rejects with the last error when it is not retriable, when retries
 * run out, or when `stillWaiting()` says no batch needs the id any more.
 */
export async function requestProducerId(
  transport: Transport,
  config: Pick<ProducerConfig, 'retries' | 'retryBackoffMs'>,
  timers: Timers,
  stillWaiting: () => number,
): Promise<ProducerIdAndEpoch> {
  for (let attempt = 0; ; attempt++) {
    const err = await attemptOnce(transport);
    if (!(err instanceof FjordError)) return err;
    if (!err.retriable || attempt >= config.retries || stillWaiting() === 0) throw err;
    await new Promise<void>((resolve) => timers.setTimeout(resolve, config.retryBackoffMs));
  }
}

/** One InitProducerId: the id, or the error it failed with. */
async function attemptOnce(transport: Transport): Promise<ProducerIdAndEpoch | FjordError> {
  try {
    const res = await transport.request('InitProducerId', { transactionalId: null, transactionTimeoutMs: TRANSACTION_TIMEOUT_UNUSED_MS, producerId: -1n, producerEpoch: -1 });
    if (res === null) return new FjordError('UNKNOWN_SERVER_ERROR', 'InitProducerId got no response');
    if (res.errorCode !== 0) return kafkaError(res.errorCode, 'InitProducerId');
    return { producerId: res.producerId, epoch: res.producerEpoch };
  } catch (err) {
    return err instanceof FjordError ? err : new FjordError('UNKNOWN_SERVER_ERROR', `InitProducerId failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  }
}
