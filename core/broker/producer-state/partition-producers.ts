/**
 * The producer state of one partition log together with its snapshot files: loading it (newest
 * usable snapshot at or below the log end, then the batch headers after it), appending through
 * it, and snapshotting it when a segment rolls and on a clean close, as Kafka does. After a
 * clean close the snapshot sits at the log end and loading reads nothing of the log.
 */
import type { Clock } from '../../io/clock.js';
import type { Logger } from '../../io/logger.js';
import type { Storage } from '../../io/storage.js';
import type { AppendOptions, AppendResult, PartitionLog } from '../../log/partition-log.js';
import {
  ATTR_CONTROL,
  batchAttributes,
  batchBaseSequence,
  batchLastOffsetDelta,
  batchProducerEpoch,
  batchProducerId,
} from '../../protocol/batch-header.js';
import { replayBatchHeaders } from './log-header-scan.js';
import { PartitionProducerState, type ProducerBatch, type SequenceCheck } from './partition-producer-state.js';
import { lastSequenceOf } from './sequence.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';
import { SnapshotFiles } from './snapshot-files.js';

/** What producer state is given from outside. */
export interface ProducerStateDeps {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  /** producer.id.expiration.ms */
  producerIdExpirationMs: number;
}

/** How loading went, for logs and tests. */
export interface ProducerStateLoad {
  /** Offset of the snapshot loaded, or null if none was usable. */
  snapshotOffset: bigint | null;
  /** Batch headers replayed from the log after the snapshot. */
  replayedBatches: number;
}

/** One partition's producers, bound to its log. */
export class PartitionProducers {
  private constructor(
    readonly log: PartitionLog,
    readonly state: PartitionProducerState,
    private readonly files: SnapshotFiles,
    private readonly deps: ProducerStateDeps,
    /** Offset of the newest snapshot on disk, or null. */
    private snapshotOffset: bigint | null,
    readonly loaded: ProducerStateLoad,
  ) {}

  /**
   * Loads the state of `log`. Without a usable snapshot the log is replayed from its start, or,
   * if `replayWithoutSnapshot` is false (no producer id was ever issued from this data dir, so
   * no batch can carry one), not at all.
   */
  static load(log: PartitionLog, deps: ProducerStateDeps, replayWithoutSnapshot: boolean): PartitionProducers {
    const files = new SnapshotFiles(deps.storage, log.dir);
    const nowMs = deps.clock.nowMs();
    const found = newestUsableSnapshot(files, log, deps);
    const state = found?.state ?? new PartitionProducerState(log.name, deps.producerIdExpirationMs);
    let from = found?.offset ?? (replayWithoutSnapshot ? log.logStartOffset : log.logEndOffset);
    // Batches below the log start are gone (retention, DeleteRecords): the snapshot stands for them.
    if (from < log.logStartOffset) from = log.logStartOffset;
    const replayed = from < log.logEndOffset ? replayInto(state, log, from, nowMs) : 0;
    state.removeExpired(nowMs);
    deps.logger.info(
      `${log.name}: loaded producer state (${state.producerCount} producers) from ` +
        `${found ? `snapshot at offset ${found.offset}` : 'no snapshot'}, replaying ${replayed} batch headers from offset ${from}`,
    );
    return new PartitionProducers(log, state, files, deps, found?.offset ?? null, { snapshotOffset: found?.offset ?? null, replayedBatches: replayed });
  }

  /** Decides whether an idempotent batch may be appended (see PartitionProducerState.check). */
  check(batch: ProducerBatch): SequenceCheck {
    return this.state.check(batch, this.deps.clock.nowMs());
  }

  /**
   * Appends `records` to the log and then records `batch` (null for a plain append). An append
   * that rolled a segment first snapshots the state as of the new segment's base offset, which
   * is the state before this batch, so a crash never replays more than the active segment.
   */
  append(records: Buffer, batch: ProducerBatch | null, opts: AppendOptions): AppendResult {
    const result = this.appendSnapshottingRolls(() => this.log.append(records, opts));
    if (batch !== null) this.state.recordAppend(batch, result.baseOffset, result.lastOffset, this.deps.clock.nowMs());
    return result;
  }

