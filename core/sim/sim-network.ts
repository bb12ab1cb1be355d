/**
 * The simulated network between controller nodes: each message gets a random delay (so messages
 * reorder), and may be dropped or duplicated. A partition splits nodes into groups that cannot
 * reach each other, and a one-way cut drops one direction of some links only; both are checked at
 * delivery time, so messages in flight when they start are lost.
 */
import type { NodeId } from '../cluster/raft/types.js';
import type { SimRandom } from './random.js';

/** Delay range and fault rates of the simulated network. */
export interface NetworkFaults {
  readonly delayMsMin: number;
  readonly delayMsMax: number;
  readonly dropRate: number;
  readonly duplicateRate: number;
}

/** Fault decisions for messages between controller nodes. */
export class SimNetwork {
  /** Group number per node while partitioned; empty when healed. */
  private groups = new Map<NodeId, number>();
  /** Directed links "from>to" that drop everything (asymmetric faults). */
  private readonly oneWay = new Set<string>();
  sent = 0;
  dropped = 0;
  duplicated = 0;

  constructor(
    private readonly random: SimRandom,
    private readonly faults: NetworkFaults,
  ) {}

  /** Delivery delays for one send: [] if dropped, two entries if duplicated. */
  delaysFor(): number[] {
    this.sent++;
    if (this.random.chance(this.faults.dropRate)) {
      this.dropped++;
      return [];
    }
    const delay = (): number => this.random.between(this.faults.delayMsMin, this.faults.delayMsMax);
    if (this.random.chance(this.faults.duplicateRate)) {
      this.duplicated++;
      return [delay(), delay()];
    }
    return [delay()];
  }

  /** Splits the nodes into the given groups (nodes in no group are alone). */
  partition(groups: readonly (readonly NodeId[])[]): void {
    this.groups = new Map();
    groups.forEach((g, i) => g.forEach((id) => this.groups.set(id, i)));
  }

  /** Drops messages from `from` to each of `to` (but not back): a half-broken link. */
  cutOneWay(from: NodeId, to: readonly NodeId[]): void {
    for (const t of to) this.oneWay.add(`${from}>${t}`);
  }

  heal(): void {
    this.groups = new Map();
    this.oneWay.clear();
  }

  isPartitioned(): boolean {
    return this.groups.size > 0 || this.oneWay.size > 0;
  }

  canReach(from: NodeId, to: NodeId): boolean {
    if (this.oneWay.has(`${from}>${to}`)) return false;
    if (this.groups.size === 0) return true;
    const a = this.groups.get(from) ?? -1 - from;
    const b = this.groups.get(to) ?? -1 - to;
    return a === b;
  }

  describe(): string {
    if (this.oneWay.size > 0) return `one-way cuts ${[...this.oneWay].join(' ')}`;
    if (this.groups.size === 0) return 'healed';
    const byGroup = new Map<number, NodeId[]>();
    for (const [id, g] of this.groups) byGroup.set(g, [...(byGroup.get(g) ?? []), id]);
    return [...byGroup.values()].map((g) => g.join(',')).join(' | ');
  }
}
