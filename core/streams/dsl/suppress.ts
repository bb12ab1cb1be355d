/**
 * `KTable.suppress` configuration (Kafka's `Suppressed` and `BufferConfig`) and the processor
 * supplier `KTable.suppress` installs. Two modes:
 * - `untilWindowCloses`: emit-final for windowed tables: one result per window, once stream time
 *   reaches the window's close (its exclusive end + grace), in close order; tombstones of windows
 *   that never reached downstream are dropped. ksqlDB's EMIT FINAL compiles to this.
 * - `untilTimeLimit(ms)`: rate limiting: a key's latest value is emitted once stream time reaches
 *   its first buffered update's timestamp + ms; tombstones are emitted too.
 * The buffer lives in the store `KTable.suppress` creates, so it survives restarts.
 * Bounds: `maxRecords` / `maxBytes` (unbounded by default). `untilWindowCloses` always shuts down
 * when full (Kafka's StrictBufferConfig); `untilTimeLimit` emits the oldest entries early by default
 * (`whenFull: 'emitEarly'`, Kafka's `BufferConfig.maxRecords(n)`) or shuts down with
 * `whenFull: 'shutDown'`.
 */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { suppressBufferEntrySerde, type SuppressBufferEntry } from './processors/suppress-buffer-entry.js';
import { suppressProcessorFor } from './processors/suppress-processor.js';

/** What to do when the buffer exceeds maxRecords or maxBytes. */
export type BufferFullStrategy = 'emitEarly' | 'shutDown';

/** Buffer bounds shared by both modes. */
export interface SuppressBufferOptions {
  /** The processor name (Kafka's `Suppressed.withName`). */
  name?: string;
  /** Most keys the buffer may hold (integer >= 1); unbounded when absent. */
  maxRecords?: number;
  /** Most key + value bytes the buffer may hold (integer >= 1); unbounded when absent. */
  maxBytes?: number;
}

/** A suppression: the mode and the buffer bounds (build one with the `Suppressed` factories). */
export type Suppressed =
  | { kind: 'untilWindowCloses'; name?: string; maxRecords?: number; maxBytes?: number }
  | { kind: 'untilTimeLimit'; timeToWaitMs: number; name?: string; maxRecords?: number; maxBytes?: number; whenFull?: BufferFullStrategy };

function checkBounds(where: string, options: SuppressBufferOptions): void {
  for (const field of ['maxRecords', 'maxBytes'] as const) {
    const value = options[field];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new FjordError('INVALID_ARGUMENT', `${where}: ${field} must be an integer >= 1, got ${String(value)}`);
    }
  }
}

/** Factories for suppressions, validating their arguments. */
export const Suppressed = {
  /** Emit-final: one result per window once it closes. Shuts down if the buffer overflows. */
  untilWindowCloses(options: SuppressBufferOptions & { whenFull?: 'shutDown' } = {}): Suppressed {
    checkBounds('Suppressed.untilWindowCloses', options);
    if (options.whenFull !== undefined && options.whenFull !== 'shutDown') {
      throw new FjordError('INVALID_ARGUMENT', `Suppressed.untilWindowCloses: whenFull must be 'shutDown' (emitting early would break emit-final), got ${String(options.whenFull)}`);
    }
    return { kind: 'untilWindowCloses', name: options.name, maxRecords: options.maxRecords, maxBytes: options.maxBytes };
  },
  /** Emits a key's latest value `timeToWaitMs` of stream time after its first buffered update. */
  untilTimeLimit(timeToWaitMs: number, options: SuppressBufferOptions & { whenFull?: BufferFullStrategy } = {}): Suppressed {
    if (!Number.isSafeInteger(timeToWaitMs) || timeToWaitMs < 0) {
      throw new FjordError('INVALID_ARGUMENT', `Suppressed.untilTimeLimit: timeToWaitMs must be an integer >= 0 ms, got ${String(timeToWaitMs)}`);
    }
    checkBounds('Suppressed.untilTimeLimit', options);
    if (options.whenFull !== undefined && options.whenFull !== 'emitEarly' && options.whenFull !== 'shutDown') {
      throw new FjordError('INVALID_ARGUMENT', `Suppressed.untilTimeLimit: whenFull must be 'emitEarly' or 'shutDown', got ${String(options.whenFull)}`);
    }
    return { kind: 'untilTimeLimit', timeToWaitMs, name: options.name, maxRecords: options.maxRecords, maxBytes: options.maxBytes, whenFull: options.whenFull ?? 'emitEarly' };
  },
};

/** The value serde of the suppress store: buffer entries around the table's value serde. */
export function suppressBufferSerde<V>(valueSerde: Serde<V>): Serde<SuppressBufferEntry<V>> {
  return suppressBufferEntrySerde(valueSerde);
}

/**
 * The suppress processor for a table. `windowed` is the table's window close rule (null for
 * tables not keyed by windows, which only `untilTimeLimit` accepts). The store is named
 * `<processor>-store` by `KTable.suppress`.
 */
export function suppressProcessor(storeName: string, suppressed: Suppressed, windowed: { graceMs: number; endInclusive: boolean } | null): ProcessorSupplier<any, any, any, any> {
  const processorName = storeName.endsWith('-store') ? storeName.slice(0, -'-store'.length) : storeName;
  if (suppressed.kind === 'untilWindowCloses' && windowed === null) {
    throw new FjordError('INVALID_ARGUMENT', `${processorName}: suppress(untilWindowCloses) needs a windowed table (the result of windowedBy(...).count/reduce/aggregate); this table's keys are not windowed — use untilTimeLimit instead`);
  }
  return suppressProcessorFor(processorName, storeName, suppressed, windowed);
}
