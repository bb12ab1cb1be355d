/** Opens a session store on LevelDB (see key-value-session-store.ts for the layout). */
import { KeyValueSessionStore, type SessionStoreOptions } from '../key-value-session-store.js';
import { LevelDbKeyValueStore, type LevelDbStoreOptions } from './leveldb-key-value-store.js';

export async function openLevelDbSessionStore(options: LevelDbStoreOptions & SessionStoreOptions): Promise<KeyValueSessionStore> {
  return new KeyValueSessionStore(await LevelDbKeyValueStore.open(options), options);
}
