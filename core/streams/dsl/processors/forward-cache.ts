/**
 * Kafka Streams' record caching for an aggregation's results (`statestore.cache.max.bytes`): the
 * latest change per key is held and forwarded when the task commits, or when the held bytes pass
 * the bound (then every held change goes at once, as Kafka flushes all dirty entries of a cache
 * when it has to evict one). A key updated several times between two flushes is forwarded once,
 * with its newest value and, as old value, the one it had when it was last forwarded.
 *
 * Held changes go out in the order of their last update, as Kafka's dirty keys do. That order
 * matters downstream: a window's last update always comes before the update of any record that
 * closed it, so a suppress (emit-final) that follows the records' timestamps never sees a window
 * closed before its final value arrived.
 *
 * A bound of 0 disables caching: every update is forwarded at once. Pure and synchronous: what a
 * flush does with a change is `emit`'s business, and the task decides when to flush.
 */
import type { RecordHeader } from '../../../client/record-types.js';
import type { Change } from '../change.js';
import { LinkedOrder, type Linked } from '../../state/linked-order.js';

/** Bytes charged per held change beyond its key and value bytes (object, Map slot, id string). */
export const FORWARD_CACHE_ENTRY_OVERHEAD_BYTES = 96;

/** A held change, also a node of the last-update order. */
interface Held<K, V> extends Linked<Held<K, V>> {
  readonly key: K;
  readonly windowStartMs: number;
  newValue: V | null;
  readonly oldValue: V | null;
  timestamp: number;
  headers: readonly RecordHeader[];
  bytes: number;
}

/** Forwards one result; `windowStartMs` is -1 for a result that is not windowed. */
export type ForwardEmit<K, V> = (key: K, windowStartMs: number, change: Change<V>, timestamp: number, headers: readonly RecordHeader[]) => void;

export class ForwardCache<K, V> {
  /**
   * Held changes per window start (-1: not windowed), then by key id. Two levels, so a windowed
   * key needs no id string built from its window start (number to string conversion was most of
   * the cost of one level).
   */
  private held = new Map<number, Map<string, Held<K, V>>>();
  private lastWindowStartMs = Number.NaN;
  private lastByKey: Map<string, Held<K, V>> | undefined = undefined;
  /** The last-update order: oldest first. */
  private order = new LinkedOrder<Held<K, V>>();
  private count = 0;
  private bytes = 0;

  constructor(readonly maxBytes: number, private readonly emit: ForwardEmit<K, V>) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`statestore.cache.max.bytes must be a non-negative integer, got ${maxBytes}`);
  }

  /** Held results. */
  get size(): number {
    return this.count;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  /**
   * A new result for `key`, whose serialized form as a latin1 string (one character per byte:
   * the stores' cache id, see the facades' `keyIdOf`) is `keyId`, in the window starting at
   * `windowStartMs` (-1 when not windowed). `key` and `oldValue` (the result before this update)
   * are kept only if the key holds nothing yet: keys with the same bytes are the same key.
   * `valueBytes`: the stored size of the new value, charged against the bound with the key.
   */
  update(keyId: string, windowStartMs: number, key: K, newValue: V | null, oldValue: V | null, timestamp: number, headers: readonly RecordHeader[], valueBytes: number): void {
    if (this.maxBytes === 0) {
      if (newValue !== null || oldValue !== null) this.emit(key, windowStartMs, { newValue, oldValue }, timestamp, headers);
      return;
    }
    let byKey = windowStartMs === this.lastWindowStartMs ? this.lastByKey : this.held.get(windowStartMs);
    if (byKey === undefined) this.held.set(windowStartMs, (byKey = new Map()));
    this.lastWindowStartMs = windowStartMs;
    this.lastByKey = byKey;
    const charged = keyId.length + valueBytes + FORWARD_CACHE_ENTRY_OVERHEAD_BYTES;
    let held = byKey.get(keyId);
    if (held === undefined) {
      held = { key, windowStartMs, newValue, oldValue, timestamp, headers, bytes: charged, prev: null, next: null };
      byKey.set(keyId, held);
      this.count += 1;
      this.bytes += charged;
      this.order.append(held);
    } else {
      held.newValue = newValue;
      held.timestamp = timestamp;
      held.headers = headers;
      this.bytes += charged - held.bytes;
      held.bytes = charged;
      this.order.moveLast(held);
    }
    if (this.bytes > this.maxBytes) this.flush();
  }

  /**
   * Forwards every held change, least recently updated first, and forgets them. A key whose
   * value was created and deleted again since the last flush forwards nothing (new and old are
   * both null), as in Kafka.
   */
  flush(): void {
    if (this.count === 0) return;
    let h = this.order.head;
    this.held = new Map();
    this.lastWindowStartMs = Number.NaN;
    this.lastByKey = undefined;
    this.order = new LinkedOrder();
    this.count = 0;
    this.bytes = 0;
    while (h !== null) {
      const next = h.next;
      h.prev = null;
      h.next = null;
      if (h.newValue !== null || h.oldValue !== null) this.emit(h.key, h.windowStartMs, { newValue: h.newValue, oldValue: h.oldValue }, h.timestamp, h.headers);
      h = next;
    }
  }

}
