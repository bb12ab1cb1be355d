/**
 * Log compaction (cleanup.policy=compact), Kafka's two-pass design:
 *  1. map every key in the dirty part of the log (past the cleaner checkpoint) to its latest
 *     offset, within a memory bound;
 *  2. rewrite every inactive segment up to the end of that part, keeping a record only if no
 *     later record has its key. Offsets never change: a batch that loses records keeps its
 *     baseOffset and the kept records' bytes, so each keeps its offset.
 * Tombstones (null values) are dropped once their own timestamp (the record's CreateTime, or the
 * batch's LogAppendTime) is older than now - delete.retention.ms; that survives restarts
 * without extra state. Segments newer than min.compaction.lag.ms and the active segment are
 * never touched. Output goes to `.cleaned` files, committed by a rename to `.swap`: see
 * cleaner-group.ts and log-loader.ts for the crash story.
 */
import type { LogConfig } from './log-config.js';
import { isCompacted } from './log-config.js';
import type { LogDeps } from './log-deps.js';
import type { LogSegment } from './log-segment.js';
import { RELATIVE_OFFSET_MAX } from './log-segment.js';
import { ATTR_CONTROL, batchAttributes, batchRecordCount } from '../protocol/batch-header.js';
import { recordsSection, recordsSectionSync, walkRecords } from './raw-records.js';
import { CleanerAborted, cleanGroup, forEachStoredBatch, type CleanerStats } from './cleaner-group.js';

/** What the cleaner needs from a partition log. */
export interface CleanerHost {
  readonly name: string;
  readonly dir: string;
  readonly deps: LogDeps;
  readonly config: LogConfig;
  readonly logStartOffset: bigint;
  readonly isClosed: boolean;
  cleanerCheckpoint: bigint;
  compacting: boolean;
  segmentList(): readonly LogSegment[];
  replaceSegments(sources: readonly LogSegment[], replacement: LogSegment | null): void;
  log(line: string): void;
}

/** How much of a log is waiting for compaction. */
export interface CleanableState {
  firstDirtyOffset: bigint;
  /** The active segment's base, or the first segment younger than min.compaction.lag.ms. */
  firstUncleanableOffset: bigint;
  cleanBytes: number;
  dirtyBytes: number;
  /** dirty / (clean + dirty); compaction runs when it exceeds min.cleanable.dirty.ratio. */
  dirtyRatio: number;
  /** max.compaction.lag.ms has passed for the oldest dirty segment. */
  mustClean: boolean;
}

/** What one compaction pass did. */
export interface CompactionResult extends CleanerStats {
  /** The new cleaner checkpoint: offsets below it are compacted. */
  cleanedUpTo: bigint;
  segmentsBefore: number;
  segmentsAfter: number;
}

/** Options of one compaction pass. */
export interface CompactOptions {
  /** Compact even if the dirty ratio is below min.cleanable.dirty.ratio. */
  force?: boolean;
  /** Memory bound of the key → offset map (key bytes plus ~64 bytes per key). */
  mapBytesMax?: number;
  /** Lets other work run between chunks (e.g. `() => new Promise(setImmediate)` in a broker). */
  pause?: () => Promise<void>;
  /**
   * Progress of the pass, after each segment: bytes read so far and in all (each source segment
   * counts twice, once to map its keys and once to rewrite it).
   */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
}

/** Default memory bound of the key map, as Kafka's log.cleaner.dedupe.buffer.size. */
export const CLEANER_MAP_BYTES_MAX = 128 * 1024 * 1024;
const MAP_ENTRY_OVERHEAD_BYTES = 64;
/** Most segments merged into one cleaned segment. */
export const CLEANER_GROUP_SEGMENTS_MAX = 64;

/** Measures the dirty part of a compacted log; null if the log is not compacted. */
export function cleanableState(host: CleanerHost, nowMs: number): CleanableState | null {
  const config = host.config;
  if (!isCompacted(config)) return null;
  const segs = host.segmentList();
  const firstDirty = host.cleanerCheckpoint > host.logStartOffset ? host.cleanerCheckpoint : host.logStartOffset;
  let firstUncleanable = segs[segs.length - 1].baseOffset;
  let clean = 0;
  let dirty = 0;
  let mustClean = false;
  for (let i = 0; i + 1 < segs.length; i++) {
    const s = segs[i];
    if (segs[i + 1].baseOffset <= firstDirty) {
      clean += s.size;
      continue;
    }
    if (config.minCompactionLagMs > 0 && s.largestTimestamp() > BigInt(nowMs - config.minCompactionLagMs)) {
      firstUncleanable = s.baseOffset;
      break;
    }
    dirty += s.size;
    const first = s.timeIndex.firstTimestamp();
    if (first >= 0n && BigInt(nowMs) - first > BigInt(config.maxCompactionLagMs)) mustClean = true;
  }
  const total = clean + dirty;
  return { firstDirtyOffset: firstDirty, firstUncleanableOffset: firstUncleanable, cleanBytes: clean, dirtyBytes: dirty, dirtyRatio: total === 0 ? 0 : dirty / total, mustClean };
}

