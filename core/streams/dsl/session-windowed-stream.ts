/** Session windows per key (stub: implemented in the windowing work). */
import type { SessionWindows } from '../windows/session-windows.js';
import type { Windowed } from '../windows/window.js';
import { FjordError } from '../../errors.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './options.js';

export class SessionWindowedKStream<K, V> {
  constructor(/** @internal */ readonly grouped: KGroupedStream<K, V>, readonly windows: SessionWindows) {}

  count(materialized: Materialized<K, number> = {}): KTable<Windowed<K>, number> {
    void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'session window count is not implemented yet');
  }

  reduce(reducer: (aggregate: V, value: V) => V, materialized: Materialized<K, V> = {}): KTable<Windowed<K>, V> {
    void reducer; void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'session window reduce is not implemented yet');
  }

  /** `merger` combines two sessions' aggregates when a record bridges them. */
  aggregate<VA>(initializer: () => VA, aggregator: (key: K, value: V, aggregate: VA) => VA, merger: (key: K, a: VA, b: VA) => VA, materialized: Materialized<K, VA> = {}): KTable<Windowed<K>, VA> {
    void initializer; void aggregator; void merger; void materialized;
    throw new FjordError('INVALID_ARGUMENT', 'session window aggregate is not implemented yet');
  }
}
