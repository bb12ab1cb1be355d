/**
 * Rewrites one group of consecutive segments into one cleaned segment and swaps it in.
 *
 * Crash safety, step by step:
 *  1. write `<base>.{log,index,timeindex}.cleaned` and fsync them. A crash here leaves
 *     `.cleaned` files, which open deletes: the compaction is rolled back, sources intact.
 *  2. rename the indexes, then the log, to `.swap`. The log's rename is the commit point: on
 *     open, a `.log.swap` replaces every segment whose base offset lies in its offset range.
 *  3. delete the source segments, oldest first, so a crash leaves a suffix of them; a surviving
 *     suffix only holds records the cleaned data supersedes, and no older value can outlive the
 *     tombstone that deleted it.
 *  4. rename the `.swap` files to their final names (indexes are rebuilt if one is missing).
 */
import type { CleanerHost } from './log-cleaner.js';
import { LogSegment, type PendingBatch } from './log-segment.js';
import {
  ATTR_CONTROL,
  ATTR_TIMESTAMP_TYPE,
  batchAttributes,
  batchBaseOffset,
  batchBaseTimestamp,
  batchLastOffsetDelta,
  batchMaxTimestamp,
  batchRecordCount,
} from '../protocol/batch-header.js';
import { compress, compressSync, hasSyncCodec } from '../protocol/compression.js';
import { batchCompression, rebuildBatch, recordsSection, recordsSectionSync, walkRecords, type RawRecord } from './raw-records.js';
import { CLEANED_SUFFIX, SWAP_SUFFIX, segmentPaths } from './segment-files.js';

/** Counters of a compaction pass. */
export interface CleanerStats {
  bytesBefore: number;
  bytesAfter: number;
  recordsKept: number;
  recordsDropped: number;
  tombstonesDropped: number;
  keylessDropped: number;
}

/** The log changed under the cleaner (closed, or a source segment deleted); the pass stops. */
export class CleanerAborted extends Error {}

/** Bytes of cleaned batches gathered before one write. */
const WRITE_CHUNK_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 4 * 1024 * 1024;

function checkAlive(host: CleanerHost, segs: readonly LogSegment[]): void {
  if (host.isClosed) throw new CleanerAborted('the log was closed');
  const list = host.segmentList();
  for (const s of segs) if (!list.includes(s)) throw new CleanerAborted(`segment ${s.path} was deleted meanwhile`);
  // A truncation cuts the segment holding its offset and makes it the active one.
  if (segs.includes(list[list.length - 1])) throw new CleanerAborted('the log was truncated meanwhile');
}

/** Calls `fn` with every batch of `seg` (whole, as stored), pausing between read chunks. */
export async function forEachStoredBatch(
  host: CleanerHost,
  seg: LogSegment,
  pause: (() => Promise<void>) | undefined,
  fn: (batch: Buffer, baseOffset: bigint) => Promise<void> | void,
): Promise<void> {
  const scanner = seg.scanner(0, READ_CHUNK_BYTES);
  let sincePause = 0;
  for (let i = 0; i <= seg.size; i++) {
    checkAlive(host, [seg]);
    const b = scanner.next();
    if (b === null) break;
    await fn(scanner.bytes(b.position, b.position + b.size), b.baseOffset);
    sincePause += b.size;
    if (pause !== undefined && sincePause >= READ_CHUNK_BYTES) {
      sincePause = 0;
      await pause();
    }
  }
}

/** Collects cleaned batches and appends them to the output segment in large writes. */
class BatchWriter {
  private parts: Buffer[] = [];
  private pending: PendingBatch[] = [];
  private bytes = 0;

  constructor(
    private readonly out: LogSegment,
    private readonly indexIntervalBytes: number,
  ) {}

  add(batch: Buffer): void {
    const baseOffset = batchBaseOffset(batch);
    const lastOffset = baseOffset + BigInt(batchLastOffsetDelta(batch));
    this.pending.push({ at: this.bytes, size: batch.length, baseOffset, lastOffset, maxTimestamp: batchMaxTimestamp(batch) });
    this.parts.push(batch);
    this.bytes += batch.length;
    if (this.bytes >= WRITE_CHUNK_BYTES) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.out.append(Buffer.concat(this.parts, this.bytes), this.pending, this.indexIntervalBytes);
    this.parts = [];
    this.pending = [];
    this.bytes = 0;
  }
}

