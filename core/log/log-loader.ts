/**
 * Opening a partition directory: clear compaction leftovers (roll back `.cleaned`, finish
 * `.swap`), open every segment, and re-validate what the recovery point does not cover. A torn
 * or corrupt tail is cut at the first bad batch and every later segment removed, so the log is
 * always a gap-free prefix of what was written. Every such action goes to the logger.
 */
import type { Storage } from '../io/storage.js';
import { BatchScanner } from './batch-scanner.js';
import { LogSegment } from './log-segment.js';
import {
  CLEANED_SUFFIX,
  DELETED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  SWAP_SUFFIX,
  TIME_INDEX_SUFFIX,
  joinPath,
  parseSegmentFileName,
  segmentPaths,
} from './segment-files.js';
import { validateSegmentFrom } from './segment-recovery.js';

/** What loading found. */
export interface LoadedLog {
  /** Segments by ascending base offset; never empty. */
  segments: LogSegment[];
  /** Segments re-validated batch by batch (for tests and logs). */
  validatedSegments: number;
  /** Bytes re-validated (read and checksummed). */
  validatedBytes: number;
}

/** Context the loader reports through. */
export interface LoadContext {
  storage: Storage;
  dir: string;
  /** `topic-partition`, for log lines. */
  name: string;
  nowMs: number;
  log: (line: string) => void;
  indexIntervalBytes: number;
}

/** Loads segments and recovers the part past `recoveryPoint`. */
export function loadSegments(ctx: LoadContext, recoveryPoint: bigint, initialBaseOffset: bigint): LoadedLog {
  ctx.storage.mkdirp(ctx.dir);
  removeLeftovers(ctx);
  const forced = finishSwaps(ctx);
  const segments = openSegments(ctx);
  if (segments.length === 0) {
    segments.push(LogSegment.open(ctx.storage, ctx.dir, initialBaseOffset, ctx.nowMs));
  }
  return { segments, ...recover(ctx, segments, recoveryPoint, forced) };
}

function removeLeftovers(ctx: LoadContext): void {
  for (const name of ctx.storage.list(ctx.dir)) {
    if (name.endsWith(CLEANED_SUFFIX) || name.endsWith(DELETED_SUFFIX) || name.endsWith('.tmp')) {
      ctx.log(`${ctx.name}: removing leftover file ${name} (interrupted compaction or deletion)`);
      ctx.storage.remove(joinPath(ctx.dir, name));
    }
  }
}

/**
 * A `.log.swap` is a compaction result that was complete and durable before it was renamed to
 * `.swap`, so it wins: the segments it replaced (base offsets inside its offset range) are
 * removed and it takes its final name. Its indexes are rebuilt by re-validating it.
 */
function finishSwaps(ctx: LoadContext): Set<bigint> {
  const forced = new Set<bigint>();
  const names = ctx.storage.list(ctx.dir);
  const swaps = names.map((n) => parseSegmentFileName(n, LOG_SUFFIX + SWAP_SUFFIX)).filter((b): b is bigint => b !== null);
  for (const base of swaps.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const swapPaths = segmentPaths(ctx.dir, base, SWAP_SUFFIX);
    const next = scanNextOffset(ctx.storage, swapPaths.log, base);
    for (const name of ctx.storage.list(ctx.dir)) {
      const other = parseSegmentFileName(name, LOG_SUFFIX);
      if (other !== null && other > base && other < next) {
        ctx.log(`${ctx.name}: removing segment ${name}, replaced by compacted segment ${base}`);
        removeSegmentFiles(ctx.storage, ctx.dir, other);
      }
    }
    const final = segmentPaths(ctx.dir, base);
    ctx.storage.remove(final.index);
    ctx.storage.remove(final.timeIndex);
    ctx.storage.remove(swapPaths.index);
    ctx.storage.remove(swapPaths.timeIndex);
    ctx.storage.rename(swapPaths.log, final.log);
    ctx.log(`${ctx.name}: finished interrupted compaction swap of segment ${base}`);
    forced.add(base);
  }
  for (const name of ctx.storage.list(ctx.dir)) {
    if (name.endsWith(SWAP_SUFFIX)) {
      ctx.log(`${ctx.name}: removing leftover file ${name} (index of an unfinished swap)`);
      ctx.storage.remove(joinPath(ctx.dir, name));
    }
  }
  return forced;
}

