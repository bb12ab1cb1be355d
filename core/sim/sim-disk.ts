/**
 * A simulated disk file for one node's Raft log. Writes land in a volatile tail until `sync()`;
 * a crash keeps the synced bytes plus a random prefix of the unsynced ones, which may end in the
 * middle of a frame (a torn write). `replace()` is an atomic write-then-rename: durable at once.
 */
import type { SimRandom } from './random.js';

/** One simulated file with a volatile tail (see the file comment). */
export class SimDisk {
  private durable: Uint8Array = new Uint8Array(0);
  private volatile: Uint8Array[] = [];
  /** Counters for the run summary. */
  tornWrites = 0;
  lostWrites = 0;

  append(bytes: Uint8Array): void {
    this.volatile.push(bytes);
  }

  sync(): void {
    if (this.volatile.length === 0) return;
    this.durable = concat([this.durable, ...this.volatile]);
    this.volatile = [];
  }

  /** Atomically replaces the whole file (compaction rewrites the log this way). */
  replace(bytes: Uint8Array): void {
    this.durable = bytes;
    this.volatile = [];
  }

  /** What a reader sees now (durable + volatile, as the page cache would show). */
  read(): Uint8Array {
    return concat([this.durable, ...this.volatile]);
  }

  /** Only what survives a crash right now. */
  readDurable(): Uint8Array {
    return this.durable;
  }

  /** Truncates to `length` bytes (the opener cutting off a torn tail); durable at once. */
  truncate(length: number): void {
    this.sync();
    this.durable = this.durable.subarray(0, length);
  }

  /** The power goes out: unsynced bytes survive only as a random prefix, maybe torn. */
  crash(random: SimRandom): void {
    const pending = concat(this.volatile);
    this.volatile = [];
    if (pending.length === 0) return;
    const kept = random.chance(0.5) ? random.int(pending.length + 1) : 0;
    if (kept < pending.length) this.lostWrites++;
    if (kept > 0 && kept < pending.length) this.tornWrites++;
    this.durable = concat([this.durable, pending.subarray(0, kept)]);
  }

  get durableBytes(): number {
    return this.durable.length;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}
