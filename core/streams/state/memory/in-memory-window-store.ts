/** An in-memory segmented window store, with the same contract as the LevelDB one. */
import { SegmentedWindowStore, stripSegmentSink, type WindowStoreOptions } from '../segmented-window-store.js';
import { InMemoryKeyValueStore, type InMemoryStoreOptions } from './in-memory-key-value-store.js';

export type InMemoryWindowStoreOptions = InMemoryStoreOptions & WindowStoreOptions;

export function createInMemoryWindowStore(options: InMemoryWindowStoreOptions): Promise<SegmentedWindowStore> {
  const inner = new InMemoryKeyValueStore({ ...options, changelog: stripSegmentSink(options.changelog) });
  return SegmentedWindowStore.create(inner, options);
}
