/**
 * An in-memory index of the keys in a stream-stream join's shared outer store, in store order
 * (timestamp, side, key bytes). With it the join finds the unmatched records whose windows have
 * closed without a range scan of the store on every record; it holds only keys (the values stay
 * in the store) and only records whose windows are open, so it is bounded by the join window.
 * It is rebuilt from the store the first time a task uses it (after a restart or restore).
 */
export class OuterIndex<T> {
  /** Ids (store key bytes as latin1, so string order is byte order), ascending. */
  private readonly ids: string[] = [];
  private readonly entries = new Map<string, { timestamp: number; key: T }>();

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  add(id: string, timestamp: number, key: T): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, { timestamp, key });
    // Records mostly arrive in time order: search from the end.
    let i = this.ids.length;
    while (i > 0 && this.ids[i - 1]! > id) i--;
    this.ids.splice(i, 0, id);
  }

  remove(id: string): boolean {
    if (!this.entries.delete(id)) return false;
    const i = this.position(id);
    if (this.ids[i] === id) this.ids.splice(i, 1);
    return true;
  }

  /** The oldest timestamp indexed, or +Infinity when empty. */
  oldestMs(): number {
    const first = this.ids[0];
    return first === undefined ? Number.POSITIVE_INFINITY : this.entries.get(first)!.timestamp;
  }

  /**
   * Removes and returns, oldest first, the keys `isClosed` accepts, visiting entries up to the
   * first whose timestamp is >= `stopAtMs` (every later window is still open).
   */
  takeClosed(stopAtMs: number, isClosed: (timestamp: number, key: T) => boolean): T[] {
    const taken: T[] = [];
    const kept: string[] = [];
    let i = 0;
    for (; i < this.ids.length; i++) {
      const id = this.ids[i]!;
      const e = this.entries.get(id)!;
      if (e.timestamp >= stopAtMs) break;
      if (isClosed(e.timestamp, e.key)) {
        taken.push(e.key);
        this.entries.delete(id);
      } else {
        kept.push(id);
      }
    }
    this.ids.splice(0, i, ...kept);
    return taken;
  }

  private position(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
