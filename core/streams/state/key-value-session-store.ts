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

/** Sessions ending more than `retentionMs` before the latest session end are expired. */
export interface SessionStoreOptions {
  retentionMs?: number;
}

export class KeyValueSessionStore implements SessionStore {
  /** The largest session end put (a lower bound after reopening, until the next put). */
  private observedEndMs = -1;
  /** Sessions ending at or below this were swept by the last expiry pass. */
  private sweptBelowMs = -1;
  private readonly retentionMs: number | undefined;

  constructor(private readonly inner: BytesStore, options: SessionStoreOptions = {}) {
    if (options.retentionMs !== undefined && !(Number.isSafeInteger(options.retentionMs) && options.retentionMs > 0)) {
      assert(false, `retentionMs must be a positive integer, got ${options.retentionMs}`);
    }
    this.retentionMs = options.retentionMs;
  }

  /** Sessions ending before this are expired (never returned, removed by the next sweep). */
  private oldestLiveEndMs(): number {
    return this.retentionMs === undefined || this.observedEndMs < 0 ? 0 : Math.max(0, this.observedEndMs - this.retentionMs + 1);
  }

  get name(): string {
    return this.inner.name;
  }

  get checkpointedOffsets(): readonly ChangelogOffset[] {
    return this.inner.checkpointedOffsets;
  }

  put(session: SessionKey, value: Buffer): void {
    if (session.endMs > this.observedEndMs) this.observedEndMs = session.endMs;
    this.inner.put(storageKey(session), value);
  }

  remove(session: SessionKey): void {
    this.inner.delete(storageKey(session));
  }

  fetchSession(session: SessionKey): Promise<Buffer | null> {
    return this.inner.get(storageKey(session));
  }

  async *findSessions(key: Buffer, earliestEndMs: number, latestStartMs: number): AsyncIterableIterator<SessionValue> {
    earliestEndMs = Math.max(earliestEndMs, this.oldestLiveEndMs());
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

  /**
   * Removes expired sessions (as tombstones, so the changelog forgets them too) at most once per
   * half retention of session-end time, then flushes. The sweep scans the store: sessions are
   * keyed by key first, so their ends are not contiguous.
   */
  async flush(offsets?: readonly ChangelogOffset[]): Promise<void> {
    const oldest = this.oldestLiveEndMs();
    if (this.retentionMs !== undefined && oldest - this.sweptBelowMs > Math.floor(this.retentionMs / 2)) {
      const expired: Buffer[] = [];
      for await (const { key } of this.inner.all()) if (parseSessionKey(key).endMs < oldest) expired.push(key);
      for (const key of expired) this.inner.delete(key);
      this.sweptBelowMs = oldest;
    }
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
