/**
 * The processors of a stream-stream windowed join, laid out as Kafka Streams lays them out:
 * per side a "windowed" processor that buffers the record in that side's window store, then a
 * join processor that probes the other side's store for partners within the join window.
 *
 * Left and outer joins (Kafka 3.x, KIP-633 / KAFKA-10847): a record that finds no partner is
 * not emitted with a null partner at once; it waits in the shared "outer" store and is emitted
 * (with the null partner and its own timestamp) only once its window has closed, i.e. stream time
 * passed `t + after + grace` (`before` for right records; a negative one counts as 0). A partner
 * arriving in time removes it from the outer store. When a record is emitted with a null partner
 * it is also removed from its window store, so a partner arriving later in that record's (closed)
 * window cannot produce a second, contradicting result (Kafka would emit both). Records that
 * arrive after their own window closed are late: they are reported (`reportLate`) and not
 * buffered, but still probe the other side (and, on an outer side without a partner, are emitted with
 * a null partner at once), as Kafka does. Legacy windows (`JoinWindows.ofTimeDifferenceLegacy`) emit
 * unmatched records at once and need no outer store. Stream time is the task's. The outer store's keys are also kept in an
 * in-memory index (join-outer-index.ts), so finding closed records needs no scan per record.
 */
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { TimestampedKeyValueStore, TimestampedWindowStore } from '../../runtime/store-facades.js';
import type { JoinSide, JoinWindows } from '../../windows/join-windows.js';
import type { OuterKey, OuterValues } from './join-serdes.js';
import { OuterIndex } from './join-outer-index.js';

type Ctx = InternalProcessorContext;
type OuterStore<K> = TimestampedKeyValueStore<OuterKey<K>, OuterValues>;

/** What both join processors of one task share: the index of the outer store's keys. */
interface SharedOuterState<K> {
  index: OuterIndex<OuterKey<K>>;
  /** Set once the index holds what the store held when the task started (restored state). */
  loaded: Promise<void> | null;
  ready: boolean;
}

/**
 * Keyed by the task's outer-store facade, which both processors of one task get from
 * `getStateStore`, so the two sides share the index without knowing the task.
 */
const sharedByStore = new WeakMap<object, SharedOuterState<any>>();

function sharedState<K>(store: OuterStore<K>): SharedOuterState<K> {
  let state = sharedByStore.get(store) as SharedOuterState<K> | undefined;
  if (state === undefined) {
    state = { index: new OuterIndex(), loaded: null, ready: false };
    sharedByStore.set(store, state);
  }
  return state;
}

/** Fills the index from the store once per task (the store may hold restored records). */
function loadIndex<K>(store: OuterStore<K>, state: SharedOuterState<K>): Promise<void> {
  state.loaded ??= (async () => {
    for await (const e of store.all()) state.index.add(store.keyBytes(e.key).toString('latin1'), e.key.timestamp, e.key);
    state.ready = true;
  })();
  return state.loaded;
}

/**
 * How far past its own timestamp a record's window reaches: `after` for left records, `before`
 * for right ones, as `JoinWindows.isWindowClosed`, but never less than 0. A negative before/after
 * puts a record's whole window in its past; it still stays open until stream time passes the
 * record itself plus grace, so a record arriving in order is never late.
 */
export function lookaheadMs(windows: JoinWindows, side: JoinSide): number {
  return Math.max(side === 'left' ? windows.afterMs : windows.beforeMs, 0);
}

/** Whether a record's window is closed: stream time passed t + lookahead + grace (Kafka's rule). */
export function isJoinWindowClosed(windows: JoinWindows, side: JoinSide, timestampMs: number, streamTimeMs: number): boolean {
  return streamTimeMs > timestampMs + lookaheadMs(windows, side) + windows.graceMs;
}

/** Buffers each record of one side in its window store; late records are reported, not buffered. */
export function joinWindowedProcessor<K, V>(storeName: string, windows: JoinWindows, side: JoinSide): ProcessorSupplier<K, V, K, V> {
  return () => {
    let ctx: Ctx;
    let store: TimestampedWindowStore<K, V[]>;
    const p: Processor<K, V, K, V> = {
      init(context) {
        ctx = context as unknown as Ctx;
        store = ctx.getStateStore(storeName);
      },
      process(r) {
        // Null keys and values cannot be buffered; the join processor decides what they mean.
        if (r.key === null || r.key === undefined || r.value === null || r.value === undefined) return ctx.forward(r);
        if (isJoinWindowClosed(windows, side, r.timestamp, ctx.currentStreamTimeMs())) {
          // Kafka: a late record is not buffered (its window has expired) but still probes the
          // other side, so it can join partners still buffered and, on an outer side, is emitted
          // with a null partner.
          ctx.reportLate({ store: storeName, key: r.key, value: r.value, timestamp: r.timestamp });
          return ctx.forward(r);
        }
        const old = store.fetch(r.key, r.timestamp);
        store.put(r.key, { value: old === null ? [r.value] : [...old.value, r.value], timestamp: r.timestamp }, r.timestamp);
        ctx.forward(r);
      },
    };
    return p;
  };
}

