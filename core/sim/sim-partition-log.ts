/**
 * A broker's copy of one partition in the simulator: an in-memory log of single-record batches
 * (offset, leader epoch, producer id and sequence) with the leader-epoch history the real log
 * keeps (`leader-epoch-checkpoint`), on `SimDisk` semantics: appends stay volatile until
 * `sync()`; a crash keeps the synced batches plus a random prefix of the rest (a torn last batch
 * is cut by recovery, so what survives is whole batches). Truncations are durable at once, as
 * the real log's are (they rewrite the segment and its index before anything else happens).
 */
import type { EpochStart } from '../replication/divergence.js';
import type { SimRandom } from './random.js';

/** One batch (one record) as the simulator tracks it. */
export interface SimBatch {
  readonly offset: bigint;
  readonly epoch: number;
  readonly producerId: number;
  readonly sequence: number;
  /** Unique per produced record, so two copies can be compared. */
  readonly recordId: string;
}

/** One partition replica's log (see the file comment). */
export class SimPartitionLog {
  private batches: SimBatch[] = [];
  private epochList: EpochStart[] = [];
  logStartOffset = 0n;
  /** Batches below this index (into `batches`) are durable. */
  private syncedCount = 0;
  tornWrites = 0;
  lostBatches = 0;

  get logEndOffset(): bigint {
    return this.logStartOffset + BigInt(this.batches.length);
  }

  /** The end of what a crash cannot take away. */
  get syncedEndOffset(): bigint {
    return this.logStartOffset + BigInt(this.syncedCount);
  }

  get epochs(): readonly EpochStart[] {
    return this.epochList;
  }

  /** The leader epoch of the last batch before `end` (-1 when none): a follower's LastFetchedEpoch. */
  epochBefore(end: bigint): number {
    if (end <= this.logStartOffset) return [...this.epochList].reverse().find((e) => e.startOffset <= end)?.epoch ?? -1;
    return this.batchAt(end - 1n)!.epoch;
  }

  batchAt(offset: bigint): SimBatch | undefined {
    if (offset < this.logStartOffset) return undefined;
    return this.batches[Number(offset - this.logStartOffset)];
  }

  /** Up to `max` batches from `offset` (and below `end`). */
  read(offset: bigint, end: bigint, max: number): SimBatch[] {
    const out: SimBatch[] = [];
    for (let o = offset; o < end && out.length < max; o++) {
      const b = this.batchAt(o);
      if (b === undefined) break;
      out.push(b);
    }
    return out;
  }

  /** The last sequence this log holds for a producer (-1 when none), and the batch of `sequence`. */
  producerState(producerId: number, sequence: number): { lastSequence: number; existing: SimBatch | undefined } {
    let last = -1;
    let existing: SimBatch | undefined;
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const b = this.batches[i]!;
      if (b.producerId !== producerId) continue;
      if (last < 0) last = b.sequence;
      if (b.sequence === sequence) {
        existing = b;
        break;
      }
      if (b.sequence < sequence) break;
    }
    return { lastSequence: last, existing };
  }

  /** A leader starts an epoch at its log end (Kafka's LeaderEpochFileCache.assign). */
  assignEpoch(epoch: number): void {
    const last = this.epochList.at(-1);
    if (last !== undefined && last.epoch >= epoch) return;
    if (last !== undefined && last.startOffset === this.logEndOffset) this.epochList.pop();
    this.epochList.push({ epoch, startOffset: this.logEndOffset });
  }

  /** Appends one batch at the log end (leader: its own epoch; follower: the leader's batch as it is). */
  append(batch: SimBatch): void {
    if (batch.offset !== this.logEndOffset) throw new Error(`sim log: append at ${batch.offset}, log ends at ${this.logEndOffset}`);
    this.assignEpoch(batch.epoch);
    this.batches.push(batch);
  }

  sync(): void {
    this.syncedCount = this.batches.length;
  }

  /** Cuts every batch at and after `offset` (never below the log start); durable at once. */
  truncateTo(offset: bigint): void {
    if (offset >= this.logEndOffset) return;
    const keep = offset < this.logStartOffset ? 0 : Number(offset - this.logStartOffset);
    this.batches.length = keep;
    this.syncedCount = Math.min(this.syncedCount, keep);
    this.epochList = this.epochList.filter((e) => e.startOffset < offset);
  }

  /** Drops everything and starts an empty log at `offset`. */
  truncateFullyAndStartAt(offset: bigint): void {
    this.batches = [];
    this.syncedCount = 0;
    this.epochList = [];
    this.logStartOffset = offset;
  }

  /** The machine loses power: unsynced batches survive only as a random prefix. */
  crash(random: SimRandom): void {
    const pending = this.batches.length - this.syncedCount;
    if (pending === 0) return;
    const kept = random.chance(0.5) ? random.int(pending + 1) : 0;
    if (kept < pending) this.lostBatches += pending - kept;
    if (kept < pending && random.chance(0.5)) this.tornWrites++; // a torn last batch, cut on recovery
    this.batches.length = this.syncedCount + kept;
    this.syncedCount = this.batches.length;
    const end = this.logEndOffset;
    this.epochList = this.epochList.filter((e) => e.startOffset < end || e.startOffset === this.logStartOffset);
  }
}
