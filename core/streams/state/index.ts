/** The state-store layer of Fjord Streams: explicit named re-exports. */
export type {
  ChangelogOffset,
  ChangelogRecord,
  ChangelogSink,
  KeyValue,
  KeyValueStore,
  SessionKey,
  SessionStore,
  SessionValue,
  StateStore,
  WindowStore,
  WindowedValue,
} from './store.js';
export { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from './checkpoint.js';
export { parseSessionKey, parseWindowKey, sessionKeyBytes, windowKey } from './key-schema.js';
export { KeyValueSessionStore } from './key-value-session-store.js';
export { SegmentedWindowStore, defaultSegmentIntervalMs, type WindowStoreOptions } from './segmented-window-store.js';
export {
  CACHE_MAX_BYTES_DEFAULT,
  LevelDbKeyValueStore,
  type LevelDbStoreOptions,
} from './leveldb/leveldb-key-value-store.js';
export { openLevelDbSessionStore } from './leveldb/leveldb-session-store.js';
export { openLevelDbWindowStore, type LevelDbWindowStoreOptions } from './leveldb/leveldb-window-store.js';
export { InMemoryKeyValueStore, type InMemoryStoreOptions } from './memory/in-memory-key-value-store.js';
export { createInMemorySessionStore } from './memory/in-memory-session-store.js';
export { createInMemoryWindowStore, type InMemoryWindowStoreOptions } from './memory/in-memory-window-store.js';
