/**
 * A cooperative sticky assignor, offered under Kafka's name "cooperative-sticky". The goals are
 * Kafka's CooperativeStickyAssignor's (the algorithm is our own, simpler one):
 *
 * 1. Balanced: no member can take a partition from one holding two more than it.
 * 2. Sticky: members keep the partitions they own as far as balance allows.
 * 3. Cooperative: a partition never goes straight from one owner to another within one
 *    rebalance. A partition that must move is left out of this round's assignment; its owner
 *    revokes it and rejoins, and the follow-up rebalance gives it to its new member.
 *
 * Ownership comes from the members' subscriptions (ownedPartitions, generationId). As in Kafka,
 * claims of members from an older generation than the newest one present are ignored (those
 * members already lost their partitions), and a partition claimed by two members of the same
 * generation belongs to neither (but only one of them may keep it this round).
 */
import { assert } from '../../errors.js';
import {
  addPartition,
  type Assignment,
  type AssignorMember,
  compareMembers,
  compareStrings,
  type PartitionAssignor,
  toAssignment,
  tpKey,
} from './partition-assignor.js';

interface Tp {
  topic: string;
  partition: number;
  key: string;
}

/** Who owned what before this rebalance. */
interface PreviousOwners {
  owner: Map<string, string>;
  contested: Map<string, Set<string>>;
}

function previousOwners(members: readonly AssignorMember[], partitionsPerTopic: Map<string, number>): PreviousOwners {
  const owner = new Map<string, string>();
  const contested = new Map<string, Set<string>>();
  const newest = Math.max(-1, ...members.map((m) => m.generationId ?? -1));
  for (const m of members) {
    if ((m.generationId ?? -1) !== newest) continue;
    for (const { topic, partitions } of m.ownedPartitions) {
      // A topic the member no longer subscribes to was revoked by the member before it rejoined.
      if (!m.topics.includes(topic)) continue;
      const count = partitionsPerTopic.get(topic) ?? 0;
      for (const p of partitions) {
        if (p < 0 || p >= count) continue;
        const key = tpKey(topic, p);
        const other = owner.get(key);
        if (contested.has(key)) contested.get(key)!.add(m.memberId);
        else if (other !== undefined && other !== m.memberId) {
          owner.delete(key);
          contested.set(key, new Set([other, m.memberId]));
        } else owner.set(key, m.memberId);
      }
    }
  }
  return { owner, contested };
}

/** Assigns balanced, sticky, and without moving a partition straight between two owners. */
export const cooperativeStickyAssignor: PartitionAssignor = {
  name: 'cooperative-sticky',
  rebalanceProtocol: 'cooperative',
  assign(members: AssignorMember[], partitionsPerTopic: Map<string, number>): Assignment {
    const sorted = [...members].sort(compareMembers);
    const prev = previousOwners(sorted, partitionsPerTopic);
    const target = balancedTarget(sorted, partitionsPerTopic, prev);
    const owned = new Map<string, Map<string, number[]>>();
    for (const [memberId, tps] of target) {
      for (const tp of tps) {
        const before = prev.owner.get(tp.key);
        const claimants = prev.contested.get(tp.key);
        // Moving from another owner: leave it out this round, the owner revokes it first.
        if (before !== undefined && before !== memberId) continue;
        if (claimants !== undefined && !claimants.has(memberId)) continue;
        addPartition(owned, memberId, tp.topic, tp.partition);
      }
    }
    return toAssignment(members, owned);
  },
};

/** The assignment to converge to: owned partitions kept, the rest placed, then balanced. */
function balancedTarget(members: readonly AssignorMember[], partitionsPerTopic: Map<string, number>, prev: PreviousOwners): Map<string, Tp[]> {
  const subscribed = new Map(members.map((m) => [m.memberId, new Set(m.topics)]));
  const target = new Map<string, Tp[]>(members.map((m) => [m.memberId, []]));
  const unassigned: Tp[] = [];
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort(compareStrings);
  for (const topic of topics) {
    for (let partition = 0; partition < (partitionsPerTopic.get(topic) ?? 0); partition++) {
      const tp = { topic, partition, key: tpKey(topic, partition) };
      const owner = prev.owner.get(tp.key);
      if (owner !== undefined) target.get(owner)!.push(tp);
      else unassigned.push(tp);
    }
  }
  // Partitions few members can take are placed first, while those members still have room.
  const candidatesOf = new Map(topics.map((t) => [t, members.filter((m) => subscribed.get(m.memberId)!.has(t))]));
  unassigned.sort((a, b) => candidatesOf.get(a.topic)!.length - candidatesOf.get(b.topic)!.length || compareTp(a, b));
  for (const tp of unassigned) {
    const candidates = candidatesOf.get(tp.topic)!;
    const least = candidates.reduce((a, b) => (target.get(b.memberId)!.length < target.get(a.memberId)!.length ? b : a));
    target.get(least.memberId)!.push(tp);
  }
  rebalance(members, target, subscribed, prev);
  return target;
}

/**
 * Moves partitions from the fullest members to the emptiest that can take them until no move
 * helps. Each move lowers the sum of squared counts by at least 2, so the loop is bounded.
 */
function rebalance(members: readonly AssignorMember[], target: Map<string, Tp[]>, subscribed: Map<string, Set<string>>, prev: PreviousOwners): void {
  const total = [...target.values()].reduce((n, tps) => n + tps.length, 0);
  const movesMax = (total * total) / 2 + 1;
  const count = (m: AssignorMember): number => target.get(m.memberId)!.length;
  for (let moves = 0; ; moves++) {
    assert(moves <= movesMax, 'cooperative-sticky rebalance did not converge');
    const move = findMove(members, target, subscribed, prev, count);
    if (move === null) return;
    const from = target.get(move.donor)!;
    from.splice(from.indexOf(move.tp), 1);
    target.get(move.receiver)!.push(move.tp);
  }
}

function findMove(
  members: readonly AssignorMember[],
  target: Map<string, Tp[]>,
  subscribed: Map<string, Set<string>>,
  prev: PreviousOwners,
  count: (m: AssignorMember) => number,
): { donor: string; receiver: string; tp: Tp } | null {
  const byCountDesc = [...members].sort((a, b) => count(b) - count(a) || compareMembers(a, b));
  const byCountAsc = [...members].sort((a, b) => count(a) - count(b) || compareMembers(a, b));
  for (const donor of byCountDesc) {
    for (const receiver of byCountAsc) {
      if (count(receiver) > count(donor) - 2) break;
      const topics = subscribed.get(receiver.memberId)!;
      const movable = target.get(donor.memberId)!.filter((tp) => topics.has(tp.topic));
      if (movable.length === 0) continue;
      // Prefer a partition the donor did not own before: moving it revokes nothing.
      const fresh = movable.filter((tp) => prev.owner.get(tp.key) !== donor.memberId);
      const pick = (fresh.length > 0 ? fresh : movable).reduce((a, b) => (compareTp(b, a) > 0 ? b : a));
      return { donor: donor.memberId, receiver: receiver.memberId, tp: pick };
    }
  }
  return null;
}

function compareTp(a: Tp, b: Tp): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}
