/**
 * Shows how a long operation is going, on stderr so stdout stays clean for scripts:
 * - `tty`: one line rewritten in place (at most every `ttyIntervalMs`), then a closing line;
 * - `lines` (stderr is a pipe or a file): a plain line every `linesIntervalMs`, and a closing line
 *   only when an operation took that long, so short runs stay quiet;
 * - `silent` (`--format json`, or nothing to show): nothing.
 * Time comes from the injected clock, so tests can drive it.
 */
import { formatProgress, formatProgressDone, type ProgressSnapshot } from './format-progress.js';

export type ProgressMode = 'tty' | 'lines' | 'silent';

/** Where reports go: stderr in the CLI, a buffer in tests. */
export interface ProgressSink {
  write(text: string): void;
  /** Terminal width, to keep the TTY line on one row. */
  columns?: number;
}

export interface ProgressReporterOptions {
  label: string;
  unit: string;
  total?: number;
  mode: ProgressMode;
  sink: ProgressSink;
  nowMs?: () => number;
  ttyIntervalMs?: number;
  linesIntervalMs?: number;
}

const TTY_INTERVAL_MS = 100;
const LINES_INTERVAL_MS = 5_000;
const CLEAR_LINE = '\r\x1b[2K';

/** The mode for a stream: tty when it is a terminal, silent when asked, else plain lines. */
export function progressModeFor(stream: { isTTY?: boolean }, silent: boolean): ProgressMode {
  if (silent) return 'silent';
  return stream.isTTY === true ? 'tty' : 'lines';
}

export class ProgressReporter {
  private done = 0;
  private total: number | undefined;
  private readonly startedMs: number;
  private lastShownMs: number;
  private shownLines = false;
  private finished = false;
  private readonly nowMs: () => number;

  constructor(private readonly options: ProgressReporterOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    this.startedMs = this.nowMs();
    this.lastShownMs = this.startedMs;
    this.total = options.total;
  }

  /** Records how far the operation got (absolute, not a delta); shows it when due. */
  update(done: number, total?: number): void {
    if (this.finished) return;
    this.done = done;
    if (total !== undefined) this.total = total;
    const now = this.nowMs();
    const { mode } = this.options;
    if (mode === 'tty' && now - this.lastShownMs >= (this.options.ttyIntervalMs ?? TTY_INTERVAL_MS)) this.show(now, CLEAR_LINE, '');
    else if (mode === 'lines' && now - this.lastShownMs >= (this.options.linesIntervalMs ?? LINES_INTERVAL_MS)) {
      this.show(now, '', '\n');
      this.shownLines = true;
    }
  }

  /** Ends the report: the TTY line becomes the closing line; in lines mode one closing line if any were shown. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const text = formatProgressDone(this.snapshot(this.nowMs()));
    if (this.options.mode === 'tty') this.options.sink.write(`${CLEAR_LINE}${text}\n`);
    else if (this.options.mode === 'lines' && this.shownLines) this.options.sink.write(`${text}\n`);
  }

  /** Clears the TTY line without a closing line (the operation failed or was interrupted). */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.options.mode === 'tty' && this.lastShownMs !== this.startedMs) this.options.sink.write(CLEAR_LINE);
  }

  private snapshot(now: number): ProgressSnapshot {
    return { label: this.options.label, unit: this.options.unit, done: this.done, total: this.total, elapsedMs: now - this.startedMs };
  }

  private show(now: number, before: string, after: string): void {
    this.lastShownMs = now;
    let text = formatProgress(this.snapshot(now));
    const columns = this.options.sink.columns;
    if (before !== '' && columns !== undefined && columns > 0 && text.length >= columns) text = text.slice(0, Math.max(0, columns - 1));
    this.options.sink.write(`${before}${text}${after}`);
  }
}

/** A sink on a real stream (stderr), reading its width each time (terminals resize). */
export function streamSink(stream: NodeJS.WriteStream): ProgressSink {
  return {
    write: (text) => void stream.write(text),
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
  };
}
