/** Opens the state store a definition describes: LevelDB under `dir`, or memory. */
import { join } from 'node:path';
import type { StoreDef } from '../topology/nodes.js';
import type { ChangelogSink, StateStore } from '../state/store.js';
import { LevelDbKeyValueStore } from '../state/leveldb/leveldb-key-value-store.js';
import { openLevelDbWindowStore } from '../state/leveldb/leveldb-window-store.js';
import { openLevelDbSessionStore } from '../state/leveldb/leveldb-session-store.js';
import { InMemoryKeyValueStore } from '../state/memory/in-memory-key-value-store.js';
import { createInMemoryWindowStore } from '../state/memory/in-memory-window-store.js';
import { createInMemorySessionStore } from '../state/memory/in-memory-session-store.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface OpenStoreOptions {
  /** The task's state directory; null opens an in-memory store whatever the definition says. */
  taskDir: string | null;
  changelog?: ChangelogSink;
  cacheMaxBytes?: number;
}

export async function openStore(def: StoreDef, options: OpenStoreOptions): Promise<StateStore> {
  const persistent = def.persistent && options.taskDir !== null;
  const base = { name: def.name, changelog: options.changelog };
  const dir = persistent ? join(options.taskDir!, def.name) : '';
  const retentionMs = def.retentionMs ?? DAY_MS;
  switch (def.kind) {
    case 'keyValue':
      return persistent ? LevelDbKeyValueStore.open({ ...base, dir, cacheMaxBytes: options.cacheMaxBytes }) : new InMemoryKeyValueStore(base);
    case 'window':
      return persistent ? openLevelDbWindowStore({ ...base, dir, cacheMaxBytes: options.cacheMaxBytes, retentionMs }) : createInMemoryWindowStore({ ...base, retentionMs });
    case 'session':
      return persistent
        ? openLevelDbSessionStore({ ...base, dir, cacheMaxBytes: options.cacheMaxBytes, retentionMs: def.retentionMs })
        : createInMemorySessionStore({ ...base, retentionMs: def.retentionMs });
  }
}
