/**
 * Checks batches a follower fetched from its leader before they are appended as they are
 * (Kafka's `appendAsFollower`, offsets not assigned): each batch whole and intact (batchProblem:
 * lengths, magic, CRC), offsets increasing from the log end. Gaps between batches are allowed
 * (the leader compacted them away), and so are batches holding fewer records than their offset
 * range (compaction keeps a batch's last offset): the leader accepted these records, a follower
 * only copies them. Nothing is modified.
 */
import { FjordError } from '../errors.js';
import { BATCH, batchBaseOffset, batchLastOffsetDelta, batchMaxTimestamp, batchProblem, batchSize } from '../protocol/batch-header.js';
import type { PendingBatch } from './log-segment.js';

/** A fetched batch as the segment indexes it, with the leader epoch it carries (-1 if none). */
export interface FollowerBatch extends PendingBatch {
  epoch: number;
}

/** Most batches one follower append may carry. */
export const FOLLOWER_APPEND_BATCHES_MAX = 1_000_000;

/**
 * The batches of `buf` in order. Throws FjordError CORRUPT_MESSAGE naming `name` and the byte
 * position for a damaged batch or one whose offsets do not increase from `logEnd`.
 */
export function followerBatches(buf: Buffer, name: string, logEnd: bigint): FollowerBatch[] {
  const out: FollowerBatch[] = [];
  let expected = logEnd;
  for (let at = 0; at < buf.length; ) {
    if (out.length >= FOLLOWER_APPEND_BATCHES_MAX) throw new FjordError('CORRUPT_MESSAGE', `more than ${FOLLOWER_APPEND_BATCHES_MAX} batches in one replica append to ${name}`);
    const problem = batchProblem(buf, at, buf.length);
    if (problem !== null) throw new FjordError('CORRUPT_MESSAGE', `corrupt replicated batch at byte ${at} of the append to ${name}: ${problem}`);
    const size = batchSize(buf, at);
    const baseOffset = batchBaseOffset(buf, at);
    if (baseOffset < expected) {
      throw new FjordError('CORRUPT_MESSAGE', `replicated batch at byte ${at} of the append to ${name} starts at offset ${baseOffset}, below the log end ${expected}`);
    }
    const lastOffset = baseOffset + BigInt(batchLastOffsetDelta(buf, at));
    out.push({ at, size, baseOffset, lastOffset, maxTimestamp: batchMaxTimestamp(buf, at), epoch: buf.readInt32BE(at + BATCH.partitionLeaderEpoch) });
    expected = lastOffset + 1n;
    at += size;
  }
  if (out.length === 0) throw new FjordError('CORRUPT_MESSAGE', `empty replica append to ${name}`);
  return out;
}
