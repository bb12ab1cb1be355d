/** A manual clock with timers that fire at once and move the clock, and a logger that keeps lines. */
import { ManualClock } from '../../../../core/io/clock.js';
import type { Logger } from '../../../../core/io/logger.js';
import type { TimerHandle, Timers } from '../../../../core/io/timers.js';

export class InstantTimers implements Timers {
  readonly sleepsMs: number[] = [];
  constructor(private readonly clock: ManualClock) {}
  setTimeout(fn: () => void, ms: number): TimerHandle {
    this.sleepsMs.push(ms);
    this.clock.advance(ms);
    queueMicrotask(fn);
    return {};
  }
  clearTimeout(): void {}
}

export class LinesLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}
