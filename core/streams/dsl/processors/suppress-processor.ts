/**
 * The suppress processor (Kafka's KTableSuppressProcessor). Each incoming `Change` is written to
 * the suppress store as a buffer entry (latest new value, the prior value downstream last saw, the
 * emit time fixed by the key's first buffered update); then every entry whose emit time has been
 * reached by stream time is emitted in (emit time, key bytes) order; then the bounds are enforced.
 * `init` rebuilds the in-memory order from the store, so buffered results survive a restart.
 *
 * Emitted records carry the latest update's timestamp and headers and `Change{newValue,
 * oldValue: prior}`. (Kafka forwards the latest update's oldValue instead; the prior value is what
 * downstream actually saw last, which keeps downstream table aggregations consistent.)
 */
import { FjordError } from '../../../errors.js';
import type { Processor, ProcessorSupplier } from '../../processor/processor.js';
import type { StreamRecord } from '../../processor/record.js';
import type { InternalProcessorContext } from '../../runtime/node-instance.js';
import type { TimestampedKeyValueStore } from '../../runtime/store-facades.js';
import { closeTimeMs, type Windowed } from '../../windows/window.js';
import type { Change } from '../change.js';
import type { Suppressed } from '../suppress.js';
import type { SuppressBufferEntry } from './suppress-buffer-entry.js';
import { SuppressBufferIndex } from './suppress-buffer-index.js';

type Store<K, V> = TimestampedKeyValueStore<K, SuppressBufferEntry<V>>;

/** Builds the processor; `suppressProcessor` in ../suppress.ts validates first. */
export function suppressProcessorFor<K, V>(processorName: string, storeName: string, suppressed: Suppressed, windowed: { graceMs: number; endInclusive: boolean } | null): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  const maxRecords = suppressed.maxRecords ?? Number.POSITIVE_INFINITY;
  const maxBytes = suppressed.maxBytes ?? Number.POSITIVE_INFINITY;
  const emitEarlyWhenFull = suppressed.kind === 'untilTimeLimit' && suppressed.whenFull === 'emitEarly';
  // Final results need no tombstones for windows downstream never saw (Kafka's safeToDropTombstones).
  const dropTombstones = suppressed.kind === 'untilWindowCloses';

  const emitAtMs = (record: StreamRecord<K, Change<V>>): number => {
    if (suppressed.kind === 'untilTimeLimit') return record.timestamp + suppressed.timeToWaitMs;
    const window = (record.key as unknown as Windowed<unknown>).window;
    return closeTimeMs(window, windowed!.graceMs, windowed!.endInclusive);
  };

  return () => {
    let ctx: InternalProcessorContext;
    let store: Store<K, V>;
    const index = new SuppressBufferIndex<K>();
    /**
     * Kafka's observed stream time: the largest timestamp of the records this processor received
     * (from the task's stream time at init: -1, or where a restart resumed). Not the task's
     * stream time, which runs ahead of what a caching aggregation has forwarded yet: a window
     * would be emitted before its last cached update arrived.
     */
    let observedStreamTimeMs = -1;

    const storedSize = (keyBytes: Buffer): number => keyBytes.length + (store.inner.getSync(keyBytes)?.length ?? 0);

    const emit = (key: K, keyBytes: Buffer): void => {
      const stored = store.getBytes(keyBytes);
      index.remove(keyBytes);
      if (stored === null) return;
      store.putBytes(keyBytes, null);
      const entry = stored.value;
      if (entry.newValue === null && dropTombstones) return;
      const change: Change<V> = { newValue: entry.newValue, oldValue: entry.priorValue };
      ctx.forward({ key, value: change, timestamp: stored.timestamp, headers: entry.headers });
    };

    const overCapacity = (): boolean => index.numRecords > maxRecords || index.sizeBytes > maxBytes;

    const enforce = (): void => {
      const streamTimeMs = observedStreamTimeMs;
      for (let next = index.peek(); next !== undefined && next.emitAtMs <= streamTimeMs; next = index.peek()) emit(next.key, next.keyBytes);
      if (!overCapacity()) return;
      if (emitEarlyWhenFull) {
        for (let next = index.peek(); next !== undefined && overCapacity(); next = index.peek()) emit(next.key, next.keyBytes);
        return;
      }
      throw new FjordError(
        'POLICY_VIOLATION',
        `${processorName}: suppress buffer exceeded its max capacity: ${index.numRecords}/${limit(maxRecords)} records and ${index.sizeBytes}/${limit(maxBytes)} bytes ` +
          `(raise maxRecords/maxBytes${suppressed.kind === 'untilTimeLimit' ? ", or use whenFull: 'emitEarly'" : ''})`,
      );
    };

    const processor: Processor<K, Change<V>, K, Change<V>> = {
      async init(context) {
        ctx = context as unknown as InternalProcessorContext;
        store = ctx.getStateStore<Store<K, V>>(storeName);
        observedStreamTimeMs = ctx.currentStreamTimeMs();
        for await (const e of store.all()) {
          const keyBytes = store.keyBytes(e.key);
          index.upsert(e.key, keyBytes, e.value.value.emitAtMs, storedSize(keyBytes));
        }
      },
      process(record) {
        if (record.timestamp > observedStreamTimeMs) observedStreamTimeMs = record.timestamp;
        const keyBytes = store.keyBytes(record.key);
        const existing = store.getBytes(keyBytes);
        const entry: SuppressBufferEntry<V> = {
          emitAtMs: existing?.value.emitAtMs ?? emitAtMs(record),
          priorValue: existing === null ? record.value.oldValue : existing.value.priorValue,
          newValue: record.value.newValue,
          headers: record.headers,
        };
        store.putBytes(keyBytes, { value: entry, timestamp: record.timestamp });
        index.upsert(record.key, keyBytes, entry.emitAtMs, storedSize(keyBytes));
        enforce();
      },
    };
    return processor;
  };
}

function limit(n: number): string {
  return Number.isFinite(n) ? String(n) : 'unbounded';
}
