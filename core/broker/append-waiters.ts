/**
 * Long-poll support for Fetch: a fetch that has fewer than MinBytes parks here until one of its
 * partitions gets an append or its MaxWaitMs passes. Bounded: at most `waitersMax` parked fetches.
 */
import type { Timers } from '../io/timers.js';
import { topicPartitionKey } from '../topic-partition.js';

interface Waiter {
  keys: string[];
  wake: () => void;
}

export class AppendWaiters {
  private readonly byKey = new Map<string, Set<Waiter>>();
  private count = 0;
  private shutDown = false;

  constructor(
    private readonly timers: Timers,
    private readonly waitersMax = 10000,
  ) {}

  static key(topic: string, partition: number): string {
    return topicPartitionKey(topic, partition);
  }

  /** Resolves on the first append to any of `keys`, or after `waitMs`. Resolves at once when full. */
  wait(keys: string[], waitMs: number): Promise<void> {
    if (waitMs <= 0 || this.count >= this.waitersMax || this.shutDown) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: Waiter = { keys, wake: () => {} };
      const timer = this.timers.setTimeout(() => waiter.wake(), waitMs);
      waiter.wake = () => {
        this.timers.clearTimeout(timer);
        this.remove(waiter);
        resolve();
      };
      this.count++;
      for (const key of keys) {
        let set = this.byKey.get(key);
        if (!set) this.byKey.set(key, (set = new Set()));
        set.add(waiter);
      }
    });
  }

  notify(topic: string, partition: number): void {
    const set = this.byKey.get(AppendWaiters.key(topic, partition));
    if (!set) return;
    for (const waiter of [...set]) waiter.wake();
  }

  /** True once `wakeAll` ran: the broker is shutting down and nothing should park again. */
  get closed(): boolean {
    return this.shutDown;
  }

  /** Wakes everyone (shutdown). */
  wakeAll(): void {
    this.shutDown = true;
    for (const set of [...this.byKey.values()]) for (const waiter of [...set]) waiter.wake();
  }

  private remove(waiter: Waiter): void {
    let removed = false;
    for (const key of waiter.keys) {
      const set = this.byKey.get(key);
      if (set?.delete(waiter)) removed = true;
      if (set && set.size === 0) this.byKey.delete(key);
    }
    if (removed) this.count--;
  }
}
