/** Picks the typed view a store definition asks for. */
import type { StoreDef } from '../topology/nodes.js';
import type { KeyValueStore, SessionStore, StateStore, WindowStore } from '../state/store.js';
import { Serdes } from '../serdes/serdes.js';
import { TimestampedKeyValueStore, TimestampedWindowStore, TypedKeyValueStore, TypedSessionStore } from './store-facades.js';

export function storeFacade(def: StoreDef, inner: StateStore): unknown {
  const keySerde = def.keySerde ?? Serdes.ByteArray();
  const valueSerde = def.valueSerde ?? Serdes.ByteArray();
  switch (def.kind) {
    case 'keyValue':
      return def.timestamped
        ? new TimestampedKeyValueStore(inner as KeyValueStore, keySerde, valueSerde)
        : new TypedKeyValueStore(inner as KeyValueStore, keySerde, valueSerde);
    case 'window':
      return new TimestampedWindowStore(inner as WindowStore, keySerde, valueSerde);
    case 'session':
      return new TypedSessionStore(inner as SessionStore, keySerde, valueSerde);
  }
}
