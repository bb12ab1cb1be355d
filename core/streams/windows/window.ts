/**
 * A window: a span of event time in milliseconds. Whether `endMs` is inclusive depends on the
 * window kind, as in Kafka Streams: time (tumbling/hopping) windows are [start, end), sliding and
 * session windows are [start, end] (both ends inclusive).
 */
import { FjordError } from '../../errors.js';

/** A span of event time. See the module comment for which end is inclusive. */
export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}

/** A key together with the window its aggregate belongs to (Kafka's `Windowed<K>`). */
export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

/** One day: Kafka's default minimum retention for windowed stores. */
export const DEFAULT_RETENTION_MS_MIN = 24 * 60 * 60 * 1000;

/** Throws INVALID_ARGUMENT unless `value` is a safe integer >= `min`, naming the parameter. */
export function checkMs(parameter: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new FjordError(
      'INVALID_ARGUMENT',
      `${parameter} must be an integer >= ${min} ms, got ${String(value)}`,
    );
  }
}

/** Compares windows by start, then end; for sorting results deterministically. */
export function compareWindows(a: Window, b: Window): number {
  return a.startMs - b.startMs || a.endMs - b.endMs;
}

/**
 * The first stream time at which a window is closed, Kafka's rule written once:
 * a window closes when stream time >= end + grace, where `end` is the exclusive end.
 * For [start, end) windows (tumbling/hopping) that is `end + grace`: Kafka keeps updating a
 * window while `end > streamTime - grace`. For [start, end] windows (sliding, session, join) the
 * exclusive end is `end + 1`: Kafka keeps them while `end >= streamTime - grace`.
 */
export function closeTimeMs(window: Window, graceMs: number, endInclusive: boolean): number {
  return window.endMs + (endInclusive ? 1 : 0) + graceMs;
}

/** Default store retention as Kafka computes it: at least one day, and never below size + grace. */
export function defaultRetentionMs(sizeMs: number, graceMs: number): number {
  return Math.max(sizeMs + graceMs, DEFAULT_RETENTION_MS_MIN);
}

/** Checks an explicit retention: Kafka rejects one shorter than size + grace. */
export function checkRetentionMs(retentionMs: number, sizeMs: number, graceMs: number): void {
  checkMs('retentionMs', retentionMs, sizeMs + graceMs);
}
