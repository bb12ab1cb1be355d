/** What a consumer is assigned, where it is in each partition, and which partitions are paused. */
import { tpKey, type TopicPartition } from './record-types.js';

export interface PartitionState extends TopicPartition {
  /** Next offset to return; null until resolved from a committed offset or the reset policy. */
  position: bigint | null;
  paused: boolean;
}

export class SubscriptionState {
  mode: 'none' | 'subscribe' | 'assign' = 'none';
  topics: string[] = [];
  pattern: RegExp | null = null;
  private readonly assigned = new Map<string, PartitionState>();

  assignment(): TopicPartition[] {
    return [...this.assigned.values()].map(({ topic, partition }) => ({ topic, partition }));
  }

  get(topic: string, partition: number): PartitionState | undefined {
    return this.assigned.get(tpKey(topic, partition));
  }

  has(tp: TopicPartition): boolean {
    return this.assigned.has(tpKey(tp.topic, tp.partition));
  }

  all(): PartitionState[] {
    return [...this.assigned.values()];
  }

  /** Replaces the assignment; partitions kept keep their position and pause state. */
  setAssignment(tps: TopicPartition[]): void {
    const next = new Map<string, PartitionState>();
    for (const tp of tps) {
      const key = tpKey(tp.topic, tp.partition);
      next.set(key, this.assigned.get(key) ?? { topic: tp.topic, partition: tp.partition, position: null, paused: false });
    }
    this.assigned.clear();
    for (const [k, v] of next) this.assigned.set(k, v);
  }

  /** Partitions that can be fetched from now (assigned, not paused, position known). */
  fetchable(): PartitionState[] {
    return this.all().filter((p) => !p.paused && p.position !== null);
  }

  needingPosition(): PartitionState[] {
    return this.all().filter((p) => p.position === null);
  }

  /** Topics a subscription covers, given the topics that exist (for a regex subscription). */
  subscribedTopics(existing: string[]): string[] {
    if (this.pattern) {
      const re = this.pattern;
      return existing.filter((t) => !t.startsWith('__') && re.test(t)).sort();
    }
    return [...this.topics];
  }
}
