/**
 * A session store over a byte store. The key `key | end | start` puts the sessions of one key in
 * end-time order, so `findSessions(key, earliestEnd, latestStart)` is one scan from
 * `key | earliestEnd` to the end of the key, keeping sessions that start no later than
 * `latestStart`: exactly the sessions overlapping [earliestEnd, latestStart].
 */
import { assert } from '../../errors.js';
import type { BytesStore } from './bytes-store.js';
import { TIME_MAX_BYTES, parseSessionKey, sessionKeyBytes, timeBytes } from './key-schema.js';
import type { ChangelogOffset, ChangelogRecord, SessionKey, SessionStore, SessionValue } from './store.js';

function storageKey(session: SessionKey): Buffer {
  if (!(session.startMs <= session.endMs)) assert(false, `session starts after it ends: ${session.startMs} > ${session.endMs}`);
  return sessionKeyBytes(session.key, session.endMs, session.startMs);
}

export class KeyValueSessionStore implements SessionStore {
  constructor(private readonly inner: BytesStore) {}

  get name(): string {
    return this.inner.name;
  }

  get checkpointedOffsets(): readonly ChangelogOffset[] {
    return this.inner.checkpointedOffsets;
  }

  put(session: SessionKey, value: Buffer): void {
    this.inner.put(storageKey(session), value);
  }

  remove(session: SessionKey): void {
    this.inner.delete(storageKey(session));
  }

  fetchSession(session: SessionKey): Promise<Buffer | null> {
    return this.inner.get(storageKey(session));
  }

  async *findSessions(key: Buffer, earliestEndMs: number, latestStartMs: number): AsyncIterableIterator<SessionValue> {
    const bounds = {
      gte: Buffer.concat([key, timeBytes(earliestEndMs), timeBytes(0)]),
      lte: Buffer.concat([key, TIME_MAX_BYTES, TIME_MAX_BYTES]),
    };
    for await (const { key: stored, value } of this.inner.scan(bounds)) {
      const session = parseSessionKey(stored);
      // A longer key that starts with `key` also falls in the scan; compare exactly.
      if (!session.key.equals(key) || session.startMs > latestStartMs) continue;
      yield { session, value };
    }
  }

  fetch(key: Buffer): AsyncIterableIterator<SessionValue> {
    return this.findSessions(key, 0, Number.MAX_SAFE_INTEGER);
  }

  flush(offsets?: readonly ChangelogOffset[]): Promise<void> {
    return this.inner.flush(offsets);
  }

  restore(records: Iterable<ChangelogRecord>): Promise<void> {
    return this.inner.restore(records);
  }

  wipe(): Promise<void> {
    return this.inner.wipe();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
