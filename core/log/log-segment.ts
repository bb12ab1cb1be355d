/**
 * One segment: a `.log` file of RecordBatch v2 bytes plus its `.index` and `.timeindex`. The
 * segment knows positions and offsets; it never decodes records.
 */
import type { Storage, StorageFile } from '../io/storage.js';
import { assert } from '../errors.js';
import { BatchScanner, SCAN_CHUNK_BYTES_MIN, type BatchHeaderInfo } from './batch-scanner.js';
import { OffsetIndex, OFFSET_INDEX_ENTRY_BYTES } from './offset-index.js';
import { TimeIndex, NO_TIMESTAMP, TIME_INDEX_ENTRY_BYTES } from './time-index.js';
import { segmentPaths } from './segment-files.js';

/** A batch about to be written: where it sits in the append buffer and what it holds. */
export interface PendingBatch {
  /** Byte offset of the batch inside the append buffer. */
  at: number;
  size: number;
  baseOffset: bigint;
  lastOffset: bigint;
  maxTimestamp: bigint;
}

/** Largest relative offset an index entry can hold. */
export const RELATIVE_OFFSET_MAX = 2147483647;

/** A segment of a partition log. */
export class LogSegment {
  readonly log: StorageFile;
  readonly index: OffsetIndex;
  readonly timeIndex: TimeIndex;
  /** Bytes in the `.log` file. */
  size: number;
  /** Offset after the last batch; null until known (trusted segments are not scanned on open). */
  nextOffset: bigint | null;
  /** When the segment started, for segment.ms: its first timestamp, or the clock at creation. */
  createdMs: number;
  private bytesSinceIndexEntry = 0;
  private logPath: string;

  private constructor(
    private readonly storage: Storage,
    readonly baseOffset: bigint,
    paths: { log: string; index: string; timeIndex: string },
    nowMs: number,
  ) {
    this.logPath = paths.log;
    this.log = storage.open(paths.log);
    this.size = this.log.size();
    this.index = new OffsetIndex(storage, paths.index, () => this.size);
    this.timeIndex = new TimeIndex(storage, paths.timeIndex);
    this.nextOffset = this.size === 0 ? baseOffset : null;
    const first = this.size === 0 ? NO_TIMESTAMP : this.timeIndex.firstTimestamp();
    // A reloaded segment ages from its first batch's timestamp (if sane), so restarts do not
    // postpone time-based rolling forever.
    this.createdMs = first >= 0n && Number(first) <= nowMs ? Number(first) : nowMs;
  }

  /** Opens (or creates) the segment files at `baseOffset`; `suffix` selects `.cleaned`/`.swap` files. */
  static open(storage: Storage, dir: string, baseOffset: bigint, nowMs: number, suffix = ''): LogSegment {
    return new LogSegment(storage, baseOffset, segmentPaths(dir, baseOffset, suffix), nowMs);
  }

  get path(): string {
    return this.logPath;
  }

  /** Appends already validated, offset-assigned batches in one write, then indexes them. */
  append(buf: Buffer, batches: readonly PendingBatch[], indexIntervalBytes: number): void {
    const start = this.size;
    this.log.write(buf, start);
    this.size += buf.length;
    for (const b of batches) this.indexBatch(start + b.at, b.size, b.baseOffset, b.maxTimestamp, b.lastOffset, indexIntervalBytes);
    this.nextOffset = batches[batches.length - 1].lastOffset + 1n;
  }

