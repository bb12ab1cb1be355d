/**
 * Sliding windows for aggregation, as Kafka Streams' SlidingWindows. A window is [start, end]
 * with both ends inclusive and end - start = timeDifferenceMs. Only windows whose contents
 * differ are kept, and they are anchored on records:
 * - the left window of a record at r is [r - diff, r] (it ends at the record);
 * - the right window of a record at r is [r + 1, r + 1 + diff] (it starts just after the
 *   record), and exists only while some record falls inside it;
 * - "early" records (r < diff) would have a left window starting before 0; as in Kafka, they all
 *   share the window [0, diff] instead.
 * Empty windows never exist. Adding a record at t therefore:
 * - updates every existing window that contains t (start in [t - diff, t]);
 * - creates its own left window if missing (containing t and every earlier record within diff);
 * - creates its own right window if a record lies in [t + 1, t + 1 + diff] and it is missing
 *   (this one does not contain t: the DSL aggregates the records already in it);
 * - creates the right window [r + 1, r + 1 + diff] of each earlier record r in [t - diff - 1, t - 1]
 *   that had no record after it within diff, since t is now inside it.
 * `updatesFor` computes exactly that from the record timestamps in `lookupRange(t)`.
 */
import { Window, checkMs, checkRetentionMs, closeTimeMs, compareWindows, defaultRetentionMs } from './window.js';
import { assert } from '../../errors.js';

/** A window that a new record brings into existence. */
export interface CreatedSlidingWindow {
  readonly window: Window;
  /** False only for the new record's own right window, which holds later records but not it. */
  readonly containsRecord: boolean;
}

/** What one record does to a key's sliding windows; both lists by ascending start. */
export interface SlidingWindowUpdate {
  /** Windows that did not exist before this record. */
  readonly created: readonly CreatedSlidingWindow[];
  /** Windows that existed and now also contain the record. */
  readonly updated: readonly Window[];
}

/** Windows of a fixed time difference that slide with the records. */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  /** Windows of `timeDifferenceMs` that close as soon as stream time passes them. */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  /** Windows of `timeDifferenceMs` that accept out-of-order records for `graceMs`. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    checkMs('timeDifferenceMs', timeDifferenceMs, 1);
    checkMs('graceMs', graceMs, 0);
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }

  /** The existing record timestamps (inclusive range) that `updatesFor(t, ...)` needs. */
  lookupRange(timestampMs: number): { fromMs: number; toMs: number } {
    return { fromMs: Math.max(0, timestampMs - this.timeDifferenceMs - 1), toMs: timestampMs + this.timeDifferenceMs + 1 };
  }

  /**
   * The windows a new record at `timestampMs` creates and updates, given the timestamps of the
   * key's existing records (duplicates allowed; those outside `lookupRange` are ignored).
   */
  updatesFor(timestampMs: number, existingTimestampsMs: readonly number[]): SlidingWindowUpdate {
    if (!(timestampMs >= 0 && Number.isSafeInteger(timestampMs))) assert(false, `timestampMs is a non-negative integer: ${timestampMs}`);
    const { fromMs, toMs } = this.lookupRange(timestampMs);
    const before = [...new Set(existingTimestampsMs.filter((r) => r >= fromMs && r <= toMs))].sort((a, b) => a - b);
    const after = [...new Set([...before, timestampMs])].sort((a, b) => a - b);
    const startsBefore = this.windowStarts(before);
    const created: CreatedSlidingWindow[] = [];
    const updated: Window[] = [];
    for (const startMs of this.windowStarts(after)) {
      const window = this.windowAt(startMs);
      const containsRecord = window.startMs <= timestampMs && timestampMs <= window.endMs;
      if (!startsBefore.has(startMs)) created.push({ window, containsRecord });
      else if (containsRecord) updated.push(window);
    }
    created.sort((a, b) => compareWindows(a.window, b.window));
    updated.sort(compareWindows);
    return { created, updated };
  }

  /** The start of every window that exists for the given sorted, distinct record timestamps. */
  private windowStarts(sortedMs: readonly number[]): Set<number> {
    const diff = this.timeDifferenceMs;
    const starts = new Set<number>();
    for (let i = 0; i < sortedMs.length; i++) {
      const r = sortedMs[i]!;
      starts.add(Math.max(0, r - diff)); // left window; early records share [0, diff]
      const next = sortedMs[i + 1];
      if (next !== undefined && next <= r + 1 + diff) starts.add(r + 1); // right window, non-empty
    }
    return starts;
  }

  private windowAt(startMs: number): Window {
    return { startMs, endMs: startMs + this.timeDifferenceMs };
  }

  /** The first stream time at which a window is closed: end + 1 + grace (its end is inclusive). */
  windowCloseTimeMs(window: Window): number {
    return closeTimeMs(window, this.graceMs, true);
  }

  /** Whether `window` no longer accepts records at `streamTimeMs`. */
  isWindowClosed(window: Window, streamTimeMs: number): boolean {
    return streamTimeMs >= this.windowCloseTimeMs(window);
  }

  /**
   * Whether a record at `recordTs` is too late for `window`. Kafka drops a record outright when
   * even its last window [t, t + diff] is closed (t + diff + 1 <= streamTime - grace); see
   * `isRecordLate`. `streamTimeMs` already includes this record.
   */
  isLate(recordTs: number, streamTimeMs: number, window: Window): boolean {
    assert(window.startMs <= recordTs && recordTs <= window.endMs, `record ${recordTs} is in [${window.startMs}, ${window.endMs}]`);
    return this.isWindowClosed(window, streamTimeMs);
  }

  /** Whether every window that could hold the record is closed (it goes to the late side output). */
  isRecordLate(recordTs: number, streamTimeMs: number): boolean {
    return this.isWindowClosed(this.windowAt(recordTs), streamTimeMs);
  }

  /** Store retention: `explicitMs` if given (>= diff + grace), else max(diff + grace, 1 day). */
  retentionMs(explicitMs?: number): number {
    if (explicitMs === undefined) return defaultRetentionMs(this.timeDifferenceMs, this.graceMs);
    checkRetentionMs(explicitMs, this.timeDifferenceMs, this.graceMs);
    return explicitMs;
  }
}
