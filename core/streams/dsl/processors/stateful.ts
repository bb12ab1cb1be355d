/**
 * Stateful DSL operators over timestamped stores: stream aggregation, tumbling/hopping window
 * aggregation, table sources, table-side filter/mapValues/groupBy, table-table and stream-table
 * joins. Each forwards KTable results as `Change` values (new and old), as Kafka Streams does.
 */
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { TimestampedKeyValueStore, TimestampedWindowStore } from '../../runtime/store-facades.js';
import type { TimeWindows } from '../../windows/time-windows.js';
import type { Windowed } from '../../windows/window.js';
import type { Change } from '../change.js';
import { memoizedTableReader } from './table-value-memo.js';

type Ctx = InternalProcessorContext;

/** A processor that gets the internal context and a store by name at init. */
function withStore<S, K, V>(storeName: string | null, body: (ctx: Ctx, store: S) => (record: StreamRecord<K, V>) => void | Promise<void>): ProcessorSupplier<K, V, unknown, unknown> {
  return () => {
    let handler: (record: StreamRecord<K, V>) => void | Promise<void>;
    const p: Processor<K, V, unknown, unknown> = {
      init(context) {
        const ctx = context as unknown as Ctx;
        handler = body(ctx, (storeName === null ? null : ctx.getStateStore<S>(storeName)) as S);
      },
      process: (record) => handler(record),
    };
    return p;
  };
}

/**
 * count / reduce / aggregate of a grouped stream. Results go through the store's result cache
 * (see ForwardCache): with caching (the default) one per key and commit, else one per update.
 * `first` (reduce) makes a key's first value its aggregate instead of aggregating it into
 * `initializer()`; `what` names the operator in drop reports.
 */
export function streamAggregateProcessor<K, V, VA>(storeName: string, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, first?: (value: V) => VA, what = 'an aggregation') {
  return withStore<TimestampedKeyValueStore<K, VA>, K, V>(storeName, (ctx, store) => {
    const results = ctx.forwardCache<K, VA>(storeName);
    return (r) => {
      if (r.key === null || r.key === undefined) return ctx.reportDropped(`null key in ${what}`);
      if (r.value === null) return ctx.reportDropped(`null value in ${what}`);
      const keyBytes = store.keyBytes(r.key);
      const old = store.getBytes(keyBytes);
      const value = old === null && first !== undefined ? first(r.value) : aggregator(r.key, r.value, old === null ? initializer() : old.value);
      const timestamp = old === null ? r.timestamp : Math.max(old.timestamp, r.timestamp);
      const size = store.putBytes(keyBytes, { value, timestamp });
      results.update(store.keyIdOf(r.key, keyBytes), -1, r.key, value, old?.value ?? null, timestamp, r.headers, size);
    };
  });
}

/** reduce: the first value is the aggregate; later ones are combined. */
export function streamReduceProcessor<K, V>(storeName: string, reducer: (aggregate: V, value: V) => V) {
  return streamAggregateProcessor<K, V, V>(storeName, () => undefined as never, (_k, v, aggregate) => reducer(aggregate, v), (v) => v, 'a reduce');
}

/**
 * Tumbling / hopping window aggregation; closed windows are skipped, wholly late records reported.
 * As in Kafka, windows close on the stream time this processor has observed (the largest
 * timestamp that reached it), not the task's: records filtered out upstream do not close windows.
 * It starts from the task's stream time at init, which is -1 unless restored after a restart.
 */