/** Cleans `group` into one segment and swaps it in place of the group. */
export async function cleanGroup(
  host: CleanerHost,
  group: readonly LogSegment[],
  map: ReadonlyMap<string, bigint>,
  nowMs: number,
  stats: CleanerStats,
  pause?: () => Promise<void>,
): Promise<void> {
  const { storage } = host.deps;
  const base = group[0].baseOffset;
  const out = LogSegment.open(storage, host.dir, base, nowMs, CLEANED_SUFFIX);
  if (out.size > 0) out.truncateTo(0, base);
  try {
    const writer = new BatchWriter(out, host.config.indexIntervalBytes);
    const horizonMs = BigInt(nowMs) - BigInt(host.config.deleteRetentionMs);
    for (const src of group) {
      await forEachStoredBatch(host, src, pause, async (batch, baseOffset) => {
        const kept = await filterBatch(batch, baseOffset, map, horizonMs, stats);
        if (kept !== null) writer.add(kept);
      });
    }
    writer.flush();
    out.flush();
  } catch (err) {
    out.delete();
    throw err;
  }
  out.close();
  const cleaned = segmentPaths(host.dir, base, CLEANED_SUFFIX);
  try {
    checkAlive(host, group);
  } catch (err) {
    for (const p of [cleaned.log, cleaned.index, cleaned.timeIndex]) storage.remove(p);
    throw err;
  }
  for (const s of group) stats.bytesBefore += s.size;
  stats.bytesAfter += out.size;
  swapIn(host, group, out.size === 0, nowMs);
}

/** Steps 2-4 of the swap; synchronous, so no reader sees a half-swapped log. */
function swapIn(host: CleanerHost, group: readonly LogSegment[], empty: boolean, nowMs: number): void {
  const { storage } = host.deps;
  const base = group[0].baseOffset;
  const cleaned = segmentPaths(host.dir, base, CLEANED_SUFFIX);
  const swap = segmentPaths(host.dir, base, SWAP_SUFFIX);
  const final = segmentPaths(host.dir, base);
  if (empty) {
    for (const p of [cleaned.log, cleaned.index, cleaned.timeIndex]) storage.remove(p);
  } else {
    storage.rename(cleaned.index, swap.index);
    storage.rename(cleaned.timeIndex, swap.timeIndex);
    storage.rename(cleaned.log, swap.log);
  }
  for (const s of group) s.delete();
  if (empty) {
    host.replaceSegments(group, null);
    return;
  }
  storage.rename(swap.index, final.index);
  storage.rename(swap.timeIndex, final.timeIndex);
  storage.rename(swap.log, final.log);
  host.replaceSegments(group, LogSegment.open(storage, host.dir, base, nowMs));
}

/**
 * The batch with only the records to keep: the same bytes if all stay, null if none does.
 * Control batches (transaction markers) are always kept as they are.
 */
async function filterBatch(
  batch: Buffer,
  baseOffset: bigint,
  map: ReadonlyMap<string, bigint>,
  horizonMs: bigint,
  stats: CleanerStats,
): Promise<Buffer | null> {
  const attributes = batchAttributes(batch);
  if ((attributes & ATTR_CONTROL) !== 0) return batch;
  const section = recordsSectionSync(batch) ?? (await recordsSection(batch));
  const records = walkRecords(section, batchRecordCount(batch));
  const logAppendTime = (attributes & ATTR_TIMESTAMP_TYPE) !== 0;
  const baseTimestamp = batchBaseTimestamp(batch);
  const timestampOf = (r: RawRecord) => (logAppendTime ? batchMaxTimestamp(batch) : baseTimestamp + BigInt(r.timestampDelta));
  const kept = records.filter((r) => {
    if (r.key === null) {
      stats.keylessDropped++;
      return false;
    }
    const latest = map.get(r.key.toString('latin1'));
    if (latest !== undefined && baseOffset + BigInt(r.offsetDelta) < latest) return false;
    if (r.valueIsNull && timestampOf(r) < horizonMs) {
      stats.tombstonesDropped++;
      return false;
    }
    return true;
  });
  stats.recordsKept += kept.length;
  stats.recordsDropped += records.length - kept.length;
  if (kept.length === records.length) return batch;
  if (kept.length === 0) return null;
  const plain = Buffer.concat(kept.map((r) => section.subarray(r.start, r.end)));
  const codec = batchCompression(batch);
  const packed = codec === 'none' ? plain : hasSyncCodec(codec) ? compressSync(codec, plain) : await compress(codec, plain);
  let maxTimestamp = logAppendTime ? batchMaxTimestamp(batch) : -1n;
  if (!logAppendTime) for (const r of kept) if (timestampOf(r) > maxTimestamp) maxTimestamp = timestampOf(r);
  return rebuildBatch(batch, packed, kept.length, kept[kept.length - 1].offsetDelta, maxTimestamp);
}