function scanNextOffset(storage: Storage, path: string, base: bigint): bigint {
  const file = storage.open(path);
  try {
    const scanner = new BatchScanner(file, 0, file.size(), 1024 * 1024);
    let next = base;
    for (let batch = scanner.next(); batch !== null; batch = scanner.next()) next = batch.lastOffset + 1n;
    return next;
  } finally {
    file.close();
  }
}

/** Removes the three files of the segment at `base`. */
export function removeSegmentFiles(storage: Storage, dir: string, base: bigint): void {
  const paths = segmentPaths(dir, base);
  storage.remove(paths.log);
  storage.remove(paths.index);
  storage.remove(paths.timeIndex);
}

function openSegments(ctx: LoadContext): LogSegment[] {
  const names = ctx.storage.list(ctx.dir);
  const bases = new Set<bigint>();
  for (const n of names) {
    const base = parseSegmentFileName(n, LOG_SUFFIX);
    if (base !== null) bases.add(base);
  }
  for (const n of names) {
    const base = parseSegmentFileName(n, INDEX_SUFFIX) ?? parseSegmentFileName(n, TIME_INDEX_SUFFIX);
    if (base !== null && !bases.has(base)) {
      ctx.log(`${ctx.name}: removing index ${n} that has no log file`);
      ctx.storage.remove(joinPath(ctx.dir, n));
    }
  }
  const sorted = [...bases].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((base) => LogSegment.open(ctx.storage, ctx.dir, base, ctx.nowMs));
}

/**
 * Re-validates every segment not wholly below the recovery point; returns how much it read.
 * Segments wholly below it are trusted and not read at all (fast open after a clean shutdown).
 */
function recover(ctx: LoadContext, segments: LogSegment[], recoveryPoint: bigint, forced: Set<bigint>): { validatedSegments: number; validatedBytes: number } {
  let validatedSegments = 0;
  let validatedBytes = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const nextBase = i + 1 < segments.length ? segments[i + 1].baseOffset : null;
    const force = forced.has(seg.baseOffset);
    if (nextBase !== null && nextBase <= recoveryPoint && !force) continue;
    if (seg.index.wasMissing && !force && seg.size > 0) ctx.log(`${ctx.name}: rebuilding missing index of segment ${seg.path}`);
    const start = force || seg.index.wasMissing ? { position: 0, offset: seg.baseOffset } : startOfUnflushed(seg, recoveryPoint);
    if (start.position < seg.size) validatedSegments++;
    validatedBytes += seg.size - start.position;
    const ok = validateSegmentFrom(seg, start.position, start.offset, nextBase, ctx);
    if (!ok) {
      for (const later of segments.splice(i + 1)) {
        ctx.log(`${ctx.name}: removing segment ${later.path} after the truncation point`);
        later.delete();
      }
      break;
    }
  }
  return { validatedSegments, validatedBytes };
}

/**
 * Where in `seg` the unflushed part starts: the first batch at or past the recovery point,
 * found through the index and a header scan. Falls back to the segment start on anything odd.
 */
function startOfUnflushed(seg: LogSegment, recoveryPoint: bigint): { position: number; offset: bigint } {
  const whole = { position: 0, offset: seg.baseOffset };
  if (recoveryPoint <= seg.baseOffset) return whole;
  const scanner = seg.scanner(seg.indexPositionFor(recoveryPoint), 1024 * 1024);
  let next: bigint | null = null;
  for (let b = scanner.next(); b !== null; b = scanner.next()) {
    // A batch straddling the recovery point means the checkpoint does not match the files.
    if (b.lastOffset >= recoveryPoint) return b.baseOffset >= recoveryPoint ? { position: b.position, offset: b.baseOffset } : whole;
    next = b.lastOffset + 1n;
  }
  // Everything scanned lies below the recovery point; validate from where the scan stopped
  // (the end, or a bad header that validation will report).
  return next === null ? whole : { position: scanner.position, offset: next };
}
