/** Sliding windows per key (stub: implemented in the windowing work). */
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { Windowed } from '../windows/window.js';
import { FjordError } from '../../errors.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './options.js';

export class SlidingWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SlidingWindows) {}

  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'sliding window count is not implemented yet');
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    void reducer; void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'sliding window reduce is not implemented yet');
  }

  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    void initializer; void aggregator; void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'sliding window aggregate is not implemented yet');
  }
}
