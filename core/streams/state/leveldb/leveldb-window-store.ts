/** Opens a segmented window store on LevelDB (see segmented-window-store.ts for the layout). */
import { SegmentedWindowStore, stripSegmentSink, type WindowStoreOptions } from '../segmented-window-store.js';
import { LevelDbKeyValueStore, type LevelDbStoreOptions } from './leveldb-key-value-store.js';

export type LevelDbWindowStoreOptions = LevelDbStoreOptions & WindowStoreOptions;

export async function openLevelDbWindowStore(options: LevelDbWindowStoreOptions): Promise<SegmentedWindowStore> {
  const inner = await LevelDbKeyValueStore.open({ ...options, changelog: stripSegmentSink(options.changelog) });
  return SegmentedWindowStore.create(inner, options);
}
