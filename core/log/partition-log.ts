/**
 * The log of one topic-partition, laid out as Kafka lays it out. Appends take producer batches,
 * assign offsets by rewriting baseOffset in place and write the bytes unchanged; reads return
 * byte ranges of whole batches straight from the segment files. No real I/O of its own: storage
 * and time are passed in.
 */
import { FjordError, assert } from '../errors.js';
import { validateProducedBatches } from './append-validation.js';
import { assignOffsets } from './offset-assignment.js';
import { followerBatches } from './follower-append.js';
import type { LogConfig } from './log-config.js';
import { isCompacted } from './log-config.js';
import type { LogDeps, LogOpenState } from './log-deps.js';
import { loadSegments } from './log-loader.js';
import { emptyRead, findByTimestamp, readSegment, segmentWithMaxTimestamp, type LogReadResult } from './log-reader.js';
import { belowLogStart, segmentsToDelete } from './log-retention.js';
import { LogSegment } from './log-segment.js';
import { LoadedIndexes } from './loaded-indexes.js';
import { LeaderEpochCache, type EpochEntry } from './leader-epoch-cache.js';
import { LEADER_EPOCH_FILE, joinPath } from './segment-files.js';
import { compactLog, cleanableState, type CleanableState, type CompactionResult, type CleanerHost, type CompactOptions } from './log-cleaner.js';

/** What an append did. */
export interface AppendResult {
  baseOffset: bigint;
  lastOffset: bigint;
  /** The broker time written into the batches for LogAppendTime, else -1. */
  logAppendTimeMs: number;
  /** Largest maxTimestamp among the appended batches. */
  maxTimestamp: bigint;
}

/** Options of one append. */
export interface AppendOptions {
  /** The leader epoch to stamp into the batches; a new epoch is recorded in the checkpoint. */
  leaderEpoch?: number;
  /** Overrides message.timestamp.type for this append. */
  logAppendTime?: boolean;
}

/** Options of one read. */
export interface ReadOptions {
  /** Exclusive upper bound, e.g. the high watermark. */
  maxOffset?: bigint;
  /** Return the first batch even if it is larger than maxBytes (KIP-74). Default true. */
  minOneBatch?: boolean;
}

/** A partition log over a directory of segments. */
export class PartitionLog implements CleanerHost {
  readonly name: string;
  private segments: LogSegment[];
  private readonly epochs: LeaderEpochCache;
  private endOffset: bigint;
  private startOffset: bigint;
  private flushedTo: bigint;
  private lastFlushMs: number;
  private closed = false;
  /** Offsets below this are compacted already. */
  cleanerCheckpoint: bigint;
  /** True while a compaction pass runs (one at a time). */
  compacting = false;
  private readonly loadedIndexes = new LoadedIndexes();

  private constructor(
    readonly dir: string,
    public config: LogConfig,
    readonly deps: LogDeps,
    state: LogOpenState,
  ) {
    this.name = dir.split('/').filter((p) => p !== '').pop() ?? dir;
    const started = deps.clock.nowMs();
    const rp = state.recoveryPoint ?? 0n;
    const loaded = loadSegments(
      { storage: deps.storage, dir, name: this.name, nowMs: started, log: (l) => this.log(l), indexIntervalBytes: config.indexIntervalBytes },
      rp,
      state.logStartOffset ?? 0n,
    );
    this.segments = loaded.segments;
    this.endOffset = this.active.nextOffset ?? this.active.loadNextOffset();
    this.epochs = new LeaderEpochCache(deps.storage, joinPath(dir, LEADER_EPOCH_FILE));
    this.epochs.truncateFromEnd(this.endOffset);
    this.startOffset = this.initialStartOffset(state.logStartOffset);
    this.flushedTo = rp < this.endOffset ? rp : this.endOffset;
    if (rp > this.endOffset) this.log(`${this.name}: recovery point ${rp} is past the log end ${this.endOffset}; the files end earlier`);
    // A checkpoint past the recovered end would call new, uncompacted data clean.
    const cleaned = state.cleanerCheckpoint ?? this.startOffset;
    this.cleanerCheckpoint = cleaned > this.endOffset ? this.endOffset : cleaned;
    this.lastFlushMs = started;
    this.deleteSegmentsBelowStart();
    this.log(
      `${this.name}: opened ${this.segments.length} segments, offsets ${this.startOffset}..${this.endOffset}, ` +
        `re-validated ${loaded.validatedBytes} bytes in ${loaded.validatedSegments} segments from recovery point ${rp}`,
      'info',
    );
  }

