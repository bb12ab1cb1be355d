/**
 * Which segments retention may delete. Only a prefix of the log goes, never the active segment,
 * and each rule (time, size, log start offset) is judged on its own, as Kafka does.
 */
import type { LogConfig } from './log-config.js';
import { deletesByRetention } from './log-config.js';
import type { LogSegment } from './log-segment.js';

/** How many leading segments to delete, and why (for the log line). */
export interface RetentionVerdict {
  count: number;
  reason: string;
}

/**
 * Decides how many of the oldest segments to delete. `segments` ends with the active segment,
 * which is never counted.
 */
export function segmentsToDelete(segments: readonly LogSegment[], config: LogConfig, nowMs: number, logStartOffset: bigint): RetentionVerdict {
  const inactive = segments.length - 1;
  const verdicts: RetentionVerdict[] = [{ count: belowLogStart(segments, logStartOffset), reason: `below log start offset ${logStartOffset}` }];
  if (deletesByRetention(config)) {
    if (config.retentionMs >= 0) verdicts.push({ count: expiredByTime(segments, config.retentionMs, nowMs), reason: `older than retention.ms ${config.retentionMs}` });
    if (config.retentionBytes >= 0) verdicts.push({ count: overSize(segments, config.retentionBytes), reason: `log larger than retention.bytes ${config.retentionBytes}` });
  }
  let best: RetentionVerdict = { count: 0, reason: '' };
  for (const v of verdicts) if (v.count > best.count) best = v;
  return { count: Math.min(best.count, inactive), reason: best.reason };
}

/** How many leading segments hold only offsets below the log start offset (never the active one). */
export function belowLogStart(segments: readonly LogSegment[], logStartOffset: bigint): number {
  let n = 0;
  while (n + 1 < segments.length && segments[n + 1].baseOffset <= logStartOffset) n++;
  return n;
}

/** Leading segments whose newest batch is older than `retentionMs` (creation time if no timestamps). */
function expiredByTime(segments: readonly LogSegment[], retentionMs: number, nowMs: number): number {
  let n = 0;
  const cutoff = BigInt(nowMs) - BigInt(retentionMs);
  while (n + 1 < segments.length) {
    const ts = segments[n].largestTimestamp();
    const newest = ts >= 0n ? ts : BigInt(segments[n].createdMs);
    if (newest >= cutoff) break;
    n++;
  }
  return n;
}

/** Leading segments to drop so the log is at most `retentionBytes`. */
function overSize(segments: readonly LogSegment[], retentionBytes: number): number {
  let total = 0;
  for (const s of segments) total += s.size;
  let excess = total - retentionBytes;
  let n = 0;
  while (n + 1 < segments.length && excess - segments[n].size >= 0) {
    excess -= segments[n].size;
    n++;
  }
  return n;
}