  /** Adds index entries for a batch at `position` (appends and index rebuilds share this). */
  indexBatch(position: number, size: number, baseOffset: bigint, maxTimestamp: bigint, lastOffset: bigint, intervalBytes: number): void {
    if (this.bytesSinceIndexEntry >= intervalBytes) {
      this.index.append(this.relative(baseOffset), position);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += size;
    this.timeIndex.maybeAppend(maxTimestamp, this.relative(lastOffset));
  }

  /** `offset - baseOffset` as an int32; asserts it fits. */
  relative(offset: bigint): number {
    const rel = offset - this.baseOffset;
    assert(rel >= 0n && rel <= BigInt(RELATIVE_OFFSET_MAX), `offset ${offset} outside segment ${this.baseOffset}`);
    return Number(rel);
  }

  /** True if an append ending at `lastOffset` still fits the int32 relative offsets. */
  canHoldOffset(lastOffset: bigint): boolean {
    return lastOffset - this.baseOffset <= BigInt(RELATIVE_OFFSET_MAX);
  }

  /**
   * True if either index has reached `maxBytes` (segment.index.bytes). The time index gains an
   * entry per batch that raises the max timestamp, so with tiny batches this, not
   * segment.bytes, is what rolls the segment and keeps index memory bounded.
   */
  indexIsFull(maxBytes: number): boolean {
    return (this.index.entries + 1) * OFFSET_INDEX_ENTRY_BYTES > maxBytes || (this.timeIndex.entries + 1) * TIME_INDEX_ENTRY_BYTES > maxBytes;
  }

  /** Frees the in-memory index entries of a segment nobody is reading. */
  unloadIndexes(): void {
    this.index.unload();
    this.timeIndex.unload();
  }

  /** Position of the last indexed batch starting at or before `offset` (0 if none). */
  indexPositionFor(offset: bigint): number {
    const rel = offset - this.baseOffset;
    if (rel <= 0n) return 0;
    return this.index.lookup(rel > BigInt(RELATIVE_OFFSET_MAX) ? RELATIVE_OFFSET_MAX : Number(rel));
  }

  /** A header scanner from `position` to the end of the segment. */
  scanner(position = 0, chunkBytes = SCAN_CHUNK_BYTES_MIN): BatchScanner {
    return new BatchScanner(this.log, position, this.size, chunkBytes);
  }

  /**
   * The first batch whose last offset is >= `offset` (it may start before `offset`), with the
   * scanner positioned after it; null if the segment has none.
   */
  findBatch(offset: bigint, chunkBytes = SCAN_CHUNK_BYTES_MIN): { batch: BatchHeaderInfo; scanner: BatchScanner } | null {
    const scanner = this.scanner(this.indexPositionFor(offset), chunkBytes);
    for (let i = 0; i <= this.size; i++) {
      const batch = scanner.next();
      if (batch === null) return null;
      if (batch.lastOffset >= offset) return { batch, scanner };
    }
    return null;
  }

  /** The segment's largest batch timestamp, or -1 if no batch has one. */
  largestTimestamp(): bigint {
    return this.timeIndex.lastTimestamp();
  }

  /**
   * Finds the next offset of a trusted segment by scanning only the headers after its last
   * index entry (fast open: the bulk of the segment is never read).
   */
  loadNextOffset(): bigint {
    if (this.nextOffset !== null) return this.nextOffset;
    const scanner = this.scanner(this.index.lastPosition(), 1024 * 1024);
    let next = this.baseOffset;
    let bytesSinceEntry = 0;
    for (let i = 0; i <= this.size; i++) {
      const batch = scanner.next();
      if (batch === null) break;
      next = batch.lastOffset + 1n;
      bytesSinceEntry += batch.size;
    }
    this.bytesSinceIndexEntry = bytesSinceEntry;
    this.nextOffset = next;
    return next;
  }

  /** Cuts the segment at `position` (a batch boundary) and drops index entries past it. */
  truncateTo(position: number, nextOffset: bigint): void {
    // Indexes first: a crash in between leaves index entries for a prefix of the log (a hint
    // that is merely short), never entries pointing past its end.
    this.index.truncateFromPosition(position);
    this.timeIndex.truncateFromOffset(this.relative(nextOffset));
    this.log.truncate(position);
    this.size = position;
    this.nextOffset = nextOffset;
    this.bytesSinceIndexEntry = position - this.index.lastPosition();
  }

  /**
   * Cuts the segment before the first batch whose last offset is >= `offset` (a batch holding
   * `offset` goes entirely). Returns the segment's new next offset: `offset` itself, or the
   * base offset of the batch that straddled it. An `offset` past every batch here (the segment
   * ends in a compaction gap) cuts nothing and becomes the next offset, as in Kafka.
   */
  truncateBefore(offset: bigint): bigint {
    const found = this.findBatch(offset);
    if (found === null) {
      this.loadNextOffset();
      this.nextOffset = offset;
      return offset;
    }
    const next = found.batch.baseOffset < offset ? found.batch.baseOffset : offset;
    this.truncateTo(found.batch.position, next);
    return next;
  }

  /**
   * Drops index entries at or past `position` (whose first batch holds `offsetAtPosition`) so
   * that `indexBatch` can rebuild them while the rest of the segment is re-validated.
   */
  beginReindex(position: number, offsetAtPosition: bigint): void {
    this.index.truncateFromPosition(position);
    this.timeIndex.truncateFromOffset(this.relative(offsetAtPosition));
    this.bytesSinceIndexEntry = position - this.index.lastPosition();
  }

  /** Makes the log and its indexes durable. */
  flush(): void {
    this.log.sync();
    this.index.flush();
    this.timeIndex.flush();
  }

  close(): void {
    this.log.close();
    this.index.close();
    this.timeIndex.close();
  }

  /** Closes and deletes the three files. */
  delete(): void {
    this.log.close();
    this.storage.remove(this.logPath);
    this.index.delete();
    this.timeIndex.delete();
  }
}
