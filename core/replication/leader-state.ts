/**
 * What a partition leader tracks about its followers (Kafka's Partition / ReplicaState): each
 * follower's log end offset as its fetches report it and when it was last caught up, the high
 * watermark (the smallest log end among the ISR, never moving backwards), and which ISR change
 * to ask the controller for: drop a member that has not caught up within
 * `replica.lag.time.max.ms`, add a replica that has reached the high watermark. Pure: time is
 * passed in.
 */
import type { PartitionState } from '../cluster/metadata/cluster-image.js';
import { divergingEpoch, type EpochStart } from './divergence.js';

export type { EpochStart } from './divergence.js';

interface FollowerProgress {
  /** The follower's log end offset: the offset it fetched from last. -1 until it fetches. */
  leo: bigint;
  /** When the follower last fetched at or past the leader's log end (Kafka's lastCaughtUpTimeMs). */
  lastCaughtUpMs: number;
}

/** Replication state of one partition on its leader (see the file comment). */
export class LeaderState {
  private readonly followers = new Map<number, FollowerProgress>();
  private hw: bigint;
  /** An ISR change sent to the controller and not yet seen in the image. */
  pendingIsr: readonly number[] | null = null;

  constructor(
    readonly selfId: number,
    public partition: PartitionState,
    startHw: bigint,
    nowMs: number,
  ) {
    this.hw = startHw;
    // Every replica starts caught up: a new leader gives its ISR a full lag window to show up.
    for (const r of partition.replicas) if (r !== selfId) this.followers.set(r, { leo: -1n, lastCaughtUpMs: nowMs });
  }

  get highWatermark(): bigint {
    return this.hw;
  }

  /** The image changed this partition (same leader): ISR, epochs or replicas. */
  update(partition: PartitionState, nowMs: number): void {
    this.partition = partition;
    for (const r of partition.replicas) if (r !== this.selfId && !this.followers.has(r)) this.followers.set(r, { leo: -1n, lastCaughtUpMs: nowMs });
    for (const id of [...this.followers.keys()]) if (!partition.replicas.includes(id)) this.followers.delete(id); // reassigned away
    if (this.pendingIsr !== null && sameSet(this.pendingIsr, partition.isr)) this.pendingIsr = null;
  }

  /**
   * A follower fetched from `fetchOffset` while the leader's log ended at `leaderLeo`. Returns
   * false when the follower's log runs past the leader's: its tail diverged (records of an older
   * leadership that this leader never had), so it holds nothing known and must leave the ISR now.
   */
  followerFetched(replicaId: number, fetchOffset: bigint, leaderLeo: bigint, nowMs: number): boolean {
    const f = this.followers.get(replicaId);
    if (f === undefined) return true;
    if (fetchOffset > leaderLeo) {
      f.leo = -1n;
      f.lastCaughtUpMs = -Infinity;
      return false;
    }
    f.leo = fetchOffset;
    if (fetchOffset >= leaderLeo) f.lastCaughtUpMs = nowMs;
    return true;
  }

  /** Recomputes the high watermark; true when it moved forward. */
  advanceHighWatermark(leaderLeo: bigint): boolean {
    let min = leaderLeo;
    // While an expansion is pending the new member counts too (Kafka's "maximal ISR"): it may
    // be in the ISR the moment the controller commits, so it must hold everything acknowledged.
    for (const id of new Set([...this.partition.isr, ...(this.pendingIsr ?? [])])) {
      if (id === this.selfId) continue;
      const leo = this.followers.get(id)?.leo ?? -1n;
      if (leo < min) min = leo;
    }
    if (min <= this.hw) return false;
    this.hw = min;
    return true;
  }

  /** True when every ISR member has everything before `offset` (acks=all is satisfied). */
  replicatedTo(offset: bigint): boolean {
    return this.hw > offset;
  }

  /**
   * The ISR the leader should ask for now, or null when it should stay: members that have not
   * caught up within `lagMaxMs` leave, replicas whose log reached the high watermark join.
   * Never while a change is pending, and never an ISR without the leader.
   */
  desiredIsr(nowMs: number, lagMaxMs: number): number[] | null {
    if (this.pendingIsr !== null) return null;
    const isr = this.partition.isr;
    const next = isr.filter((id) => id === this.selfId || nowMs - (this.followers.get(id)?.lastCaughtUpMs ?? -Infinity) <= lagMaxMs);
    for (const [id, f] of this.followers) {
      if (!isr.includes(id) && f.leo >= this.hw && f.leo >= 0n && nowMs - f.lastCaughtUpMs <= lagMaxMs) next.push(id);
    }
    if (!next.includes(this.selfId)) next.unshift(this.selfId);
    return sameSet(next, isr) ? null : next;
  }
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Whether a follower's log diverged from the leader's (KIP-101/320): true when the leader
 * would answer its fetch with a DivergingEpoch (`divergence.ts`). Unknown epochs (-1: batches
 * written without one) are never judged here.
 */
export function followerDiverged(leaderEpochs: readonly EpochStart[], leaderLeo: bigint, lastFetchedEpoch: number, fetchOffset: bigint): boolean {
  return lastFetchedEpoch >= 0 && divergingEpoch(leaderEpochs, leaderLeo, lastFetchedEpoch, fetchOffset) !== null;
}
