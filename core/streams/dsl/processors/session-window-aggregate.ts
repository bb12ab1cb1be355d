/**
 * Session-window aggregation (Kafka Streams 3.x's KStreamSessionWindowAggregate). For each record
 * at t the processor reads the key's sessions within the inactivity gap of t from the session
 * store, merges them with `SessionWindows.merge`, and then:
 * 1. if the merged session is closed, reports the record late and changes nothing;
 * 2. otherwise removes every merged-away session and forwards a tombstone for each
 *    (`Change{newValue: null, oldValue}` keyed by that session, timestamped at its end);
 * 3. folds the merged sessions' aggregates with `merger` (starting from `initializer()`), adds the
 *    record with `aggregator`, stores the result and forwards `Change{newValue, oldValue: null}`
 *    keyed by the merged session, timestamped at the session end, as Kafka does.
 *
 * Closing: Kafka 3.x keeps a session open while `end >= streamTime - grace - gap` (a record up to
 * `gap` after the end can still extend it), so a session is closed once
 * `streamTime >= end + gap + 1 + grace`. `sessionCloseTimeMs` is that rule; `SessionWindowedKStream`
 * gives the result table a grace of `grace + gap` so `suppress(untilWindowCloses)` waits for it.
 */
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { SessionEntry, TypedSessionStore } from '../../runtime/store-facades.js';
import type { SessionWindows } from '../../windows/session-windows.js';
import type { Window, Windowed } from '../../windows/window.js';
import type { Change } from '../change.js';

/** The first stream time at which `session` no longer accepts records (see the module comment). */
export function sessionCloseTimeMs(windows: SessionWindows, session: Window): number {
  return windows.windowCloseTimeMs(session);
}

/** The functions of a session aggregation: Kafka's Initializer, Aggregator and Merger. */
export interface SessionAggregation<K, V, VA> {
  initializer: () => VA;
  aggregator: (key: K, value: V, aggregate: VA) => VA;
  merger: (key: K, aggregate1: VA, aggregate2: VA) => VA;
}

/** The processor behind `SessionWindowedKStream.count/reduce/aggregate`. */
export function sessionWindowAggregateProcessor<K, V, VA>(storeName: string, windows: SessionWindows, fns: SessionAggregation<K, V, VA>): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  return () => {
    let ctx: InternalProcessorContext;
    let store: TypedSessionStore<K, VA>;
    const processor: Processor<K, V, Windowed<K>, Change<VA>> = {
      init(context) {
        ctx = context as unknown as InternalProcessorContext;
        store = ctx.getStateStore<TypedSessionStore<K, VA>>(storeName);
      },
      process(record) {
        if (record.key === null || record.key === undefined) return ctx.reportDropped('null key in a session-windowed aggregation');
        if (record.value === null || record.value === undefined) return ctx.reportDropped('null value in a session-windowed aggregation');
        const range = windows.searchRange(record.timestamp);
        // Timestamps are >= 0, so no session ends before 0 (and the store rejects negative bounds).
        const found = store.findSessions(record.key, Math.max(0, range.earliestEndMs), range.latestStartMs);
        return found.then((sessions) => apply(record, sessions));
      },
    };

    function apply(record: StreamRecord<K, V>, found: SessionEntry<K, VA>[]): void {
      const key = record.key;
      const { merged, removed } = windows.merge(record.timestamp, found.map((s) => ({ startMs: s.startMs, endMs: s.endMs })));
      if (ctx.currentStreamTimeMs() >= sessionCloseTimeMs(windows, merged)) {
        ctx.reportLate({ store: storeName, key, value: record.value, timestamp: record.timestamp });
        return;
      }
      let aggregate = fns.initializer();
      for (const session of found) aggregate = fns.merger(key, aggregate, session.value);
      for (const window of removed) {
        const old = found.find((s) => s.startMs === window.startMs && s.endMs === window.endMs)!;
        store.remove(key, window.startMs, window.endMs);
        const tombstone: Change<VA> = { newValue: null, oldValue: old.value };
        ctx.forward({ key: { key, window } satisfies Windowed<K>, value: tombstone, timestamp: window.endMs, headers: record.headers });
      }
      aggregate = fns.aggregator(key, record.value, aggregate);
      store.put(key, merged.startMs, merged.endMs, aggregate);
      const update: Change<VA> = { newValue: aggregate, oldValue: null };
      ctx.forward({ key: { key, window: merged } satisfies Windowed<K>, value: update, timestamp: merged.endMs, headers: record.headers });
    }

    return processor;
  };
}
