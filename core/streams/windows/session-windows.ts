/**
 * Session windows, as Kafka Streams' SessionWindows: per key, records less than or equal to
 * `gapMs` apart belong to one session [first, last] (both ends inclusive). A new record at t joins
 * every existing session that overlaps [t - gap, t + gap] (end >= t - gap and start <= t + gap);
 * they merge into one session spanning all of them and t. `merge` is that step as a pure
 * function: the DSL reads the overlapping sessions from its session store, calls `merge`, deletes
 * (and forwards tombstones for) `removed`, then writes the merged session.
 */
import { Window, checkMs, checkRetentionMs, closeTimeMs, compareWindows, defaultRetentionMs } from './window.js';
import { assert } from '../../errors.js';

/** The outcome of adding one record to a key's sessions. */
export interface SessionMerge {
  /** The session the record now belongs to. */
  readonly merged: Window;
  /**
   * Existing sessions that `merged` replaces, by ascending start. As in Kafka, every overlapping
   * session is removed unless the merged session is exactly [t, t]; so an out-of-order record
   * inside an existing session removes that session and writes it again with the same bounds
   * (Kafka forwards a tombstone, then the new aggregate).
   */
  readonly removed: readonly Window[];
}

/** The store query the DSL runs before `merge`: sessions with end >= earliestEndMs and start <= latestStartMs. */
export interface SessionSearchRange {
  readonly earliestEndMs: number;
  readonly latestStartMs: number;
}

/** Gap-based windows whose bounds come from the data. */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  /** Sessions split by `gapMs` of inactivity, closed as soon as stream time passes their end. */
  static ofInactivityGapWithNoGrace(gapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(gapMs, 0);
  }

  /** Sessions split by `gapMs` of inactivity that accept late records for `graceMs`. */
  static ofInactivityGapAndGrace(gapMs: number, graceMs: number): SessionWindows {
    checkMs('inactivityGapMs', gapMs, 1);
    checkMs('graceMs', graceMs, 0);
    return new SessionWindows(gapMs, graceMs);
  }

  /** Which existing sessions can merge with a record at `timestampMs`. */
  searchRange(timestampMs: number): SessionSearchRange {
    return { earliestEndMs: timestampMs - this.inactivityGapMs, latestStartMs: timestampMs + this.inactivityGapMs };
  }

  /**
   * Adds a record at `timestampMs` to the key's sessions. `overlapping` must be exactly the
   * existing sessions inside `searchRange(timestampMs)` (asserted); they never overlap each other.
   */
  merge(timestampMs: number, overlapping: readonly Window[]): SessionMerge {
    const range = this.searchRange(timestampMs);
    let startMs = timestampMs;
    let endMs = timestampMs;
    for (const session of overlapping) {
      assert(session.startMs <= session.endMs, `session [${session.startMs}, ${session.endMs}] is ordered`);
      assert(
        session.endMs >= range.earliestEndMs && session.startMs <= range.latestStartMs,
        `session [${session.startMs}, ${session.endMs}] is within gap of ${timestampMs}`,
      );
      startMs = Math.min(startMs, session.startMs);
      endMs = Math.max(endMs, session.endMs);
    }
    const merged: Window = { startMs, endMs };
    const isNewSession = startMs === timestampMs && endMs === timestampMs;
    const removed = isNewSession ? [] : [...overlapping].sort(compareWindows);
    return { merged, removed };
  }

  /**
   * The first stream time at which a session is closed: end + gap + 1 + grace. Its end is
   * inclusive, and a record up to `gap` after the end could still extend it, so Kafka 3.x keeps it
   * open while end >= streamTime - grace - gap.
   */
  windowCloseTimeMs(session: Window): number {
    return closeTimeMs(session, this.graceMs + this.inactivityGapMs, true);
  }

  /** Whether the merged session is too late to write: stream time has reached its close time. */
  isLate(recordTs: number, streamTimeMs: number, merged: Window): boolean {
    if (!(merged.startMs <= recordTs && recordTs <= merged.endMs)) assert(false, `record ${recordTs} is in its merged session`);
    return streamTimeMs >= this.windowCloseTimeMs(merged);
  }

  /** Store retention: `explicitMs` if given (>= gap + grace), else max(gap + grace, 1 day). */
  retentionMs(explicitMs?: number): number {
    if (explicitMs === undefined) return defaultRetentionMs(this.inactivityGapMs, this.graceMs);
    checkRetentionMs(explicitMs, this.inactivityGapMs, this.graceMs);
    return explicitMs;
  }
}
