/**
 * Which readings were dropped as late, found by comparing the input with the windows the query
 * emitted. The SQL runtime does not expose Fjord Streams' late side output (`late$`), so this
 * example reconstructs it: every closed window that should hold a reading (by its event time)
 * but does not list its id dropped it. Pure.
 */
import type { Reading } from './data.js';

export interface HoppingWindow { readonly sizeMs: number; readonly advanceMs: number; readonly graceMs: number }

/** One window of one sensor as the query emitted it. */
export interface WindowResult {
  readonly sensor: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly readings: number;
  readonly avgTemp: number;
  readonly maxTemp: number;
  readonly readingIds: readonly string[];
}

export interface LateReading {
  readonly reading: Reading;
  /** Stream time (the largest event time seen before it) when it arrived. */
  readonly streamTimeMs: number;
  /** Start times of the windows it belongs to but was dropped from. */
  readonly droppedFromMs: number[];
  /** Start times of the windows that still counted it. */
  readonly countedInMs: number[];
}

/** Start times of the hopping windows holding `ts` (oldest first). */
export function windowStarts(ts: number, w: HoppingWindow): number[] {
  const starts: number[] = [];
  for (let s = ts - (ts % w.advanceMs); s > ts - w.sizeMs && s >= 0; s -= w.advanceMs) starts.unshift(s);
  return starts;
}

/**
 * Readings missing from at least one closed window that should hold them. A window is closed
 * once the final stream time reached its end plus grace; windows still open when the input
 * ended are never emitted under EMIT FINAL, so they say nothing about lateness.
 */
export function lateReadings(readings: readonly Reading[], windows: readonly WindowResult[], w: HoppingWindow): LateReading[] {
  const emitted = new Map(windows.map((x) => [`${x.sensor}@${x.startMs}`, new Set(x.readingIds)]));
  const finalStreamTimeMs = Math.max(...readings.map((r) => r.ts));
  const late: LateReading[] = [];
  let streamTimeMs = -Infinity;
  for (const reading of readings) {
    const closed = windowStarts(reading.ts, w).filter((s) => s + w.sizeMs + w.graceMs <= finalStreamTimeMs);
    const droppedFromMs = closed.filter((s) => !(emitted.get(`${reading.sensor}@${s}`)?.has(reading.id) ?? false));
    if (droppedFromMs.length > 0) {
      const countedInMs = windowStarts(reading.ts, w).filter((s) => !droppedFromMs.includes(s));
      late.push({ reading, streamTimeMs, droppedFromMs, countedInMs });
    }
    streamTimeMs = Math.max(streamTimeMs, reading.ts);
  }
  return late;
}
