/** DeleteRecords (21): raises a partition's log start offset; -1 means up to the high watermark. */
import { FjordError } from '../../errors.js';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../../protocol/generated/delete-records.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf } from './error-code-of.js';

export function handleDeleteRecords(b: BrokerState, req: DeleteRecordsRequest, ctx: RequestContext): DeleteRecordsResponse {
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        try {
          const log = b.partitionLog(t.name, p.partitionIndex);
          if (!log) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `${t.name}-${p.partitionIndex} does not exist`);
          const upTo = p.offset === -1n ? log.logEndOffset : p.offset;
          if (upTo < 0n || upTo > log.logEndOffset) {
            throw new FjordError('OFFSET_OUT_OF_RANGE', `${t.name}-${p.partitionIndex}: offset ${p.offset} is past the high watermark ${log.logEndOffset}`);
          }
          log.deleteRecordsBefore(upTo);
          return { partitionIndex: p.partitionIndex, lowWatermark: log.logStartOffset, errorCode: 0 };
        } catch (err) {
          return { partitionIndex: p.partitionIndex, lowWatermark: -1n, errorCode: errorCodeOf(err, b.logger, `delete records ${t.name}-${p.partitionIndex} for ${ctx.clientId}`) };
        }
      }),
    })),
  };
}
