/**
 * A token bucket for `records.per.second`: it holds at most one second's worth of records and
 * refills continuously. Pure: the caller passes the time.
 */
export class RateLimiter {
  private tokens: number;
  private lastMs: number;
  private readonly capacity: number;

  /** `ratePerSecond` > 0. The bucket starts full with `min(1, ...)`: the first record goes at once. */
  constructor(private readonly ratePerSecond: number, nowMs: number) {
    if (!(ratePerSecond > 0)) throw new Error('assertion failed: RateLimiter needs a positive rate');
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = 1;
    this.lastMs = nowMs;
  }

  /** Takes up to `wanted` whole tokens and returns how many it took. */
  take(wanted: number, nowMs: number): number {
    this.refill(nowMs);
    const taken = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= taken;
    return taken;
  }

  /** Milliseconds until at least one token is available. */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  private refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
  }
}
