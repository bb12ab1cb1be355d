/**
 * Pure rules for changing a partition's leader and ISR (KRaft's PartitionChangeBuilder, reduced):
 * leaders are elected from the ISR among usable (registered, unfenced) brokers in replica order;
 * with unclean election off (the default) a partition whose ISR has no usable broker stays
 * leaderless and keeps its last ISR member, so no acknowledged data can be lost.
 */
import type { PartitionState } from './cluster-image.js';
import { NO_LEADER, NO_LEADER_CHANGE, type PartitionChangeRecord } from './records.js';

/** Whether a broker may lead or join an ISR (registered and unfenced). */
export type Usable = (brokerId: number) => boolean;

/** A target leader and ISR for one partition. */
export interface LeaderAndIsr {
  readonly leader: number;
  readonly isr: readonly number[];
}

/** The first replica in assignment order that is in `isr` and usable; unclean: any usable replica. */
export function electLeader(replicas: readonly number[], isr: readonly number[], usable: Usable, unclean: boolean): LeaderAndIsr {
  const clean = replicas.find((r) => isr.includes(r) && usable(r));
  if (clean !== undefined) return { leader: clean, isr };
  if (unclean) {
    const any = replicas.find(usable);
    if (any !== undefined) return { leader: any, isr: [any] };
  }
  return { leader: NO_LEADER, isr };
}

/** The record moving `old` to `target`, or null when nothing changes. */
export function partitionChange(topicId: string, partitionId: number, old: PartitionState, target: LeaderAndIsr): PartitionChangeRecord | null {
  const isrChanged = !sameMembers(old.isr, target.isr);
  const leaderChanged = target.leader !== old.leader;
  if (!isrChanged && !leaderChanged) return null;
  return {
    type: 'PartitionChangeRecord',
    topicId,
    partitionId,
    leader: leaderChanged ? target.leader : NO_LEADER_CHANGE,
    ...(isrChanged ? { isr: target.isr } : {}),
  };
}

/**
 * After `brokerId` is fenced: drop it from the ISR unless it is the last member (then the
 * partition keeps it and goes leaderless), and elect a new leader if it led.
 */
export function afterFence(old: PartitionState, brokerId: number, usable: Usable, unclean: boolean): LeaderAndIsr {
  if (!old.replicas.includes(brokerId)) return old;
  const isr = old.isr.length > 1 ? old.isr.filter((r) => r !== brokerId) : old.isr;
  if (old.leader !== brokerId && old.leader !== NO_LEADER) return { leader: old.leader, isr };
  return electLeader(old.replicas, isr, usable, unclean);
}

/** After a broker comes back: a leaderless partition elects a leader if it now can. */
export function afterUnfence(old: PartitionState, usable: Usable, unclean: boolean): LeaderAndIsr {
  if (old.leader !== NO_LEADER) return old;
  return electLeader(old.replicas, old.isr, usable, unclean);
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
