/**
 * The bundled sensor readings, in the order they arrive. Event times are minutes:seconds after
 * T0; a few readings arrive after later ones (late), chosen to show each case (see README.md).
 */

/** 2026-03-01 12:00:00 UTC. */
export const T0_MS = Date.UTC(2026, 2, 1, 12, 0, 0);

export interface Reading { readonly id: string; readonly sensor: string; readonly temp: number; readonly ts: number }

const at = (minute: number, second: number) => T0_MS + minute * 60_000 + second * 1000;
let seq = 0;
const r = (sensor: string, temp: number, ts: number): Reading => ({ id: `r${String(++seq).padStart(2, '0')}`, sensor, temp, ts });

/** In arrival order. */
export const READINGS: readonly Reading[] = [
  r('s-1', 20.0, at(0, 5)), r('s-2', 18.0, at(0, 10)), r('s-1', 20.5, at(0, 20)), r('s-2', 18.4, at(0, 25)),
  r('s-1', 21.0, at(0, 35)), r('s-2', 18.8, at(0, 40)), r('s-1', 21.4, at(0, 50)),
  r('s-2', 19.0, at(1, 5)),
  // r09: out of order, but its windows are still within their grace period: counted.
  r('s-1', 21.6, at(0, 55)),
  r('s-1', 22.0, at(1, 15)),
  // r11: late for 12:00-12:01 (closed at 12:01:10), still in time for 12:00:30-12:01:30.
  r('s-2', 18.9, at(0, 45)),
  // r12: both its windows are closed: dropped entirely.
  r('s-2', 18.2, at(0, 15)),
  r('s-2', 19.2, at(1, 30)), r('s-1', 22.3, at(1, 40)), r('s-2', 19.5, at(1, 55)), r('s-1', 22.9, at(2, 5)),
  // r17: late for 12:00:30-12:01:30, in time for 12:01-12:02.
  r('s-1', 22.1, at(1, 20)),
  r('s-2', 19.8, at(2, 20)), r('s-1', 23.0, at(2, 35)),
  // r20: much later, so stream time passes every earlier window's end + grace and EMIT FINAL
  // emits them. Its own windows stay open (the input ends), so they are never emitted.
  r('s-1', 23.4, at(5, 0)),
];
