/**
 * The partition's leader epoch history (`leader-epoch-checkpoint`): which epoch's leader wrote
 * from which offset on. Replication uses it to find where a follower's log diverges (KIP-101);
 * here it is kept in step with the log: extended on appends with a new epoch, cut on truncation.
 */
import type { Storage } from '../io/storage.js';
import { FjordError } from '../errors.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint-file.js';

/** One "epoch startOffset" line. */
export interface EpochEntry {
  epoch: number;
  startOffset: bigint;
}

/** Most epochs kept; older ones are dropped (a leader change per second for 11 days). */
export const EPOCH_ENTRIES_MAX = 1_000_000;

/** In-memory epoch history mirrored to its checkpoint file. */
export class LeaderEpochCache {
  private entries: EpochEntry[];

  constructor(
    private readonly storage: Storage,
    private readonly path: string,
  ) {
    this.entries = this.read();
  }

  private read(): EpochEntry[] {
    const data = this.storage.readFile(this.path);
    if (data === null) return [];
    return parseCheckpoint(data.toString('utf8'), 2, this.path).map(([epoch, start], i) => {
      if (!/^\d+$/.test(epoch) || !/^\d+$/.test(start)) {
        throw new FjordError('CORRUPT_LOG', `checkpoint ${this.path} line ${i + 3}: bad epoch or offset`);
      }
      return { epoch: Number(epoch), startOffset: BigInt(start) };
    });
  }

  private write(): void {
    this.storage.writeFileAtomic(this.path, formatCheckpoint(this.entries.map((e) => [String(e.epoch), e.startOffset.toString()])));
  }

  /** A copy of the history, oldest first. */
  list(): EpochEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** The newest epoch, or undefined if none was ever recorded. */
  latestEpoch(): number | undefined {
    return this.entries.length === 0 ? undefined : this.entries[this.entries.length - 1].epoch;
  }

  /** Records that `epoch` starts at `startOffset` if it is newer than the latest; returns true if added. */
  assign(epoch: number, startOffset: bigint): boolean {
    const latest = this.latestEpoch();
    if (latest !== undefined && epoch <= latest) return false;
    this.entries.push({ epoch, startOffset });
    if (this.entries.length > EPOCH_ENTRIES_MAX) this.entries.shift();
    this.write();
    return true;
  }

  /** Drops epochs starting at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: bigint): void {
    const kept = this.entries.filter((e) => e.startOffset < endOffset);
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    this.write();
  }

  /** Drops epochs wholly before `startOffset`, moving the one that covers it to start there. */
  truncateFromStart(startOffset: bigint): void {
    let firstKept = 0;
    while (firstKept + 1 < this.entries.length && this.entries[firstKept + 1].startOffset <= startOffset) firstKept++;
    const head = this.entries[firstKept];
    if (firstKept === 0 && (head === undefined || head.startOffset >= startOffset)) return;
    this.entries = this.entries.slice(firstKept);
    if (this.entries[0].startOffset < startOffset) this.entries[0] = { epoch: this.entries[0].epoch, startOffset };
    this.write();
  }

  /** Removes the checkpoint file and forgets every epoch. */
  clear(): void {
    this.entries = [];
    this.storage.remove(this.path);
  }
}
