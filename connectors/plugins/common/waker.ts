/**
 * A bounded, interruptible wait for source tasks: poll() waits a little for data rather than
 * spinning, `wake()` ends the wait early (new data arrived, or stop() was called).
 */
export class Waker {
  private pending: { resolve: () => void; timer: NodeJS.Timeout }[] = [];

  /** Resolves after `ms` milliseconds or at the next wake(), whichever is first. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        resolve,
        timer: setTimeout(() => {
          this.pending = this.pending.filter((p) => p !== entry);
          resolve();
        }, Math.max(0, ms)),
      };
      this.pending.push(entry);
    });
  }

  /** Ends every pending wait now. */
  wake(): void {
    const woken = this.pending;
    this.pending = [];
    for (const p of woken) {
      clearTimeout(p.timer);
      p.resolve();
    }
  }
}