  /**
   * Opens (creating if needed) the log in `dir`. Segments at or past `recoveryPoint` are
   * re-validated batch by batch and a bad tail is truncated; older ones are trusted unread.
   */
  static open(dir: string, config: LogConfig, deps: LogDeps, state: LogOpenState = {}): PartitionLog {
    return new PartitionLog(dir, config, deps, state);
  }

  private initialStartOffset(given: bigint | undefined): bigint {
    const first = this.segments[0].baseOffset;
    const start = given === undefined || given < first ? first : given;
    if (start > this.endOffset) {
      // DeleteRecords was persisted but the data it covered was lost: start afresh there.
      this.log(`${this.name}: log start offset ${start} is past the log end ${this.endOffset}; starting an empty log at ${start}`);
      for (const s of this.segments) s.delete();
      this.segments = [LogSegment.open(this.deps.storage, this.dir, start, this.deps.clock.nowMs())];
      this.endOffset = start;
      this.epochs.clear();
    }
    return start;
  }

  /** Reports a line through the injected logger. */
  log(line: string, level: 'info' | 'warn' = 'warn'): void {
    this.deps.logger?.(line, level);
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  /** First offset readers may see. */
  get logStartOffset(): bigint {
    return this.startOffset;
  }
  /** The next offset to assign. */
  get logEndOffset(): bigint {
    return this.endOffset;
  }
  /** Offsets below this are durable (fsynced); the owner persists it. */
  get recoveryPoint(): bigint {
    return this.flushedTo;
  }
  /** Bytes of all segment files. */
  get sizeBytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }
  /** Number of segments, the active one included. */
  get segmentCount(): number {
    return this.segments.length;
  }
  /** Base offsets of the segments, oldest first. */
  segmentBaseOffsets(): bigint[] {
    return this.segments.map((s) => s.baseOffset);
  }
  /** The leader epoch history (epoch → start offset). */
  leaderEpochs(): EpochEntry[] {
    return this.epochs.list();
  }
  /** Replaces the config (e.g. after AlterConfigs); takes effect on the next operation. */
  updateConfig(config: LogConfig): void {
    this.config = config;
  }

