/**
 * Sliding-window aggregation (Kafka Streams 3.x's KStreamSlidingWindowAggregate). Windows are
 * [start, end] with end = start + timeDifferenceMs, anchored on records (see
 * windows/sliding-windows.ts). For a record at t the processor range-fetches the key's windows
 * with start in [t - 2·diff - 1, t + 1] and then:
 * - reports the record late when even [t, t + diff] would be closed (Kafka drops it);
 * - updates every existing window that contains t (closed ones are skipped);
 * - creates the windows `SlidingWindows.updatesFor` says are new and the store lacks. The record
 *   timestamps `updatesFor` needs are the windows' max-record timestamps (every window's stored
 *   timestamp is its latest record, and each record's left window ends at it). New windows start
 *   from: the aggregate of the records before t in t's left window (the latest window ending
 *   before t, if its records reach t - diff), else `initializer()`; t's own right window copies
 *   the aggregate of the records after t (the latest-starting window containing t whose latest
 *   record is after t) and does not contain t.
 * Forward order and timestamps follow Kafka 3.x: updates by descending start (ascending for
 * "early" records t < diff, which share the window [0, diff]), then the previous record's right
 * window, t's left window, t's right window; each carries the window's latest record timestamp.
 * A record that ends up in no open window is reported late too, never dropped silently.
 */
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { TimestampedWindowStore, ValueAndTimestamp } from '../../runtime/store-facades.js';
import type { SlidingWindows } from '../../windows/sliding-windows.js';
import type { Window, Windowed } from '../../windows/window.js';
import type { Change } from '../change.js';

interface Existing<VA> {
  readonly window: Window;
  readonly agg: ValueAndTimestamp<VA>;
}

/** One window write the record causes, in forward order. */
interface Step<VA> {
  readonly window: Window;
  /** The aggregate before the record (for updates: the window's; for new windows: their base). */
  readonly base: ValueAndTimestamp<VA> | null;
  readonly isNew: boolean;
  /** False only for t's own right window, which copies `base` without adding the record. */
  readonly addsRecord: boolean;
}

/** The processor behind `SlidingWindowedKStream.count/reduce/aggregate`. */
export function slidingWindowAggregateProcessor<K, V, VA>(storeName: string, windows: SlidingWindows, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  const diff = windows.timeDifferenceMs;
  return () => {
    let ctx: InternalProcessorContext;
    let store: TimestampedWindowStore<K, VA>;

    async function fetchExisting(key: K, t: number): Promise<Existing<VA>[]> {
      const found: Existing<VA>[] = [];
      for await (const e of store.fetchRange(key, Math.max(0, t - 2 * diff - 1), t + 1)) {
        found.push({ window: { startMs: e.windowStartMs, endMs: e.windowStartMs + diff }, agg: e.value });
      }
      return found;
    }

    function apply(record: StreamRecord<K, V>, existing: Existing<VA>[]): void {
      const t = record.timestamp;
      const streamTimeMs = ctx.currentStreamTimeMs();
      let inOpenWindow = false;
      for (const step of plan(t, existing)) {
        const { window } = step;
        if (step.addsRecord && windows.isWindowClosed(window, streamTimeMs)) continue;
        let next: ValueAndTimestamp<VA>;
        if (!step.addsRecord) {
          next = step.base!;
        } else {
          const value = aggregator(record.key, record.value, step.base === null ? initializer() : step.base.value);
          const timestamp = step.isNew || step.base === null ? t : Math.max(t, step.base.timestamp);
          next = { value, timestamp };
          inOpenWindow = true;
        }
        store.put(record.key, next, window.startMs);
        const oldValue = step.isNew ? null : step.base!.value;
        ctx.forward({ key: { key: record.key, window } satisfies Windowed<K>, value: { newValue: next.value, oldValue } satisfies Change<VA>, timestamp: next.timestamp, headers: record.headers });
      }
      if (!inOpenWindow) ctx.reportLate({ store: storeName, key: record.key, value: record.value, timestamp: t });
    }

    /** Which windows the record at t writes, in Kafka's forward order. */
    function plan(t: number, existing: Existing<VA>[]): Step<VA>[] {
      const byStart = new Map(existing.map((e) => [e.window.startMs, e]));
      const leftStart = Math.max(0, t - diff);
      const contains = (w: Window): boolean => w.startMs <= t && t <= w.endMs;
      const updates = existing.filter((e) => contains(e.window)).map((e): Step<VA> => ({ window: e.window, base: e.agg, isNew: false, addsRecord: true }));
      const { created } = windows.updatesFor(t, existing.map((e) => e.agg.timestamp));
      const fresh = created.filter((c) => !byStart.has(c.window.startMs));
      const leftBase = latest(existing.filter((e) => e.window.endMs < t && e.agg.timestamp >= t - diff));
      const rightBase = latest(existing.filter((e) => e.window.startMs <= t && e.window.endMs > t && e.agg.timestamp > t));
      const previousRight = fresh.filter((c) => c.containsRecord && c.window.startMs !== leftStart).map((c): Step<VA> => ({ window: c.window, base: null, isNew: true, addsRecord: true }));
      const left = fresh.filter((c) => c.window.startMs === leftStart).map((c): Step<VA> => ({ window: c.window, base: leftBase?.agg ?? null, isNew: true, addsRecord: true }));
      const right = fresh.filter((c) => !c.containsRecord && rightBase !== undefined).map((c): Step<VA> => ({ window: c.window, base: rightBase!.agg, isNew: true, addsRecord: false }));
      if (t < diff) {
        // Early records (Kafka's processEarly): ascending updates, then right windows, then [0, diff].
        const ascending = updates.filter((u) => u.window.startMs !== 0).sort((a, b) => a.window.startMs - b.window.startMs);
        return [...ascending, ...right, ...previousRight, ...updates.filter((u) => u.window.startMs === 0), ...left];
      }
      const descending = updates.sort((a, b) => b.window.startMs - a.window.startMs);
      return [...descending, ...previousRight, ...left, ...right];
    }

    const processor: Processor<K, V, Windowed<K>, Change<VA>> = {
      init(context) {
        ctx = context as unknown as InternalProcessorContext;
        store = ctx.getStateStore<TimestampedWindowStore<K, VA>>(storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined) return ctx.reportDropped('null key in a sliding-windowed aggregation');
        if (record.value === null || record.value === undefined) return ctx.reportDropped('null value in a sliding-windowed aggregation');
        if (windows.isRecordLate(record.timestamp, ctx.currentStreamTimeMs())) {
          ctx.reportLate({ store: storeName, key: record.key, value: record.value, timestamp: record.timestamp });
          return;
        }
        return fetchExisting(record.key, record.timestamp).then((existing) => apply(record, existing));
      },
    };
    return processor;
  };
}

/** The window with the largest start, if any. */
function latest<VA>(candidates: Existing<VA>[]): Existing<VA> | undefined {
  let best: Existing<VA> | undefined;
  for (const c of candidates) if (best === undefined || c.window.startMs > best.window.startMs) best = c;
  return best;
}
