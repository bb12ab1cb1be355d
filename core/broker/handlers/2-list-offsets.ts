/** ListOffsets (2): -1 latest, -2 earliest, -3 max timestamp, else the first offset at or after a timestamp. */
import { errorCode } from '../../protocol/error-codes.js';
import type { ListOffsetsPartitionResponse, ListOffsetsRequest, ListOffsetsResponse } from '../../protocol/generated/list-offsets.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf } from './error-code-of.js';

export const LATEST_TIMESTAMP = -1n;
export const EARLIEST_TIMESTAMP = -2n;
export const MAX_TIMESTAMP = -3n;

export function handleListOffsets(b: BrokerState, req: ListOffsetsRequest, ctx: RequestContext): ListOffsetsResponse {
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => listOffset(b, t.name, p.partitionIndex, p.timestamp, ctx)),
    })),
  };
}

function listOffset(b: BrokerState, topic: string, partition: number, timestamp: bigint, ctx: RequestContext): ListOffsetsPartitionResponse {
  const log = b.partitionLog(topic, partition);
  const answer = (offset: bigint, ts: bigint, code = 0): ListOffsetsPartitionResponse => ({
    partitionIndex: partition,
    errorCode: code,
    timestamp: ts,
    offset,
    leaderEpoch: code === 0 ? 0 : -1,
  });
  if (!log) return answer(-1n, -1n, errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
  // In a replicated cluster only the leader answers, and "latest" is the high watermark.
  const view = b.cluster?.fetchView(topic, partition, -1, 0n);
  if (view && view.errorCode !== 0) return answer(-1n, -1n, view.errorCode);
  try {
    if (timestamp === LATEST_TIMESTAMP) return answer(view ? view.highWatermark : log.logEndOffset, -1n);
    if (timestamp === EARLIEST_TIMESTAMP) return answer(log.logStartOffset, -1n);
    if (timestamp === MAX_TIMESTAMP) {
      const found = log.maxTimestampOffset();
      return found ? answer(found.offset, found.timestamp) : answer(-1n, -1n);
    }
    const found = log.offsetForTimestamp(timestamp);
    return found ? answer(found.offset, found.timestamp) : answer(-1n, -1n);
  } catch (err) {
    return answer(-1n, -1n, errorCodeOf(err, b.logger, `list offsets ${topic}-${partition} for ${ctx.clientId}`));
  }
}
