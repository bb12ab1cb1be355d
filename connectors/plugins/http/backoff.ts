/** Exponential back-off: `baseMs * 2^retry`, capped at `maxMs`. Pure. `retry` counts from 0. */
export function backoffMs(retry: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(retry, 30));
}

/** Whether an HTTP status is worth retrying: timeouts, throttling and server errors. */
export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
