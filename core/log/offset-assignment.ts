/**
 * Turning validated producer batches into log batches, in place: baseOffset and
 * partitionLeaderEpoch are rewritten (outside the CRC), and for LogAppendTime the maxTimestamp
 * and timestamp-type bit too (inside it, so the CRC is recomputed). Records are never touched.
 */
import {
  ATTR_TIMESTAMP_TYPE,
  BATCH,
  batchAttributes,
  computeBatchCrc,
  setBatchBaseOffset,
  setBatchPartitionLeaderEpoch,
} from '../protocol/batch-header.js';
import type { ProducedBatch } from './append-validation.js';
import type { PendingBatch } from './log-segment.js';

/** Where the batches go. */
export interface Assignment {
  firstOffset: bigint;
  /** Stamped into every batch (-1 if unknown). */
  epoch: number;
  /** The broker time to stamp for LogAppendTime, or null to keep CreateTime. */
  logAppendTimeMs: number | null;
}

/** Rewrites `buf`'s batches for the log; returns them as the segment indexes them. */
export function assignOffsets(
  buf: Buffer,
  batches: readonly ProducedBatch[],
  a: Assignment,
): { pending: PendingBatch[]; next: bigint; maxTimestamp: bigint } {
  const pending: PendingBatch[] = [];
  let next = a.firstOffset;
  let maxTimestamp = -1n;
  for (const b of batches) {
    setBatchBaseOffset(buf, next, b.at);
    setBatchPartitionLeaderEpoch(buf, a.epoch, b.at);
    const ts = a.logAppendTimeMs === null ? b.maxTimestamp : stampLogAppendTime(buf, b.at, b.size, a.logAppendTimeMs);
    if (ts > maxTimestamp) maxTimestamp = ts;
    const last = next + BigInt(b.lastOffsetDelta);
    pending.push({ at: b.at, size: b.size, baseOffset: next, lastOffset: last, maxTimestamp: ts });
    next = last + 1n;
  }
  return { pending, next, maxTimestamp };
}

/** Rewrites a batch for LogAppendTime: maxTimestamp = now, timestamp-type bit set, new CRC. */
function stampLogAppendTime(buf: Buffer, at: number, size: number, nowMs: number): bigint {
  const ts = BigInt(nowMs);
  buf.writeBigInt64BE(ts, at + BATCH.maxTimestamp);
  buf.writeInt16BE(batchAttributes(buf, at) | ATTR_TIMESTAMP_TYPE, at + BATCH.attributes);
  buf.writeUInt32BE(computeBatchCrc(buf, at, size), at + BATCH.crc);
  return ts;
}