/** Runs one compaction pass if one is due (or forced); null if nothing was done. */
export async function compactLog(host: CleanerHost, nowMs: number, opts: CompactOptions = {}): Promise<CompactionResult | null> {
  if (host.compacting) return null;
  const state = cleanableState(host, nowMs);
  if (state === null || state.dirtyBytes === 0) return null;
  if (!opts.force && !state.mustClean && !(state.dirtyRatio > host.config.minCleanableDirtyRatio)) return null;
  host.compacting = true;
  try {
    return await runPass(host, state, nowMs, opts);
  } catch (err) {
    if (!(err instanceof CleanerAborted)) throw err;
    host.log(`${host.name}: compaction aborted: ${err.message}`);
    return null;
  } finally {
    host.compacting = false;
  }
}

async function runPass(host: CleanerHost, state: CleanableState, nowMs: number, opts: CompactOptions): Promise<CompactionResult> {
  const all = host.segmentList();
  const segmentsBefore = all.length;
  const sources = all.filter((s, i) => i + 1 < all.length && s.baseOffset < state.firstUncleanableOffset);
  const sourceBytes = sources.reduce((n, s) => n + s.size, 0);
  let done = 0;
  const progress = (bytes: number, total: number): void => {
    done += bytes;
    opts.onProgress?.(done, total);
  };
  const { map, passEnd } = await buildOffsetMap(host, sources, state, opts, (b) => progress(b, 2 * sourceBytes));
  const groups = groupSegments(
    sources.filter((s) => s.baseOffset < passEnd),
    all,
    host.config.segmentBytes,
  );
  const total = done + groups.reduce((n, g) => n + g.reduce((m, s) => m + s.size, 0), 0);
  const stats: CleanerStats = { bytesBefore: 0, bytesAfter: 0, recordsKept: 0, recordsDropped: 0, tombstonesDropped: 0, keylessDropped: 0 };
  for (const group of groups) {
    const groupBytes = group.reduce((n, s) => n + s.size, 0);
    await cleanGroup(host, group, map, nowMs, stats, opts.pause);
    progress(groupBytes, total);
  }
  host.cleanerCheckpoint = passEnd;
  const result = { ...stats, cleanedUpTo: passEnd, segmentsBefore, segmentsAfter: host.segmentList().length };
  host.log(
    `${host.name}: compacted offsets below ${passEnd}: ${stats.bytesBefore} -> ${stats.bytesAfter} bytes, ` +
      `kept ${stats.recordsKept} records, dropped ${stats.recordsDropped} (${stats.tombstonesDropped} tombstones, ${stats.keylessDropped} without key)`,
  );
  return result;
}

/**
 * Maps each key of the dirty segments to its latest offset. Stops before a segment once the
 * map is over its memory bound (after at least one segment); `passEnd` is where it stopped.
 */
async function buildOffsetMap(
  host: CleanerHost,
  sources: readonly LogSegment[],
  state: CleanableState,
  opts: CompactOptions,
  segmentDone: (bytes: number) => void = () => {},
): Promise<{ map: Map<string, bigint>; passEnd: bigint }> {
  const bytesMax = opts.mapBytesMax ?? CLEANER_MAP_BYTES_MAX;
  const map = new Map<string, bigint>();
  let bytes = 0;
  let mapped = 0;
  for (let i = 0; i < sources.length; i++) {
    const seg = sources[i];
    const end = i + 1 < sources.length ? sources[i + 1].baseOffset : state.firstUncleanableOffset;
    if (end <= state.firstDirtyOffset) continue;
    if (mapped > 0 && bytes >= bytesMax) return { map, passEnd: seg.baseOffset };
    await forEachStoredBatch(host, seg, opts.pause, async (batch, baseOffset) => {
      if ((batchAttributes(batch) & ATTR_CONTROL) !== 0) return;
      const section = recordsSectionSync(batch) ?? (await recordsSection(batch));
      for (const r of walkRecords(section, batchRecordCount(batch))) {
        if (r.key === null) continue;
        const key = r.key.toString('latin1');
        if (!map.has(key)) bytes += r.key.length + MAP_ENTRY_OVERHEAD_BYTES;
        map.set(key, baseOffset + BigInt(r.offsetDelta));
      }
    });
    mapped++;
    segmentDone(seg.size);
  }
  return { map, passEnd: state.firstUncleanableOffset };
}

/**
 * Splits consecutive segments into groups that each become one cleaned segment: at most
 * segment.bytes of input (the output is never larger) and offsets within int32 of the base.
 */
function groupSegments(segs: readonly LogSegment[], all: readonly LogSegment[], segmentBytes: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let group: LogSegment[] = [];
  let bytes = 0;
  for (const s of segs) {
    const end = all[all.indexOf(s) + 1].baseOffset;
    const fits =
      group.length > 0 &&
      group.length < CLEANER_GROUP_SEGMENTS_MAX &&
      bytes + s.size <= segmentBytes &&
      end - group[0].baseOffset <= BigInt(RELATIVE_OFFSET_MAX);
    if (!fits && group.length > 0) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(s);
    bytes += s.size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
