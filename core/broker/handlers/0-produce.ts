/** Produce (0): append producer batches to partition logs; acks=0 gets no response at all. */
import { errorCode } from '../../protocol/error-codes.js';
import type { PartitionProduceResponse, ProduceRequest, ProduceResponse, TopicProduceResponse } from '../../protocol/generated/produce.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';

export function handleProduce(b: BrokerState, req: ProduceRequest, ctx: RequestContext): ProduceResponse | null {
  const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
  const responses: TopicProduceResponse[] = req.topicData.map((topic) => ({
    name: topic.name,
    partitionResponses: topic.partitionData.map((p) =>
      validAcks ? appendPartition(b, topic.name, p.index, p.records, ctx) : failed(p.index, errorCode('INVALID_REQUIRED_ACKS'), `acks=${req.acks}; valid values are -1 (all), 0 and 1`),
    ),
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
    const result = log.append(records, { logAppendTime: log.config.messageTimestampType === 'LogAppendTime' });
    b.appendWaiters.notify(topic, partition);
    return {
      index: partition,
      errorCode: 0,
      baseOffset: result.baseOffset,
      logAppendTimeMs: log.config.messageTimestampType === 'LogAppendTime' ? BigInt(result.logAppendTimeMs) : -1n,
      logStartOffset: log.logStartOffset,
      recordErrors: [],
      errorMessage: null,
    };
  } catch (err) {
    const code = errorCodeOf(err, b.logger, `produce to ${topic}-${partition} from ${ctx.clientId}`);
    return failed(partition, code, messageOf(err));
  }
}

function failed(index: number, code: number, message: string): PartitionProduceResponse {
  return { index, errorCode: code, baseOffset: -1n, logAppendTimeMs: -1n, logStartOffset: -1n, recordErrors: [], errorMessage: message };
}
