/**
 * The simulator's agenda: events ordered by time, ties broken by insertion order, so a run is a
 * pure function of its seed. A binary heap; bounded by `eventsMax` so a runaway feedback loop
 * (e.g. a message storm) fails loudly instead of eating memory.
 */
import { FjordError } from '../errors.js';

interface Slot<T> {
  readonly atMs: number;
  readonly seq: number;
  readonly event: T;
}

/** Events by simulated time (see the file comment). */
export class EventQueue<T> {
  private readonly heap: Slot<T>[] = [];
  private seq = 0;

  constructor(private readonly eventsMax = 1_000_000) {}

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, event: T): void {
    if (this.heap.length >= this.eventsMax) {
      throw new FjordError('INVALID_ARGUMENT', `simulator event queue is full (${this.eventsMax} events): a feedback loop?`);
    }
    this.heap.push({ atMs, seq: this.seq++, event });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The earliest event, or undefined when empty. */
  pop(): { atMs: number; event: T } | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.heap.length && this.less(l, m)) m = l;
        if (r < this.heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return { atMs: top.atMs, event: top.event };
  }

  /** Removes every event matching `drop` (e.g. messages to a crashed node). */
  removeWhere(drop: (event: T) => boolean): void {
    const keep = this.heap.filter((s) => !drop(s.event));
    this.heap.length = 0;
    for (const s of keep.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)) this.heap.push(s);
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.atMs < y.atMs || (x.atMs === y.atMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.heap[a]!;
    this.heap[a] = this.heap[b]!;
    this.heap[b] = t;
  }
}