  /**
   * Appends one batch a follower fetched from its leader as it is (`PartitionLog.appendAsFollower`):
   * its producer fields are recorded as written, without sequence checks (the leader made them),
   * so that this replica can continue every producer's sequence if it becomes the leader.
   */
  appendAsFollower(batch: Buffer): AppendResult {
    const result = this.appendSnapshottingRolls(() => this.log.appendAsFollower(batch));
    recordBatchHeader(this.state, batch, result.baseOffset, result.lastOffset, this.deps.clock.nowMs());
    return result;
  }

  private appendSnapshottingRolls(append: () => AppendResult): AppendResult {
    const segments = this.log.segmentList();
    const activeBefore = segments[segments.length - 1];
    const result = append();
    const after = this.log.segmentList();
    const active = after[after.length - 1];
    if (active !== activeBefore) this.trySnapshot(active.baseOffset);
    return result;
  }

  /** Snapshots the state at the log end unless a snapshot is there already (clean close). */
  snapshotAtLogEnd(): void {
    if (this.log.isClosed) return;
    const end = this.log.logEndOffset;
    if (this.snapshotOffset === end) return;
    this.state.removeExpired(this.deps.clock.nowMs());
    this.trySnapshot(end);
  }

  /** Forgets idle producers; returns how many. */
  removeExpired(nowMs: number): number {
    return this.state.removeExpired(nowMs);
  }

  private trySnapshot(offset: bigint): void {
    try {
      this.files.write(offset, encodeSnapshot(this.state.entries()));
      this.snapshotOffset = offset;
    } catch (err) {
      // A missing snapshot only lengthens the next load's replay; the append itself stands.
      this.deps.logger.warn(`${this.log.name}: writing the producer snapshot at offset ${offset} failed: ${(err as Error).message}`);
    }
  }
}

/** The newest snapshot that lies at or below the log end and decodes; bad or stale ones are removed. */
function newestUsableSnapshot(files: SnapshotFiles, log: PartitionLog, deps: ProducerStateDeps): { offset: bigint; state: PartitionProducerState } | null {
  const offsets = files.offsets();
  for (let i = offsets.length - 1; i >= 0; i--) {
    const offset = offsets[i];
    if (offset > log.logEndOffset) {
      // Recovery cut the log below this snapshot: the state it describes includes lost batches.
      deps.logger.warn(`${log.name}: removing producer snapshot at offset ${offset}, past the log end ${log.logEndOffset}`);
      files.remove(offset);
      continue;
    }
    const bytes = files.read(offset);
    if (bytes === null) continue;
    try {
      const entries = decodeSnapshot(bytes, files.path(offset));
      return { offset, state: PartitionProducerState.fromEntries(log.name, deps.producerIdExpirationMs, entries) };
    } catch (err) {
      deps.logger.warn(`${log.name}: removing damaged producer snapshot: ${(err as Error).message}`);
      files.remove(offset);
    }
  }
  return null;
}

/**
 * Applies the idempotent batches of `log` from `from` on. Their append time is unknown (a
 * batch's own timestamp is the client's clock and may be arbitrarily old), so rebuilt producers
 * count as active now: expiring a live producer early would fail its next batch, keeping an
 * idle one a little longer only costs memory.
 */
function replayInto(state: PartitionProducerState, log: PartitionLog, from: bigint, nowMs: number): number {
  return replayBatchHeaders(log, from, (header, baseOffset, lastOffset) => recordBatchHeader(state, header, baseOffset, lastOffset, nowMs));
}

/** Records the idempotent batch whose header starts `header` (plain and control batches are skipped). */
function recordBatchHeader(state: PartitionProducerState, header: Buffer, baseOffset: bigint, lastOffset: bigint, nowMs: number): void {
  const producerId = batchProducerId(header);
  // Control batches (transaction markers) carry no sequence; transactions come later.
  if (producerId < 0n || (batchAttributes(header) & ATTR_CONTROL) !== 0) return;
  const firstSeq = batchBaseSequence(header);
  const batch = { producerId, epoch: batchProducerEpoch(header), firstSeq, lastSeq: lastSequenceOf(firstSeq, batchLastOffsetDelta(header)) };
  state.recordAppend(batch, baseOffset, lastOffset, nowMs);
}
