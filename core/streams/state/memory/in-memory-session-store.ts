/** An in-memory session store, with the same contract as the LevelDB one. */
import { KeyValueSessionStore, type SessionStoreOptions } from '../key-value-session-store.js';
import { InMemoryKeyValueStore, type InMemoryStoreOptions } from './in-memory-key-value-store.js';

export function createInMemorySessionStore(options: InMemoryStoreOptions & SessionStoreOptions): KeyValueSessionStore {
  return new KeyValueSessionStore(new InMemoryKeyValueStore(options), options);
}
