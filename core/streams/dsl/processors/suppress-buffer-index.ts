/**
 * The suppress buffer's in-memory ordering: which buffered key is emitted next, and how many
 * records and bytes the buffer holds. Pure; the entries themselves live in the suppress store and
 * the processor rebuilds this index from it in `init`.
 *
 * Order is Kafka's: by emit time, then by the key's serialized bytes (unsigned). A key keeps its
 * place while it is updated (Kafka's "non-resetting" buffer: the emit time of `untilTimeLimit` is
 * the first update's time + the limit), so `upsert` never moves an entry.
 * A binary min-heap with lazy deletion: a removed or re-added key leaves stale heap nodes, which
 * are skipped (their id no longer matches the live entry).
 */

/** A buffered key as the index sees it. */
export interface BufferedKey<K> {
  readonly key: K;
  readonly keyBytes: Buffer;
  readonly emitAtMs: number;
  /** Key plus stored value bytes: what maxBytes counts. */
  readonly sizeBytes: number;
}

interface Live<K> extends BufferedKey<K> {
  readonly id: number;
}

interface HeapNode {
  readonly emitAtMs: number;
  readonly keyBytes: Buffer;
  readonly mapKey: string;
  readonly id: number;
}

function before(a: HeapNode, b: HeapNode): boolean {
  return a.emitAtMs < b.emitAtMs || (a.emitAtMs === b.emitAtMs && Buffer.compare(a.keyBytes, b.keyBytes) < 0);
}

/** Buffered keys in emit order, with record and byte counts (see the module comment). */
export class SuppressBufferIndex<K> {
  private readonly live = new Map<string, Live<K>>();
  private heap: HeapNode[] = [];
  private nextId = 0;
  private bytes = 0;

  /** Buffered keys. */
  get numRecords(): number {
    return this.live.size;
  }

  /** Sum of the buffered entries' key and value bytes. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /** The live entry for `keyBytes`, if buffered. */
  get(keyBytes: Buffer): BufferedKey<K> | undefined {
    return this.live.get(keyBytes.toString('latin1'));
  }

  /**
   * Adds a key, or updates an existing one's size keeping its emit time and place (the caller
   * passes the entry's stored emit time, which for an existing key is the original one).
   */
  upsert(key: K, keyBytes: Buffer, emitAtMs: number, sizeBytes: number): void {
    const mapKey = keyBytes.toString('latin1');
    const existing = this.live.get(mapKey);
    if (existing !== undefined) {
      this.bytes += sizeBytes - existing.sizeBytes;
      this.live.set(mapKey, { ...existing, key, sizeBytes });
      return;
    }
    const id = this.nextId++;
    this.live.set(mapKey, { key, keyBytes, emitAtMs, sizeBytes, id });
    this.bytes += sizeBytes;
    this.push({ emitAtMs, keyBytes, mapKey, id });
  }

  /** Removes a key (no-op when absent). */
  remove(keyBytes: Buffer): void {
    const mapKey = keyBytes.toString('latin1');
    const existing = this.live.get(mapKey);
    if (existing === undefined) return;
    this.bytes -= existing.sizeBytes;
    this.live.delete(mapKey);
    // Keep the heap from filling up with stale nodes when keys churn.
    if (this.heap.length > 2 * this.live.size + 64) this.compact();
  }

  /** The next key to emit (smallest emit time, then key bytes), or undefined when empty. */
  peek(): BufferedKey<K> | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      const entry = this.live.get(top.mapKey);
      if (entry !== undefined && entry.id === top.id) return entry;
      this.pop();
    }
    return undefined;
  }

  private compact(): void {
    this.heap = [];
    for (const [mapKey, e] of this.live) this.push({ emitAtMs: e.emitAtMs, keyBytes: e.keyBytes, mapKey, id: e.id });
  }

  private push(node: HeapNode): void {
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
