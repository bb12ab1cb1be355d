/**
 * A node's view of its log: a snapshot (everything up to `snapshot.index`) followed by entries.
 * Pure in-memory bookkeeping; the host persists what `Ready` tells it to.
 */
import { assert } from '../../errors.js';
import type { Entry, Snapshot } from './types.js';

/** Snapshot + entries of one node (see the file comment). */
export class RaftLog {
  private snap: Snapshot;
  /** entries[k].index === snap.index + 1 + k */
  private entries: Entry[];

  constructor(snapshot: Snapshot, entries: readonly Entry[]) {
    this.snap = snapshot;
    this.entries = [];
    for (const e of entries) {
      if (e.index <= snapshot.index) continue; // a store may keep entries the snapshot covers
      assert(e.index === this.lastIndex() + 1, `log entries must be contiguous: got ${e.index} after ${this.lastIndex()}`);
      assert(e.term >= this.lastTerm(), `log terms must not decrease: term ${e.term} at ${e.index} after ${this.lastTerm()}`);
      this.entries.push(e);
    }
  }

  get snapshot(): Snapshot {
    return this.snap;
  }

  firstIndex(): number {
    return this.snap.index + 1;
  }

  lastIndex(): number {
    return this.snap.index + this.entries.length;
  }

  lastTerm(): number {
    return this.term(this.lastIndex())!;
  }

  /** The term at `index`, or undefined when compacted away (below the snapshot) or not yet written. */
  term(index: number): number | undefined {
    if (index === this.snap.index) return this.snap.term;
    if (index < this.snap.index || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snap.index - 1]!.term;
  }

  entry(index: number): Entry | undefined {
    if (index <= this.snap.index || index > this.lastIndex()) return undefined;
    return this.entries[index - this.snap.index - 1];
  }

  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /** Entries in [lo, hi); lo must be above the snapshot. */
  slice(lo: number, hi: number): Entry[] {
    assert(lo > this.snap.index, `slice from ${lo} reaches into the snapshot (index ${this.snap.index})`);
    const from = lo - this.snap.index - 1;
    const to = Math.min(hi, this.lastIndex() + 1) - this.snap.index - 1;
    return from >= to ? [] : this.entries.slice(from, to);
  }

  /** Raft's §5.4.1 "at least as up-to-date" comparison for a candidate's last entry. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /** Appends after the last entry (a leader's own proposals). */
  appendOwn(entry: Entry): void {
    assert(entry.index === this.lastIndex() + 1, `leader appends ${entry.index} after ${this.lastIndex()}`);
    this.entries.push(entry);
  }

  /**
   * A follower's AppendEntries: if (prevIndex, prevTerm) matches, skips entries it already holds
   * and truncates at the first conflicting one (never before `commit`). Returns null on a
   * mismatch, else the index from which the log changed (Infinity if nothing changed).
   */
  maybeAppend(prevIndex: number, prevTerm: number, entries: readonly Entry[], commit: number): number | null {
    if (!this.matchTerm(prevIndex, prevTerm)) return null;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      assert(e.index === prevIndex + 1 + k, `append entries must be contiguous after ${prevIndex}`);
      if (e.index <= this.snap.index) continue;
      if (this.matchTerm(e.index, e.term)) continue;
      assert(e.index > commit, `append would overwrite committed entry ${e.index} (commit ${commit})`);
      this.entries.length = e.index - this.snap.index - 1;
      for (let j = k; j < entries.length; j++) this.entries.push(entries[j]!);
      return e.index;
    }
    return Infinity;
  }

  /** First index holding `term`, scanning back from `from` (for a rejection hint). */
  firstIndexOfTerm(term: number, from: number): number {
    let i = from;
    while (i - 1 > this.snap.index && this.term(i - 1) === term) i--;
    return i;
  }

  /** Last index at or below `atMost` whose term is `term`, or 0 if none (leader side of the hint). */
  lastIndexOfTerm(term: number, atMost: number): number {
    for (let i = Math.min(atMost, this.lastIndex()); i > this.snap.index; i--) {
      const t = this.term(i)!;
      if (t === term) return i;
      if (t < term) return 0;
    }
    return 0;
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  restore(snapshot: Snapshot): void {
    this.snap = snapshot;
    this.entries = [];
  }

  /** Drops entries up to `snapshot.index`, which must be in the log. */
  compact(snapshot: Snapshot): void {
    assert(snapshot.index > this.snap.index, `compact to ${snapshot.index} is not past snapshot ${this.snap.index}`);
    assert(this.matchTerm(snapshot.index, snapshot.term), `compact to ${snapshot.index} term ${snapshot.term} does not match the log`);
    this.entries = this.entries.slice(snapshot.index - this.snap.index);
    this.snap = snapshot;
  }
}