export interface StreamJoinSideOptions<VR> {
  windows: JoinWindows;
  /** Whether this processor handles the left input. */
  thisIsLeft: boolean;
  /** Whether records of this side without a partner are emitted (left side of left/outer joins, right side of outer joins). */
  outer: boolean;
  thisStore: string;
  otherStore: string;
  /** The shared store of unmatched records, present for left and outer joins. */
  outerStore: string | null;
  /** The user's joiner, always (left, right). */
  joiner: (left: any, right: any) => VR;
}

/** Joins each buffered record with the other side's records in its window. */
export function streamJoinProcessor<K, V, VR>(options: StreamJoinSideOptions<VR>): ProcessorSupplier<K, V, K, VR> {
  const { windows, thisIsLeft, outer, joiner } = options;
  const thisSide: JoinSide = thisIsLeft ? 'left' : 'right';
  const pair = (mine: unknown, other: unknown): VR => (thisIsLeft ? joiner(mine, other) : joiner(other, mine));
  return () => {
    let ctx: Ctx;
    let otherStore: TimestampedWindowStore<K, unknown[]>;
    let leftStore: TimestampedWindowStore<K, unknown[]>;
    let rightStore: TimestampedWindowStore<K, unknown[]>;
    let outerStore: OuterStore<K> | null = null;
    let shared: SharedOuterState<K> | null = null;
    const lookaheadMinMs = Math.min(lookaheadMs(windows, 'left'), lookaheadMs(windows, 'right'));
    const lookaheadMaxMs = Math.max(lookaheadMs(windows, 'left'), lookaheadMs(windows, 'right'));
    const idOf = (k: OuterKey<K>) => outerStore!.keyBytes(k).toString('latin1');

    /** Emits, oldest first, the unmatched records whose windows have closed. */
    function emitClosed(streamTimeMs: number): void {
      if (outerStore === null || shared === null) return;
      const { index } = shared;
      if (index.oldestMs() + lookaheadMinMs + windows.graceMs >= streamTimeMs) return;
      const stopAtMs = streamTimeMs - lookaheadMaxMs - windows.graceMs;
      const closed = index.takeClosed(stopAtMs, (timestamp, k) => isJoinWindowClosed(windows, k.left ? 'left' : 'right', timestamp, streamTimeMs));
      for (const k of closed) {
        const stored = outerStore.get(k);
        for (const v of stored?.value.values ?? []) {
          ctx.forward({ key: k.key, value: k.left ? joiner(v, null) : joiner(null, v), timestamp: k.timestamp, headers: [] });
        }
        outerStore.put(k, null);
        // The record got its null result: it must not join a partner arriving late in its window.
        (k.left ? leftStore : rightStore).put(k.key, null, k.timestamp);
      }
    }

    async function join(r: StreamRecord<K, V>): Promise<void> {
      if (shared !== null && !shared.ready) await loadIndex(outerStore!, shared);
      emitClosed(ctx.currentStreamTimeMs());
      const { fromMs, toMs } = windows.otherSideRange(thisSide, r.timestamp);
      let matched = false;
      for await (const partner of otherStore.fetchRange(r.key, fromMs, toMs)) {
        matched = true;
        if (shared !== null) {
          // The partner, if it was waiting unmatched, is matched now.
          const partnerKey: OuterKey<K> = { timestamp: partner.windowStartMs, left: !thisIsLeft, key: r.key };
          if (shared.index.remove(idOf(partnerKey))) outerStore!.put(partnerKey, null);
        }
        const timestamp = Math.max(r.timestamp, partner.windowStartMs);
        for (const v of partner.value.value) ctx.forward({ key: r.key, value: pair(r.value, v), timestamp, headers: r.headers });
      }
      if (matched || !outer) return;
      // Legacy windows emit at once; so does Kafka 3.x for a record whose window already ended
      // (it arrived out of order), rather than holding it in the outer store.
      if (outerStore === null || shared === null || toMs < ctx.currentStreamTimeMs()) {
        ctx.forward({ key: r.key, value: pair(r.value, null), timestamp: r.timestamp, headers: r.headers });
        return;
      }
      const k: OuterKey<K> = { timestamp: r.timestamp, left: thisIsLeft, key: r.key };
      const old = outerStore.get(k);
      outerStore.put(k, { value: { left: thisIsLeft, values: old === null ? [r.value] : [...old.value.values, r.value] }, timestamp: r.timestamp });
      shared.index.add(idOf(k), r.timestamp, k);
    }

    const p: Processor<K, V, K, VR> = {
      init(context) {
        ctx = context as unknown as Ctx;
        const thisStore = ctx.getStateStore<TimestampedWindowStore<K, unknown[]>>(options.thisStore);
        otherStore = ctx.getStateStore(options.otherStore);
        [leftStore, rightStore] = thisIsLeft ? [thisStore, otherStore] : [otherStore, thisStore];
        if (options.outerStore !== null) {
          const store = ctx.getStateStore<OuterStore<K>>(options.outerStore);
          outerStore = store;
          shared = sharedState(store);
        }
      },
      process(r) {
        if (r.value === null || r.value === undefined) return ctx.reportDropped('null value in a stream-stream join');
        if (r.key === null || r.key === undefined) {
          // Kafka 3.x: an outer side forwards a null-key record with a null partner at once.
          if (outer) return ctx.forward({ ...r, value: pair(r.value, null) });
          return ctx.reportDropped('null key in a stream-stream join');
        }
        return join(r);
      },
    };
    return p;
  };
}
