/**
 * Batch-by-batch re-validation of a segment from a position: lengths, magic, CRC (batchProblem),
 * and offsets that increase and stay inside the segment. Valid batches are re-indexed; the first
 * bad one and everything after it are cut off.
 */
import { batchProblem } from '../protocol/batch-header.js';
import type { LogSegment } from './log-segment.js';

/** Where validation reports. */
export interface RecoveryContext {
  name: string;
  log: (line: string) => void;
  indexIntervalBytes: number;
}

/** Largest chunk recovery reads at once. */
export const RECOVERY_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Validates `seg` from `position` (a batch boundary holding `offsetAtPosition`) to its end,
 * rebuilding index entries on the way. `nextBase` is the following segment's base offset, which
 * no batch here may reach. Returns false if the segment was truncated.
 */
export function validateSegmentFrom(
  seg: LogSegment,
  position: number,
  offsetAtPosition: bigint,
  nextBase: bigint | null,
  ctx: RecoveryContext,
): boolean {
  seg.beginReindex(position, offsetAtPosition);
  const scanner = seg.scanner(position, RECOVERY_CHUNK_BYTES);
  let next = offsetAtPosition;
  for (let i = 0; i <= seg.size; i++) {
    const at = scanner.position;
    const batch = scanner.next();
    if (batch === null) {
      if (scanner.problem === null) break;
      return cut(seg, at, next, scanner.problem, ctx);
    }
    const problem =
      batchProblem(scanner.bytes(batch.position, batch.position + batch.size), 0, batch.size) ??
      offsetProblem(seg, batch.baseOffset, batch.lastOffset, next, nextBase);
    if (problem !== null) return cut(seg, batch.position, next, problem, ctx);
    seg.indexBatch(batch.position, batch.size, batch.baseOffset, batch.maxTimestamp, batch.lastOffset, ctx.indexIntervalBytes);
    next = batch.lastOffset + 1n;
  }
  seg.nextOffset = next;
  return true;
}

function offsetProblem(seg: LogSegment, base: bigint, last: bigint, expectedMin: bigint, nextBase: bigint | null): string | null {
  if (base < expectedMin) return `baseOffset ${base} does not increase (expected at least ${expectedMin})`;
  if (nextBase !== null && last >= nextBase) return `lastOffset ${last} reaches the next segment's base offset ${nextBase}`;
  if (!seg.canHoldOffset(last)) return `lastOffset ${last} is too far from the segment base ${seg.baseOffset}`;
  return null;
}

function cut(seg: LogSegment, position: number, next: bigint, reason: string, ctx: RecoveryContext): boolean {
  const dropped = seg.size - position;
  ctx.log(`${ctx.name}: truncating ${seg.path} at byte ${position} (dropping ${dropped} bytes): ${reason}`);
  seg.truncateTo(position, next);
  return false;
}
