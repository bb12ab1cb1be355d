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

/** Kafka's legacy default: one day. */
const LEGACY_GRACE_DAY_MS = 24 * 60 * 60 * 1000;

/** The time window within which two records join. */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
    /**
     * Kafka 3.x's fix for spurious left/outer results (KIP-633): unmatched records wait until
     * their window closes. False for the legacy `JoinWindows.of` windows, which emit a record
     * with a null partner at once (and the joined result too if a partner arrives later).
     */
    readonly spuriousResultFix: boolean = true,
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

  /**
   * Kafka's deprecated `JoinWindows.of(timeDifference)`: grace is what is left of a day after the
   * window (24 h - 2 × difference, at least 0), and left/outer joins emit unmatched records with a
   * null partner at once, without the spurious-result fix. ksqlDB uses these for WITHIN without GRACE PERIOD.
   */
  static ofTimeDifferenceLegacy(timeDifferenceMs: number): JoinWindows {
    checkMs('timeDifferenceMs', timeDifferenceMs, 0);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, Math.max(LEGACY_GRACE_DAY_MS - 2 * timeDifferenceMs, 0), false);
  }

  /** The same window with how far before the left record a right record may be. */
  before(beforeMs: number): JoinWindows {
    checkMs('beforeMs', beforeMs, Number.MIN_SAFE_INTEGER);
    return new JoinWindows(beforeMs, this.afterMs, this.graceMs, this.spuriousResultFix);
  }

  /** The same window with how far after the left record a right record may be. */
  after(afterMs: number): JoinWindows {
    checkMs('afterMs', afterMs, Number.MIN_SAFE_INTEGER);
    return new JoinWindows(this.beforeMs, afterMs, this.graceMs, this.spuriousResultFix);
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
