/**
 * A sorted index of cache ids (latin1 strings of key bytes, so string order = byte order) for
 * range scans over in-memory entries. Additions are cheap (pushed, sorted in when the next range
 * is read); removals are lazy (callers skip ids whose entry is gone, and `compact` drops them).
 * Point-read-only stores never pay for it: nothing is sorted until a range is asked for.
 */
export class SortedIdIndex {
  private sorted: string[] = [];
  private pending: string[] = [];
  private readonly members = new Set<string>();

  get size(): number {
    return this.members.size;
  }

  add(id: string): void {
    if (this.members.has(id)) return;
    this.members.add(id);
    this.pending.push(id);
  }

  delete(id: string): void {
    // Lazy: the id stays in `sorted` until compaction; ranges skip non-members.
    this.members.delete(id);
  }

  clear(): void {
    this.sorted = [];
    this.pending = [];
    this.members.clear();
  }

  /** Ids in [gte, lt) or [gte, lte], ascending. */
  *range(gte: string | undefined, lt: string | undefined, lte: string | undefined): IterableIterator<string> {
    this.settle();
    let i = gte === undefined ? 0 : lowerBound(this.sorted, gte);
    for (; i < this.sorted.length; i++) {
      const id = this.sorted[i]!;
      if (lt !== undefined && id >= lt) return;
      if (lte !== undefined && id > lte) return;
      if (this.members.has(id)) yield id;
    }
  }

  private settle(): void {
    if (this.sorted.length > 2 * this.members.size + 64) this.sorted = this.sorted.filter((id) => this.members.has(id));
    if (this.pending.length === 0) return;
    const fresh = this.pending.filter((id) => this.members.has(id));
    this.pending = [];
    if (fresh.length <= 16) {
      for (const id of fresh) {
        const at = lowerBound(this.sorted, id);
        if (this.sorted[at] !== id) this.sorted.splice(at, 0, id);
      }
      return;
    }
    fresh.sort();
    this.sorted = mergeSorted(this.sorted, fresh);
  }
}

function lowerBound(sorted: readonly string[], id: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