export function timeWindowAggregateProcessor<K, V, VA>(storeName: string, windows: TimeWindows, initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA) {
  return withStore<TimestampedWindowStore<K, VA>, K, V>(storeName, (ctx, store) => {
    const results = ctx.forwardCache<K, VA>(storeName, (key, startMs): Windowed<K> => ({ key, window: { startMs, endMs: startMs + windows.sizeMs } }));
    let observedStreamTimeMs = ctx.currentStreamTimeMs();
    return (r) => {
      if (r.key === null || r.key === undefined) return ctx.reportDropped('null key in a windowed aggregation');
      if (r.value === null) return ctx.reportDropped('null value in a windowed aggregation');
      observedStreamTimeMs = Math.max(observedStreamTimeMs, r.timestamp);
      let updated = 0;
      let keyBytes: Buffer | undefined;
      let keyId: string | undefined;
      const first = windows.firstWindowStartFor(r.timestamp);
      for (let startMs = first; first >= 0 && startMs <= r.timestamp; startMs += windows.advanceMs) {
        if (windows.isWindowStartingAtClosed(startMs, observedStreamTimeMs)) continue;
        keyBytes ??= store.keyBytes(r.key);
        keyId ??= store.keyIdOf(r.key, keyBytes);
        const old = store.fetchBytes(keyBytes, startMs);
        const value = aggregator(r.key, r.value, old === null ? initializer() : old.value);
        const timestamp = old === null ? r.timestamp : Math.max(old.timestamp, r.timestamp);
        const size = store.putBytes(keyBytes, { value, timestamp }, startMs);
        updated += 1;
        results.update(keyId, startMs, r.key, value, old?.value ?? null, timestamp, r.headers, size);
      }
      if (updated === 0) ctx.reportLate({ store: storeName, key: r.key, value: r.value, timestamp: r.timestamp });
    };
  });
}

/**
 * Materializes a table from a stream of upserts (null value = delete) and forwards changes. As
 * Kafka's KTableSource (without caching), a delete of an absent key is forwarded too: toStream()
 * shows the tombstone; table operators downstream ignore a change that is null on both sides.
 */
export function tableSourceProcessor<K, V>(storeName: string) {
  return withStore<TimestampedKeyValueStore<K, V>, K, V | null>(storeName, (ctx, store) => (r) => {
    if (r.key === null || r.key === undefined) return ctx.reportDropped('null key for a table');
    const keyBytes = store.keyBytes(r.key);
    const old = store.getBytes(keyBytes);
    if (r.value !== null || old !== null) store.putBytes(keyBytes, r.value === null ? null : { value: r.value, timestamp: r.timestamp });
    ctx.forward({ key: r.key, value: { newValue: r.value, oldValue: old?.value ?? null } satisfies Change<V>, timestamp: r.timestamp, headers: r.headers });
  });
}

/** Stores the changes a derived table forwards, so it can be joined and queried. */
export function tableMaterializeProcessor<K, V>(storeName: string) {
  return withStore<TimestampedKeyValueStore<K, V>, K, Change<V>>(storeName, (ctx, store) => (r) => {
    if (r.value.newValue !== null || r.value.oldValue !== null) store.put(r.key, r.value.newValue === null ? null : { value: r.value.newValue, timestamp: r.timestamp });
    ctx.forward(r);
  });
}

/**
 * A table operator (filter, mapValues) that also writes its result into a store, as Kafka's
 * operators do when given a Materialized store name: one node, the store attached to it.
 */
export function materializingProcessor<K, V>(inner: ProcessorSupplier<K, Change<unknown>, unknown, unknown>, storeName: string): ProcessorSupplier<K, Change<unknown>, K, Change<V>> {
  return () => {
    const processor = inner();
    return {
      init(context) {
        const store = context.getStateStore<TimestampedKeyValueStore<K, V>>(storeName);
        const storing = Object.create(context) as typeof context;
        storing.forward = (record, childName) => {
          const change = record.value as Change<V>;
          if (change.newValue !== null || change.oldValue !== null) store.put(record.key, change.newValue === null ? null : { value: change.newValue, timestamp: record.timestamp });
          context.forward(record, childName);
        };
        return processor.init?.(storing as never);
      },
      process: (record) => processor.process(record),
      close: () => processor.close?.(),
    };
  };
}

/**
 * KTable filter. As Kafka documents, every update whose new value fails the predicate becomes a
 * tombstone downstream, even when the key had no value in the filtered table (Kafka skips those
 * only when a downstream operator asked for old values; Fjord's downstream table operators
 * ignore a change whose new and old values are both null).
 */
