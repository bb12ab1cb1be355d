/**
 * Tumbling and hopping windows ([start, end), end exclusive), as Kafka Streams' TimeWindows.
 * Windows start at multiples of `advanceMs` counted from the epoch and never before 0, so a
 * record at t belongs to every window with start in (t - size, t] that is a multiple of advance
 * and >= 0: one for tumbling windows, size/advance (rounded up) for hopping windows once t is
 * far enough from 0. Negative timestamps belong to no window.
 */
import {
  Window,
  checkMs,
  checkRetentionMs,
  closeTimeMs,
  defaultRetentionMs,
} from './window.js';
import { FjordError, assert } from '../../errors.js';

/** Fixed-size windows; tumbling when advance == size, hopping when advance < size. */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  /** Tumbling windows of `sizeMs` that close as soon as stream time reaches their end. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  /** Tumbling windows of `sizeMs` that accept out-of-order records for `graceMs` after their end. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    checkMs('sizeMs', sizeMs, 1);
    checkMs('graceMs', graceMs, 0);
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Hopping windows: the same size and grace, a new window every `advanceMs`. */
  advanceBy(advanceMs: number): TimeWindows {
    checkMs('advanceMs', advanceMs, 1);
    if (advanceMs > this.sizeMs) {
      throw new FjordError(
        'INVALID_ARGUMENT',
        `advanceMs must be <= sizeMs (${this.sizeMs}), got ${advanceMs}`,
      );
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  /**
   * The start of the earliest window containing `timestampMs` (-1 for a negative timestamp): the
   * first multiple of advance after t - size, clamped at 0. The others follow every `advanceMs`
   * up to t. Aggregations walk starts this way, without building a window per record.
   */
  firstWindowStartFor(timestampMs: number): number {
    if (!Number.isSafeInteger(timestampMs)) assert(false, `timestampMs is an integer: ${timestampMs}`);
    if (timestampMs < 0) return -1;
    return Math.floor(Math.max(0, timestampMs - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
  }

  /** Every [start, end) window containing `timestampMs`, by ascending start. */
  windowsFor(timestampMs: number): Window[] {
    const windows: Window[] = [];
    const first = this.firstWindowStartFor(timestampMs);
    if (first < 0) return windows;
    for (let startMs = first; startMs <= timestampMs; startMs += this.advanceMs) {
      windows.push({ startMs, endMs: startMs + this.sizeMs });
    }
    return windows;
  }

  /** Whether the window starting at `startMs` no longer accepts records (see isWindowClosed). */
  isWindowStartingAtClosed(startMs: number, streamTimeMs: number): boolean {
    return streamTimeMs >= closeTimeMs({ startMs, endMs: startMs + this.sizeMs }, this.graceMs, false);
  }

  /** The first stream time at which `window` is closed: end + grace. */
  windowCloseTimeMs(window: Window): number {
    return closeTimeMs(window, this.graceMs, false);
  }

  /** Whether `window` no longer accepts records: stream time >= end + grace. */
  isWindowClosed(window: Window, streamTimeMs: number): boolean {
    return streamTimeMs >= this.windowCloseTimeMs(window);
  }

  /**
   * Whether a record at `recordTs` is too late for `window` (one of `windowsFor(recordTs)`).
   * Kafka's rule: a window is updated while end > streamTime - grace, so the record is late
   * exactly when streamTime >= end + grace. `streamTimeMs` already includes this record.
   */
  isLate(recordTs: number, streamTimeMs: number, window: Window): boolean {
    assert(window.startMs <= recordTs && recordTs < window.endMs, `record ${recordTs} is in [${window.startMs}, ${window.endMs})`);
    return this.isWindowClosed(window, streamTimeMs);
  }

  /** Whether every window of the record is closed, so the record goes to the late side output. */
  isRecordLate(recordTs: number, streamTimeMs: number): boolean {
    assert(recordTs >= 0, `recordTs is non-negative: ${recordTs}`);
    const windows = this.windowsFor(recordTs);
    return windows.every((w) => this.isWindowClosed(w, streamTimeMs));
  }

  /** Store retention: `explicitMs` if given (>= size + grace), else max(size + grace, 1 day). */
  retentionMs(explicitMs?: number): number {
    if (explicitMs === undefined) return defaultRetentionMs(this.sizeMs, this.graceMs);
    checkRetentionMs(explicitMs, this.sizeMs, this.graceMs);
    return explicitMs;
  }
}