  private checkOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', `log ${this.name} is closed`);
  }

  /**
   * Appends one or more producer batches. Validates all of them first (nothing is written if one
   * is bad), then rewrites baseOffset and partitionLeaderEpoch in `batches` itself and writes the
   * buffer in one call. Throws CORRUPT_MESSAGE, MESSAGE_TOO_LARGE, INVALID_RECORD or
   * RECORD_LIST_TOO_LARGE.
   */
  append(batches: Buffer, opts: AppendOptions = {}): AppendResult {
    this.checkOpen();
    const found = validateProducedBatches(batches, { name: this.name, maxMessageBytes: this.config.maxMessageBytes, requireKeys: isCompacted(this.config) });
    if (batches.length > this.config.segmentBytes) {
      throw new FjordError('RECORD_LIST_TOO_LARGE', `append of ${batches.length} bytes to ${this.name} is larger than segment.bytes ${this.config.segmentBytes}`);
    }
    const nowMs = this.deps.clock.nowMs();
    let records = 0n;
    for (const b of found) records += BigInt(b.lastOffsetDelta + 1);
    const firstOffset = this.endOffset;
    this.maybeRoll(batches.length, nowMs, firstOffset + records - 1n);
    const logAppendTime = opts.logAppendTime ?? this.config.messageTimestampType === 'LogAppendTime';
    const epoch = opts.leaderEpoch ?? this.epochs.latestEpoch() ?? -1;
    const { pending, next, maxTimestamp } = assignOffsets(batches, found, { firstOffset, epoch, logAppendTimeMs: logAppendTime ? nowMs : null });
    this.active.append(batches, pending, this.config.indexIntervalBytes);
    this.endOffset = next;
    if (opts.leaderEpoch !== undefined) this.epochs.assign(opts.leaderEpoch, firstOffset);
    if (this.endOffset - this.flushedTo >= BigInt(this.config.flushMessages)) this.flush();
    return { baseOffset: firstOffset, lastOffset: next - 1n, logAppendTimeMs: logAppendTime ? nowMs : -1, maxTimestamp };
  }

  /**
   * Appends batches fetched from the leader exactly as they are (Kafka's `appendAsFollower`):
   * the leader's offsets, leader epochs (recorded in `leader-epoch-checkpoint`) and timestamps
   * are kept, and a gap before a batch (compacted away on the leader) stays a gap. Only
   * integrity is checked (`followerBatches`). Throws CORRUPT_MESSAGE or RECORD_LIST_TOO_LARGE.
   */
  appendAsFollower(batches: Buffer): AppendResult {
    this.checkOpen();
    const found = followerBatches(batches, this.name, this.endOffset);
    if (batches.length > this.config.segmentBytes) {
      throw new FjordError('RECORD_LIST_TOO_LARGE', `replica append of ${batches.length} bytes to ${this.name} is larger than segment.bytes ${this.config.segmentBytes}`);
    }
    const first = found[0];
    const last = found[found.length - 1];
    const nowMs = this.deps.clock.nowMs();
    this.maybeRoll(batches.length, nowMs, last.lastOffset);
    // A gap of more than 2^31 offsets: only a segment based at the batch can index it.
    if (!this.active.canHoldOffset(last.lastOffset)) this.rollSegment(nowMs, 'relative offsets would overflow past a gap', first.baseOffset);
    this.active.append(batches, found, this.config.indexIntervalBytes);
    this.endOffset = last.lastOffset + 1n;
    let maxTimestamp = -1n;
    for (const b of found) {
      if (b.epoch >= 0) this.epochs.assign(b.epoch, b.baseOffset);
      if (b.maxTimestamp > maxTimestamp) maxTimestamp = b.maxTimestamp;
    }
    if (this.endOffset - this.flushedTo >= BigInt(this.config.flushMessages)) this.flush();
    return { baseOffset: first.baseOffset, lastOffset: last.lastOffset, logAppendTimeMs: -1, maxTimestamp };
  }

  private maybeRoll(bytes: number, nowMs: number, lastOffset: bigint): void {
    const seg = this.active;
    if (seg.size === 0) return;
    const reason =
      seg.size + bytes > this.config.segmentBytes ? `segment.bytes ${this.config.segmentBytes} reached`
      : nowMs - seg.createdMs > this.config.segmentMs ? `segment.ms ${this.config.segmentMs} passed`
      : !seg.canHoldOffset(lastOffset) ? 'relative offsets would overflow'
      : seg.indexIsFull(this.config.segmentIndexBytes) ? `segment.index.bytes ${this.config.segmentIndexBytes} reached`
      : null;
    if (reason !== null) this.rollSegment(nowMs, reason);
  }

  /** Starts a new active segment at the log end offset (no-op if the active one is empty). */
  roll(): void {
    this.checkOpen();
    this.rollSegment(this.deps.clock.nowMs(), 'requested');
  }

  /** Starts a new active segment at `base` (the log end, or past it for a follower's gap). */
  private rollSegment(nowMs: number, reason: string, base = this.endOffset): void {
    const old = this.active;
    if (old.size === 0 && base <= old.baseOffset) return;
    if (old.size === 0) {
      // An empty active segment cannot stand before a gap: it is replaced by one at `base`.
      this.segments.pop();
      this.loadedIndexes.forget([old]);
      old.delete();
    } else {
      // Kafka flushes a segment once it is rolled; doing it here lets the recovery point pass it,
      // so only the active segment needs re-validation after a crash.
      this.flushSegmentsFrom(this.flushedTo);
      this.flushedTo = this.endOffset;
    }
    this.segments.push(LogSegment.open(this.deps.storage, this.dir, base, nowMs));
    this.log(`${this.name}: rolled new segment at offset ${base} (${reason})`, 'info');
  }

  /** Fsyncs every segment that may hold offsets at or past `offset`. */
  private flushSegmentsFrom(offset: bigint): void {
    for (let i = 0; i < this.segments.length; i++) {
      const nextBase = i + 1 < this.segments.length ? this.segments[i + 1].baseOffset : null;
      if (nextBase === null || nextBase > offset) this.segments[i].flush();
    }
  }

  /**
   * Reads whole batches starting with the one that holds `offset`, up to `maxBytes` (at least
   * one batch if minOneBatch), never a batch reaching `maxOffset`. Throws OFFSET_OUT_OF_RANGE
   * outside [logStartOffset, logEndOffset]; the log end offset reads as empty.
   */
  read(offset: bigint, maxBytes: number, opts: ReadOptions = {}): LogReadResult {
    this.checkOpen();
    if (offset < this.startOffset || offset > this.endOffset) {
      throw new FjordError('OFFSET_OUT_OF_RANGE', `offset ${offset} is out of range for ${this.name}: valid offsets are ${this.startOffset}..${this.endOffset}`);
    }
    const maxOffset = opts.maxOffset !== undefined && opts.maxOffset < this.endOffset ? opts.maxOffset : this.endOffset;
    if (offset >= maxOffset) return emptyRead(offset);
    const limits = { maxBytes, maxOffset, minOneBatch: opts.minOneBatch ?? true, indexIntervalBytes: this.config.indexIntervalBytes };
    for (let i = this.segmentIndexFor(offset); i < this.segments.length; i++) {
      this.touchIndexes(this.segments[i]);
      const result = readSegment(this.segments[i], offset, limits);
      if (result !== null) return result;
    }
    return emptyRead(offset);
  }

  private touchIndexes(seg: LogSegment): void {
    if (seg !== this.active) this.loadedIndexes.touch(seg);
  }

  /** Index of the last segment whose base offset is <= `offset` (0 if none). */
  private segmentIndexFor(offset: bigint): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid].baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * The first batch whose maxTimestamp is >= `timestamp` (ListOffsets): its base offset (at least
   * the log start offset) and maxTimestamp; null if every batch is older.
   */
  offsetForTimestamp(timestamp: bigint): { offset: bigint; timestamp: bigint } | null {
    this.checkOpen();
    for (const seg of this.segments) {
      if (seg.largestTimestamp() < timestamp) continue;
      this.touchIndexes(seg);
      const found = findByTimestamp(seg, timestamp, this.startOffset);
      if (found !== null) return { offset: found.offset, timestamp: found.timestamp };
    }
    return null;
  }

  /**
   * The batch holding the largest timestamp (ListOffsets MAX_TIMESTAMP, KIP-734): that batch's
   * last offset and the timestamp; null if no batch has a timestamp. The earliest such batch wins.
   */
  maxTimestampOffset(): { offset: bigint; timestamp: bigint } | null {
    this.checkOpen();
    const best = segmentWithMaxTimestamp(this.segments);
    if (best === null) return null;
    this.touchIndexes(best);
    const found = findByTimestamp(best, best.largestTimestamp(), this.startOffset);
    return found === null ? null : { offset: found.lastOffset, timestamp: found.timestamp };
  }

  /** Fsyncs unflushed data and advances the recovery point to the log end offset. */
  flush(): void {
    this.checkOpen();
    if (this.flushedTo === this.endOffset) return;
    this.flushSegmentsFrom(this.flushedTo);
    this.flushedTo = this.endOffset;
    this.lastFlushMs = this.deps.clock.nowMs();
  }

  /** Flushes if flush.ms has passed since the last flush; returns true if it did. */
  flushIfDue(nowMs: number): boolean {
    if (this.closed || this.flushedTo === this.endOffset || nowMs - this.lastFlushMs < this.config.flushMs) return false;
    this.flush();
    return true;
  }

  /** Raises the log start offset (Kafka DeleteRecords); whole segments below it are deleted. */
  deleteRecordsBefore(offset: bigint): bigint {
    this.checkOpen();
    if (offset < 0n || offset > this.endOffset) {
      throw new FjordError('OFFSET_OUT_OF_RANGE', `cannot delete records before ${offset} in ${this.name}: valid offsets are ${this.startOffset}..${this.endOffset}`);
    }
    if (offset <= this.startOffset) return this.startOffset;
    this.startOffset = offset;
    this.log(`${this.name}: log start offset raised to ${offset}`, 'info');
    this.deleteSegmentsBelowStart();
    this.epochs.truncateFromStart(offset);
    return this.startOffset;
  }

  /**
   * Cuts the log so that it ends before `offset` (Kafka's `Log.truncateTo`): a follower drops
   * the divergent tail an old leadership left. Later segments are deleted, the containing one
   * is cut with its indexes (a batch holding `offset` goes entirely, so the log end becomes
   * `offset` or that batch's base offset), and the leader epoch history, recovery point and
   * cleaner checkpoint are pulled back to the new end. Nothing happens for an offset at or past
   * the log end. Throws OFFSET_OUT_OF_RANGE below the log start offset (see
   * `truncateFullyAndStartAt`). Returns the new log end offset.
   *
   * Crash safety: segments go newest first and each segment's indexes before its data, so a
   * process killed part-way leaves a prefix of the old log. The owner must persist the lowered
   * recovery point before appending past the new end (`LogManager.truncateTo` does), or a
   * restart would trust unsynced bytes written after the cut.
   */
  truncateTo(offset: bigint): bigint {
    this.checkOpen();
    if (offset < this.startOffset) {
      throw new FjordError('OFFSET_OUT_OF_RANGE', `cannot truncate ${this.name} to offset ${offset}: it is below the log start offset ${this.startOffset}`);
    }
    if (offset >= this.endOffset) return this.endOffset;
    const before = this.endOffset;
    const keep = this.segmentIndexFor(offset) + 1;
    const doomed = this.segments.slice(keep);
    for (let i = doomed.length - 1; i >= 0; i--) doomed[i].delete();
    this.segments.length = keep;
    this.loadedIndexes.forget([...doomed, this.active]);
    const end = this.active.truncateBefore(offset);
    if (end < this.startOffset) {
      // The batch holding the log start offset straddled `offset`: nothing readable is left.
      this.truncateFullyAndStartAt(offset);
      return this.endOffset;
    }
    this.endOffset = end;
    if (this.flushedTo > end) this.flushedTo = end;
    if (this.cleanerCheckpoint > end) this.cleanerCheckpoint = end;
    this.epochs.truncateFromEnd(end);
    this.log(`${this.name}: truncated to offset ${end} (log end was ${before}; ${doomed.length} segments deleted)`, 'info');
    return end;
  }

  /**
   * Deletes every segment and starts an empty log at `offset` (Kafka's
   * `truncateFullyAndStartAt`): a follower whose log ends before the leader's log start offset
   * continues from there. Segments go newest first, so a crash part-way leaves a prefix.
   */
  truncateFullyAndStartAt(offset: bigint): void {
    this.checkOpen();
    if (offset < 0n) throw new FjordError('OFFSET_OUT_OF_RANGE', `cannot restart ${this.name} at negative offset ${offset}`);
    const doomed = this.segments;
    for (let i = doomed.length - 1; i >= 0; i--) doomed[i].delete();
    this.loadedIndexes.forget(doomed);
    this.segments = [LogSegment.open(this.deps.storage, this.dir, offset, this.deps.clock.nowMs())];
    this.epochs.clear();
    this.log(`${this.name}: truncated fully (offsets were ${this.startOffset}..${this.endOffset}); the log now starts at ${offset}`, 'info');
    this.startOffset = offset;
    this.endOffset = offset;
    this.flushedTo = offset;
    this.cleanerCheckpoint = offset;
  }

  private deleteSegmentsBelowStart(): void {
    this.deleteOldest(belowLogStart(this.segments, this.startOffset), `below log start offset ${this.startOffset}`);
  }

  /** Deletes whole old segments by retention.ms and retention.bytes; returns how many. */
  applyRetention(nowMs: number): number {
    this.checkOpen();
    const verdict = segmentsToDelete(this.segments, this.config, nowMs, this.startOffset);
    if (verdict.count === 0) return 0;
    this.deleteOldest(verdict.count, verdict.reason);
    const first = this.segments[0].baseOffset;
    if (first > this.startOffset) {
      this.startOffset = first;
      this.epochs.truncateFromStart(first);
    }
    return verdict.count;
  }

  private deleteOldest(count: number, reason: string): void {
    assert(count < this.segments.length, 'retention never deletes the active segment');
    const doomed = this.segments.splice(0, count);
    this.loadedIndexes.forget(doomed);
    for (const seg of doomed) {
      this.log(`${this.name}: deleting segment ${seg.path} (${seg.size} bytes): ${reason}`, 'info');
      seg.delete();
    }
  }

  /** Compacts inactive segments if cleanup.policy includes compact; null if nothing was due. */
  compact(nowMs: number, opts: CompactOptions = {}): Promise<CompactionResult | null> {
    this.checkOpen();
    return compactLog(this, nowMs, opts);
  }

  /** How dirty the log is, for choosing which log to compact first. */
  cleanableState(nowMs: number): CleanableState | null {
    return this.closed ? null : cleanableState(this, nowMs);
  }

  /** The segment list (for the cleaner); do not modify. */
  segmentList(): readonly LogSegment[] {
    return this.segments;
  }

  /** True once closed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Replaces `sources` (consecutive segments, still in place) with `replacement` (already
   * renamed into place), or just drops them if `replacement` is null. Used by the cleaner.
   */
  replaceSegments(sources: readonly LogSegment[], replacement: LogSegment | null): void {
    const first = this.segments.indexOf(sources[0]);
    assert(first >= 0 && sources.every((s, i) => this.segments[first + i] === s), 'replaced segments are consecutive and present');
    assert(first + sources.length < this.segments.length, 'the active segment is never replaced');
    this.segments.splice(first, sources.length, ...(replacement === null ? [] : [replacement]));
    this.loadedIndexes.forget(sources);
  }

  /** Flushes and closes every file; the log is clean for a fast next open. */
  close(): void {
    if (this.closed) return;
    this.flush();
    for (const s of this.segments) s.close();
    this.closed = true;
  }

  /** Closes and removes the whole partition directory. */
  deleteAll(): void {
    if (!this.closed) for (const s of this.segments) s.close();
    this.closed = true;
    this.deps.storage.removeTree(this.dir);
    this.log(`${this.name}: deleted log directory ${this.dir}`, 'info');
  }
}
