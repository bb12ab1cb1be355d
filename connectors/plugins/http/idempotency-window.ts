/**
 * Remembers recently seen idempotency keys so a retried POST is not turned into records twice.
 * Bounded both ways: at most `keysMax` keys, each forgotten `windowMs` after it was first seen.
 * Pure: the caller passes the time.
 */
export class IdempotencyWindow {
  /** key → first-seen time; a Map keeps insertion order, so the oldest key is first. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly keysMax: number, private readonly windowMs: number) {
    if (!(keysMax >= 1) || !(windowMs >= 0)) throw new Error('assertion failed: IdempotencyWindow needs keysMax >= 1, windowMs >= 0');
  }

  /** True if `key` was remembered within the window. */
  has(key: string, nowMs: number): boolean {
    this.expire(nowMs);
    return this.seen.has(key);
  }

  /** Remembers `key` as seen at `nowMs`, forgetting the oldest key if the window is full. */
  remember(key: string, nowMs: number): void {
    this.expire(nowMs);
    if (this.seen.has(key)) return;
    if (this.seen.size >= this.keysMax) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, nowMs);
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(nowMs: number): void {
    for (const [key, atMs] of this.seen) {
      if (nowMs - atMs < this.windowMs) break;
      this.seen.delete(key);
    }
  }
}
