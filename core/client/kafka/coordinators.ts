/**
 * Which broker coordinates each consumer group, as FindCoordinator said, cached until a request
 * says the coordinator moved. Concurrent requests for a group share one lookup, and the groups
 * missing at one moment are looked up together (one batched FindCoordinator where the broker
 * speaks v4+).
 */
import type { BrokerAddress } from './kafka-config.js';

export interface CoordinatorInfo {
  nodeId: number;
  address: BrokerAddress;
}

/** Looks keys up; each key maps to its coordinator or to the error that explains why not. */
export type CoordinatorLookup = (groupIds: string[]) => Promise<Map<string, CoordinatorInfo | Error>>;

export class CoordinatorCache {
  private readonly known = new Map<string, CoordinatorInfo>();
  private readonly lookups = new Map<string, Promise<CoordinatorInfo>>();

  constructor(private readonly lookup: CoordinatorLookup) {}

  /** The cached coordinator of a group, if any. */
  get(groupId: string): CoordinatorInfo | undefined {
    return this.known.get(groupId);
  }

  /** The coordinators of these groups, looking up the ones not cached. Rejects with the first group's error. */
  async resolve(groupIds: string[]): Promise<Map<string, CoordinatorInfo>> {
    const missing = [...new Set(groupIds)].filter((g) => !this.known.has(g) && !this.lookups.has(g));
    if (missing.length > 0) this.startLookup(missing);
    const entries = await Promise.all(groupIds.map(async (g) => [g, this.known.get(g) ?? (await this.lookups.get(g)!)] as const));
    return new Map(entries);
  }

  /** Forgets a group's coordinator (after NOT_COORDINATOR, or a lost connection to it). */
  invalidate(groupId: string): void {
    this.known.delete(groupId);
  }

  private startLookup(groupIds: string[]): void {
    const batch = this.lookup(groupIds);
    for (const g of groupIds) {
      const one = batch.then((found) => {
        const info = found.get(g);
        if (!info) throw new Error(`assertion failed: FindCoordinator answered nothing for group '${g}'`);
        if (info instanceof Error) throw info;
        this.known.set(g, info);
        return info;
      });
      this.lookups.set(g, one);
      // Whoever awaits `one` sees its error; this only clears the entry (and marks the rejection handled).
      void one.then(() => this.lookups.delete(g), () => this.lookups.delete(g));
    }
  }
}