export function tableFilterProcessor<K, V>(predicate: (key: K, value: V) => boolean, negate: boolean, skipAbsentDeletes = false) {
  const keep = (k: K, v: V | null): V | null => (v !== null && predicate(k, v) !== negate ? v : null);
  return withStore<null, K, Change<V>>(null, (ctx) => (r) => {
    const newValue = keep(r.key, r.value.newValue);
    const oldValue = keep(r.key, r.value.oldValue);
    if (skipAbsentDeletes && newValue === null && oldValue === null) return;
    ctx.forward({ ...r, value: { newValue, oldValue } });
  });
}

/**
 * A mapped change whose old value is mapped only when someone reads it (toStream never does), so a
 * mapValues upstream of toStream runs the mapper once per update, not twice.
 */
class MappedChange<K, V, VR> implements Change<VR> {
  private old: VR | null | undefined = undefined;
  constructor(readonly newValue: VR | null, private readonly source: V | null, private readonly key: K, private readonly mapper: (value: V, key: K) => VR) {}

  get oldValue(): VR | null {
    if (this.old === undefined) this.old = this.source === null ? null : this.mapper(this.source, this.key);
    return this.old;
  }
}

export function tableMapValuesProcessor<K, V, VR>(mapper: (value: V, key: K) => VR) {
  return withStore<null, K, Change<V>>(null, (ctx) => (r) => {
    const newValue = r.value.newValue === null ? null : mapper(r.value.newValue, r.key);
    ctx.forward({ ...r, value: new MappedChange(newValue, r.value.oldValue, r.key, mapper) });
  });
}

export function tableToStreamProcessor<K, V>() {
  return withStore<null, K, Change<V>>(null, (ctx) => (r) => ctx.forward({ ...r, value: r.value.newValue }));
}

/**
 * A table groupBy's repartition record: subtract the old mapping, add the new one, or (Kafka 3.5+,
 * KIP-904) both in one record when the row stays in its group, so the aggregate updates once.
 */
export interface TableGroupOp<V> {
  op: 'add' | 'sub' | 'upd';
  value: V;
  /** `upd` only: the value to subtract before adding `value`. */
  oldValue?: V;
}

/** `sameKey` compares group keys (by their serialized bytes, as keys are compared on the wire). */
export function tableGroupByProcessor<K, V, KR, VR>(selector: (key: K, value: V) => [KR, VR], sameKey: (a: KR, b: KR) => boolean) {
  return withStore<null, K, Change<V>>(null, (ctx) => (r) => {
    // As Kafka, a pair with a null key or value is skipped (reported here, never silently).
    const select = (value: V | null, which: string): [KR, VR] | null => {
      if (value === null) return null;
      const pair = selector(r.key, value);
      if (pair[0] === null || pair[0] === undefined || pair[1] === null || pair[1] === undefined) {
        ctx.reportDropped(`table groupBy selected a null ${pair[0] === null || pair[0] === undefined ? 'key' : 'value'} for the ${which} value`);
        return null;
      }
      return pair;
    };
    const oldPair = select(r.value.oldValue, 'old');
    const newPair = select(r.value.newValue, 'new');
    if (oldPair !== null && newPair !== null && sameKey(oldPair[0], newPair[0])) {
      ctx.forward({ ...r, key: newPair[0], value: { op: 'upd', value: newPair[1], oldValue: oldPair[1] } satisfies TableGroupOp<VR> });
      return;
    }
    // Subtract first, as Kafka does, so the old group never counts the row twice.
    if (oldPair !== null) ctx.forward({ ...r, key: oldPair[0], value: { op: 'sub', value: oldPair[1] } satisfies TableGroupOp<VR> });
    if (newPair !== null) ctx.forward({ ...r, key: newPair[0], value: { op: 'add', value: newPair[1] } satisfies TableGroupOp<VR> });
  });
}

/**
 * Aggregates a re-grouped table. A subtraction with nothing stored yet is a no-op (Kafka skips it
 * too); an adder or subtractor returning null deletes the row and forwards a tombstone.
 */
