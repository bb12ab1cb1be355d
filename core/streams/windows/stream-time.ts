/**
 * Stream time for one task: the largest record timestamp seen so far. It never goes backwards,
 * so an out-of-order record does not move it. Before any record it is -1, as Kafka's
 * NO_TIMESTAMP, which closes no window.
 */
import { FjordError } from '../../errors.js';

/** Tracks the maximum timestamp seen by one task. */
export class StreamTime {
  private maxMs = -1;

  /** The current stream time, or -1 before any record. */
  get currentMs(): number {
    return this.maxMs;
  }

  /** Whether any record has been observed. */
  get hasObserved(): boolean {
    return this.maxMs >= 0;
  }

  /**
   * Folds a record timestamp into stream time and returns the new stream time. Negative
   * timestamps are rejected: Kafka skips such records before they reach a processor.
   */
  observe(timestampMs: number): number {
    if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      throw new FjordError('INVALID_ARGUMENT', `timestampMs must be an integer >= 0, got ${String(timestampMs)}`);
    }
    if (timestampMs > this.maxMs) this.maxMs = timestampMs;
    return this.maxMs;
  }

  /** Restores a stream time read from a checkpoint; never moves it backwards. */
  restore(streamTimeMs: number): void {
    if (streamTimeMs > this.maxMs) this.maxMs = streamTimeMs;
  }
}
