/**
 * Join windows for stream-stream joins, as Kafka Streams' JoinWindows: a left record at l joins a
 * right record at r when l - before <= r <= l + after (both ends inclusive). `before` and `after`
 * may each be negative (a window entirely after or before l) but not both so far that the window
 * is empty: before + after >= 0, as Kafka checks.
 */
import { FjordError } from '../../errors.js';
import { checkMs } from './window.js';

/** Which input of the join a record came from. */
export type JoinSide = 'left' | 'right';

/** The time window within which two records join. */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {
    if (beforeMs + afterMs < 0) {
      throw new FjordError(
        'INVALID_ARGUMENT',
        `beforeMs + afterMs must be >= 0 (the window would be empty), got beforeMs=${beforeMs} afterMs=${afterMs}`,
      );
    }
  }

  /** Records at most `timeDifferenceMs` apart join; late records are dropped at once. */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  /** Records at most `timeDifferenceMs` apart join; out-of-order records are accepted for `graceMs`. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    checkMs('timeDifferenceMs', timeDifferenceMs, 0);
    checkMs('graceMs', graceMs, 0);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** The same window with how far before the left record a right record may be. */
  before(beforeMs: number): JoinWindows {
    checkMs('beforeMs', beforeMs, Number.MIN_SAFE_INTEGER);
    return new JoinWindows(beforeMs, this.afterMs, this.graceMs);
  }

  /** The same window with how far after the left record a right record may be. */
  after(afterMs: number): JoinWindows {
    checkMs('afterMs', afterMs, Number.MIN_SAFE_INTEGER);
    return new JoinWindows(this.beforeMs, afterMs, this.graceMs);
  }

  /** Total span: before + after. */
  get sizeMs(): number {
    return this.beforeMs + this.afterMs;
  }

  /** Whether a left record at `leftTs` and a right record at `rightTs` join. */
  inWindow(leftTs: number, rightTs: number): boolean {
    return leftTs - this.beforeMs <= rightTs && rightTs <= leftTs + this.afterMs;
  }

  /**
   * The range of other-side timestamps a record at `timestampMs` joins with, clamped at 0 as
   * Kafka clamps its store fetch. For a right record the window is mirrored: it joins left
   * records in [r - after, r + before].
   */
  otherSideRange(side: JoinSide, timestampMs: number): { fromMs: number; toMs: number } {
    const [beforeMs, afterMs] = side === 'left' ? [this.beforeMs, this.afterMs] : [this.afterMs, this.beforeMs];
    return { fromMs: Math.max(0, timestampMs - beforeMs), toMs: Math.max(0, timestampMs + afterMs) };
  }

  /**
   * Whether a record's join window is closed: no partner arriving from now on can be accepted,
   * so a left/outer join emits the record with a null partner. Kafka's rule, with stream time
   * shared by both sides of the join: closed once t + after + grace < streamTime (after is
   * `before` for a right record), i.e. streamTime >= t + after + 1 + grace.
   */
  isWindowClosed(side: JoinSide, recordTs: number, streamTimeMs: number): boolean {
    const afterMs = side === 'left' ? this.afterMs : this.beforeMs;
    return streamTimeMs >= recordTs + afterMs + 1 + this.graceMs;
  }

  /** How long the join buffers must keep records: before + after + grace. */
  retentionMs(): number {
    return this.beforeMs + this.afterMs + this.graceMs;
  }
}
