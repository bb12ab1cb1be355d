/**
 * POSTs one JSON body, retrying network errors, timeouts, 408, 429 and 5xx with exponential
 * back-off up to `retriesMax` times. Other statuses fail at once. `abort()` ends waits and the
 * request in flight (the task is stopping).
 */
import { FjordError } from '../../../core/errors.js';
import { Waker } from '../common/waker.js';
import { backoffMs, isRetriableStatus } from './backoff.js';

export interface HttpPosterOptions {
  url: string;
  headers: Record<string, string>;
  retriesMax: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  requestTimeoutMs: number;
}

/** How much of an error response body goes into the error message. */
const RESPONSE_EXCERPT_CHARS_MAX = 200;

export class HttpPoster {
  private readonly waker = new Waker();
  private readonly aborter = new AbortController();
  /** Requests sent, retries included (for tests and metrics). */
  requestsSent = 0;

  constructor(private readonly options: HttpPosterOptions) {}

  async post(body: string): Promise<void> {
    const { url, retriesMax } = this.options;
    let lastProblem = '';
    for (let retry = 0; retry <= retriesMax; retry++) {
      if (retry > 0) await this.waker.wait(backoffMs(retry - 1, this.options.backoffBaseMs, this.options.backoffMaxMs));
      if (this.aborter.signal.aborted) throw new FjordError('CLOSED', `HttpSinkTask: stopped while sending to ${url}`);
      const outcome = await this.attempt(body);
      if (outcome.ok) return;
      lastProblem = outcome.problem;
      if (!outcome.retriable) throw new FjordError('INVALID_ARGUMENT', `HttpSinkTask: POST ${url} failed: ${outcome.problem}`, { retriable: false });
    }
    throw new FjordError('TIMEOUT', `HttpSinkTask: POST ${url} failed after ${retriesMax + 1} attempts (max.retries=${retriesMax}); last: ${lastProblem}`);
  }

  private async attempt(body: string): Promise<{ ok: true } | { ok: false; retriable: boolean; problem: string }> {
    this.requestsSent++;
    const signal = AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.options.requestTimeoutMs)]);
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...this.options.headers },
        body,
        signal,
      });
      const text = await res.text();
      if (res.ok) return { ok: true };
      const excerpt = text.length > RESPONSE_EXCERPT_CHARS_MAX ? `${text.slice(0, RESPONSE_EXCERPT_CHARS_MAX)}...` : text;
      return { ok: false, retriable: isRetriableStatus(res.status), problem: `HTTP ${res.status} ${excerpt}`.trim() };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return { ok: false, retriable: true, problem: `${(err as Error).message}${cause ? ` (${cause})` : ''}` };
    }
  }

  abort(): void {
    this.aborter.abort();
    this.waker.wake();
  }
}