export function tableAggregateProcessor<K, V, VA>(storeName: string, initializer: () => VA, adder: (key: K, value: V, aggregate: VA) => VA, subtractor: (key: K, value: V, aggregate: VA) => VA) {
  return withStore<TimestampedKeyValueStore<K, VA>, K, TableGroupOp<V>>(storeName, (ctx, store) => {
    const results = ctx.forwardCache<K, VA>(storeName);
    return (r) => {
      if (r.key === null || r.key === undefined) return ctx.reportDropped('null key in a table aggregation');
      const keyBytes = store.keyBytes(r.key);
      const old = store.getBytes(keyBytes);
      if (r.value.op === 'sub' && old === null) return;
      let value: VA;
      if (r.value.op === 'add') value = adder(r.key, r.value.value, old === null ? initializer() : old.value);
      else if (r.value.op === 'sub') value = subtractor(r.key, r.value.value, old!.value);
      else {
        const base = old === null ? initializer() : subtractor(r.key, r.value.oldValue as V, old.value);
        value = adder(r.key, r.value.value, base ?? initializer());
      }
      const timestamp = old === null ? r.timestamp : Math.max(old.timestamp, r.timestamp);
      const deleted = value === null || value === undefined;
      if (deleted && old === null) return;
      const size = store.putBytes(keyBytes, deleted ? null : { value, timestamp });
      results.update(store.keyIdOf(r.key, keyBytes), -1, r.key, deleted ? null : value, old?.value ?? null, timestamp, r.headers, size);
    };
  });
}

export type JoinKind = 'inner' | 'left' | 'outer';

/**
 * One side of a table-table join on the primary key: a change on this side looks up the other
 * side's store. `thisIsLeft` orders the joiner's arguments.
 */
export function tableTableJoinProcessor<K, V, VO, VR>(otherStore: string, joiner: (left: any, right: any) => VR, kind: JoinKind, thisIsLeft: boolean) {
  return withStore<TimestampedKeyValueStore<K, VO>, K, Change<V>>(otherStore, (ctx, other) => (r) => {
    // A delete of a key this side did not have changes no result (else left/outer joins would
    // forward an update whose new and old values are the same).
    if (r.value.newValue === null && r.value.oldValue === null) return;
    const found = other.get(r.key);
    const otherValue = found?.value ?? null;
    const join = (mine: V | null): VR | null => {
      if (mine === null && otherValue === null) return null;
      const [left, right] = thisIsLeft ? [mine, otherValue] : [otherValue, mine];
      if (kind === 'inner' && (left === null || right === null)) return null;
      if (kind === 'left' && left === null) return null;
      return joiner(left, right);
    };
    const newValue = join(r.value.newValue);
    const oldValue = join(r.value.oldValue);
    if (newValue === null && oldValue === null) return;
    const timestamp = found === null ? r.timestamp : Math.max(r.timestamp, found.timestamp);
    ctx.forward({ ...r, timestamp, value: { newValue, oldValue } satisfies Change<VR> });
  });
}

/** Stream-table (and stream-globalTable) join: each stream record looks the table up. */
export function streamTableJoinProcessor<K, V, KT, VT, VR>(tableStore: string, keySelector: (key: K, value: V) => KT, joiner: (value: V, tableValue: VT | null, key: K) => VR, leftJoin: boolean) {
  return withStore<TimestampedKeyValueStore<KT, VT>, K, V>(tableStore, (ctx, table) => {
    // Decodes each stored row once, handing every join its own copy (see table-value-memo.ts).
    const read = memoizedTableReader(table);
    return (r) => {
      const tableKey = keySelector(r.key, r.value);
      if (tableKey === null || tableKey === undefined || r.value === null) {
        if (leftJoin && r.value !== null) ctx.forward({ ...r, value: joiner(r.value, null, r.key) });
        else ctx.reportDropped('null key or value in a stream-table join');
        return;
      }
      const found = read(tableKey);
      if (found === null && !leftJoin) return;
      ctx.forward({ ...r, value: joiner(r.value, found?.value ?? null, r.key) });
    };
  });
}
