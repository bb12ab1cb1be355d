/**
 * How often, and for how long, one request() call of the transport may try again: at most
 * `retries` more attempts, waiting retry.backoff.ms doubling up to retry.backoff.max.ms between
 * them, all within default.api.timeout.ms of the first attempt.
 */
import { FjordError } from '../../errors.js';
import type { Clock } from '../../io/clock.js';
import type { Timers } from '../../io/timers.js';
import { ConnectionError } from './connection.js';
import type { KafkaTransportConfig } from './kafka-config.js';

export type RetrySettings = Pick<KafkaTransportConfig, 'retries' | 'retryBackoffMs' | 'retryBackoffMaxMs' | 'defaultApiTimeoutMs'>;

/** Backoffs grow as 2^n up to this n (the cap applies long before; this only keeps the number finite). */
const DOUBLINGS_MAX = 20;

export class RetryBudget {
  private attempts = 0;
  private readonly deadlineMs: number;

  constructor(
    private readonly settings: RetrySettings,
    private readonly clock: Clock,
    private readonly timers: Timers,
  ) {
    this.deadlineMs = clock.nowMs() + settings.defaultApiTimeoutMs;
  }

  /** Retries used so far. */
  get used(): number {
    return this.attempts;
  }

  /** Waits out the next backoff and returns true, or returns false at once when retries or time ran out. */
  async next(): Promise<boolean> {
    if (this.attempts >= this.settings.retries) return false;
    const waitMs = Math.min(this.settings.retryBackoffMaxMs, this.settings.retryBackoffMs * 2 ** Math.min(this.attempts, DOUBLINGS_MAX));
    if (this.clock.nowMs() + waitMs >= this.deadlineMs) return false;
    this.attempts++;
    if (waitMs > 0) await new Promise<void>((resolve) => this.timers.setTimeout(resolve, waitMs));
    return true;
  }
}

/**
 * Whether an error means the request may never have reached the broker or its answer was lost:
 * the connection failed, was lost, or the request timed out. Such a request is safe to send
 * again only if the API is idempotent.
 */
export function isConnectionError(err: unknown): err is FjordError {
  return err instanceof FjordError && (err.code === 'NETWORK_EXCEPTION' || err.code === 'REQUEST_TIMED_OUT');
}

/** Whether a request failed before any byte of it was written: safe to send again, whatever the API. */
export function neverSent(err: unknown): boolean {
  return err instanceof ConnectionError && !err.sent;
}
