/**
 * Where a node's Raft state lives between crashes. The host writes each Ready's durable parts
 * and syncs before sending that Ready's messages; on restart it `load()`s and builds a RaftNode.
 */
import { FjordError } from '../../errors.js';
import type { RaftRestoreState } from './raft-node.js';
import { EMPTY_SNAPSHOT, NO_NODE, type Entry, type HardState, type Ready, type Snapshot } from './types.js';

/** A node's durable Raft state. */
export interface RaftStorage {
  /** Everything durable: the hard state, the latest snapshot and the entries after it. */
  load(): RaftRestoreState;
  /**
   * Writes a Ready's snapshot, entries (overwriting any suffix from `entries[0].index`) and
   * hard state. Not durable until `sync()`.
   */
  write(ready: Pick<Ready, 'hardState' | 'entries' | 'snapshot'>): void;
  /** Makes every write so far durable (fsync). */
  sync(): void;
  /** Log compaction: keeps `snapshot` and only the entries after it; durable on return. */
  compact(snapshot: Snapshot): void;
}

/**
 * Replays Ready writes into a restore state: the rules every RaftStorage shares. A snapshot
 * keeps the entries after it only when the log holds the snapshot's own entry (a local
 * compaction); a snapshot from the leader that does not match replaces the whole log.
 */
export class RaftStateBuilder {
  hardState: HardState = { term: 0, votedFor: NO_NODE, commit: 0 };
  snapshot: Snapshot = EMPTY_SNAPSHOT;
  entries: Entry[] = [];

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  addEntry(e: Entry): void {
    const first = this.snapshot.index + 1;
    if (e.index < first) return;
    const keep = e.index - first;
    if (keep > this.entries.length) {
      throw new FjordError('CORRUPT_LOG', `raft storage: entry ${e.index} leaves a gap after ${first + this.entries.length - 1}`);
    }
    this.entries.length = keep;
    this.entries.push(e);
  }

  setSnapshot(s: Snapshot): void {
    if (s.index <= this.snapshot.index) return;
    const first = this.snapshot.index + 1;
    const own = this.entries[s.index - first];
    const matches = own !== undefined && own.term === s.term;
    this.entries = matches ? this.entries.slice(s.index - first + 1) : [];
    this.snapshot = s;
  }

  state(): RaftRestoreState {
    return { hardState: this.hardState, snapshot: this.snapshot, entries: [...this.entries] };
  }
}

/** A RaftStorage in memory: durable for as long as the object lives (tests, single-process use). */
export class MemoryRaftStorage implements RaftStorage {
  private readonly builder = new RaftStateBuilder();

  load(): RaftRestoreState {
    return this.builder.state();
  }

  write(ready: Pick<Ready, 'hardState' | 'entries' | 'snapshot'>): void {
    if (ready.snapshot !== null) this.builder.setSnapshot(ready.snapshot);
    for (const e of ready.entries) this.builder.addEntry(e);
    if (ready.hardState !== null) this.builder.setHardState(ready.hardState);
  }

  sync(): void {}

  compact(snapshot: Snapshot): void {
    this.builder.setSnapshot(snapshot);
  }
}
