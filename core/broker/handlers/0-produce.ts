/**
 * Produce (0): append producer batches to partition logs; acks=0 gets no response at all.
 * An idempotent batch (producerId >= 0) is checked against the partition's producer state
 * before the append: a retry of a batch already in the log is answered with its original
 * offset and not appended again; a sequence gap or an old epoch is refused. The state learns of
 * the batch only once the append succeeded. acks=0 takes the same path, it just gets no answer.
 */
import { errorCode } from '../../protocol/error-codes.js';
import type { PartitionProduceResponse, ProduceRequest, ProduceResponse, TopicProduceResponse } from '../../protocol/generated/produce.js';
import type { PartitionLog } from '../../log/partition-log.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import type { ProducerStateError } from '../producer-state/partition-producer-state.js';
import { producerBatchOf } from '../producer-state/produce-batch.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

/**
 * Produce v0-2 carry the old message sets (magic 0/1). They are advertised only because
 * librdkafka needs the range to include v0 before it compresses; such requests are refused.
 */
const RECORD_BATCH_MIN_VERSION = 3;

/** UNKNOWN_PRODUCER_ID arrived with Produce v5 (Kafka 1.0); older clients get OUT_OF_ORDER_SEQUENCE_NUMBER. */
const UNKNOWN_PRODUCER_ID_MIN_VERSION = 5;

export function handleProduce(b: BrokerState, req: ProduceRequest, ctx: RequestContext): ProduceResponse | null {
  const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
  const responses: TopicProduceResponse[] = req.topicData.map((topic) => ({
    name: topic.name,
    partitionResponses: topic.partitionData.map((p) => {
      if (ctx.apiVersion < RECORD_BATCH_MIN_VERSION) {
        return failed(p.index, errorCode('UNSUPPORTED_FOR_MESSAGE_FORMAT'), `Produce v${ctx.apiVersion} carries message format v0/v1; Fjord stores RecordBatch v2 only (Produce v3+)`);
      }
      if (!validAcks) return failed(p.index, errorCode('INVALID_REQUIRED_ACKS'), `acks=${req.acks}; valid values are -1 (all), 0 and 1`);
      return appendPartition(b, topic.name, p.index, p.records, ctx);
    }),
  }));
  // Kafka answers nothing to acks=0: a response would desynchronise clients that expect none.
  if (req.acks === 0) return null;
  return { responses, throttleTimeMs: 0 };
}

function appendPartition(b: BrokerState, topic: string, partition: number, records: Buffer | null, ctx: RequestContext): PartitionProduceResponse {
  const log = b.partitionLog(topic, partition);
  if (!log) return failed(partition, errorCode('UNKNOWN_TOPIC_OR_PARTITION'), `${topic}-${partition} does not exist`);
  if (!records || records.length === 0) return failed(partition, errorCode('CORRUPT_MESSAGE'), `${topic}-${partition}: empty record set`);
  if (records.length > b.config.messageMaxBytes && records.length > log.config.maxMessageBytes) {
    return failed(partition, errorCode('MESSAGE_TOO_LARGE'), `${topic}-${partition}: ${records.length} bytes exceed message.max.bytes`);
  }
  try {
    const producers = b.producerStates.forPartition(topic, partition, log);
    const batch = producerBatchOf(records, log.name);
    if (batch !== null) {
      const verdict = producers.check(batch);
      if (verdict.kind === 'duplicate') return appended(partition, verdict.batch.firstOffset, -1n, log);
      if (verdict.kind === 'reject') return failed(partition, errorCode(wireError(verdict.error, ctx.apiVersion)), verdict.message);
    }
    const logAppendTime = log.config.messageTimestampType === 'LogAppendTime';
    const result = producers.append(records, batch, { logAppendTime });
    b.appendWaiters.notify(topic, partition);
    return appended(partition, result.baseOffset, logAppendTime ? BigInt(result.logAppendTimeMs) : -1n, log);
  } catch (err) {
    const code = errorCodeOf(err, b.logger, `produce to ${topic}-${partition} from ${ctx.clientId}`);
    return failed(partition, code, messageOf(err));
  }
}

function wireError(error: ProducerStateError, apiVersion: number): ProducerStateError {
  return error === 'UNKNOWN_PRODUCER_ID' && apiVersion < UNKNOWN_PRODUCER_ID_MIN_VERSION ? 'OUT_OF_ORDER_SEQUENCE_NUMBER' : error;
}

function appended(index: number, baseOffset: bigint, logAppendTimeMs: bigint, log: PartitionLog): PartitionProduceResponse {
  return { index, errorCode: 0, baseOffset, logAppendTimeMs, logStartOffset: log.logStartOffset, recordErrors: [], errorMessage: null };
}

function failed(index: number, code: number, message: string): PartitionProduceResponse {
  return { index, errorCode: code, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: message };
}
