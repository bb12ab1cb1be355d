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

export function handleProduce(b: BrokerState, req: ProduceRequest, ctx: RequestContext): ProduceResponse | null | Promise<ProduceResponse | null> {
  const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
  const appendedTo: Appended[] = [];
  const responses: TopicProduceResponse[] = req.topicData.map((topic) => ({
    name: topic.name,
    partitionResponses: topic.partitionData.map((p) => {
      if (ctx.apiVersion < RECORD_BATCH_MIN_VERSION) {
        return failed(p.index, errorCode('UNSUPPORTED_FOR_MESSAGE_FORMAT'), `Produce v${ctx.apiVersion} carries message format v0/v1; Fjord stores RecordBatch v2 only (Produce v3+)`);
      }
      if (!validAcks) return failed(p.index, errorCode('INVALID_REQUIRED_ACKS'), `acks=${req.acks}; valid values are -1 (all), 0 and 1`);
      const refused = b.cluster?.checkProduce(topic.name, p.index, req.acks);
      if (refused) return failed(p.index, refused.errorCode, refused.message);
      const response = appendPartition(b, topic.name, p.index, p.records, ctx);
      if (response.errorCode === 0 && b.cluster) appendedTo.push({ topic: topic.name, response, lastOffset: lastOffsetOf(b, topic.name, p.index) });
      return response;
    }),
  }));
  // Kafka answers nothing to acks=0: a response would desynchronise clients that expect none.
  if (req.acks === 0) return null;
  // In a replicated cluster acks=all is answered once every in-sync replica has the records.
  if (b.cluster && req.acks === -1 && appendedTo.length > 0) return awaitAcks(b, appendedTo, req.timeoutMs, { responses, throttleTimeMs: 0 });
  return { responses, throttleTimeMs: 0 };
}

/** A partition response of this request whose append succeeded, and the log end it reached. */
interface Appended {
  readonly topic: string;
  readonly response: PartitionProduceResponse;
  readonly lastOffset: bigint;
}

function lastOffsetOf(b: BrokerState, topic: string, partition: number): bigint {
  return (b.partitionLog(topic, partition)?.logEndOffset ?? 0n) - 1n;
}

async function awaitAcks(b: BrokerState, appended: Appended[], timeoutMs: number, response: ProduceResponse): Promise<ProduceResponse> {
  const cluster = b.cluster!;
  await Promise.all(appended.map(async (a) => {
    const refused = await cluster.awaitAcks(a.topic, a.response.index, a.lastOffset, -1, timeoutMs);
    if (refused) Object.assign(a.response, failed(a.response.index, refused.errorCode, refused.message));
  }));
  return response;
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
    const leaderEpoch = b.cluster?.leaderEpochOf(topic, partition); // recorded in leader-epoch-checkpoint
    const result = producers.append(records, batch, leaderEpoch === undefined ? { logAppendTime } : { logAppendTime, leaderEpoch });
    b.appendWaiters.notify(topic, partition);
    b.cluster?.onAppend(topic, partition);
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
