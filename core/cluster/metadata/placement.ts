/**
 * Replica placement for new partitions: round-robin over the usable brokers, like Kafka's
 * AdminUtils. With racks, the broker list is first interleaved rack by rack (r1, r2, r3, r1, ...)
 * so consecutive replicas of a partition land on different racks whenever racks allow it.
 */
import { FjordError } from '../../errors.js';

/** A broker that may receive replicas. */
export interface PlacementBroker {
  readonly id: number;
  readonly rack: string | null;
}

/** Brokers ordered so that neighbours sit on different racks (ids ascending within a rack). */
export function rackAlternated(brokers: readonly PlacementBroker[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of [...brokers].sort((x, y) => x.id - y.id)) {
    const rack = b.rack ?? '';
    byRack.set(rack, [...(byRack.get(rack) ?? []), b.id]);
  }
  const racks = [...byRack.keys()].sort();
  const out: number[] = [];
  for (let round = 0; out.length < brokers.length; round++) {
    for (const rack of racks) {
      const id = byRack.get(rack)![round];
      if (id !== undefined) out.push(id);
    }
  }
  return out;
}

/**
 * Assignments for `partitions` partitions with `replicationFactor` replicas each. `startIndex`
 * spreads the first replica of different topics (Kafka picks it at random; the caller passes a
 * seeded choice). Partition p's replicas are the alternated list from (start + p), and every
 * full round shifts the second replica so followers do not always pair with the same leader.
 */
export function placeReplicas(
  brokers: readonly PlacementBroker[],
  partitions: number,
  replicationFactor: number,
  startIndex: number,
): number[][] {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new FjordError('INVALID_PARTITIONS', `placement: number of partitions must be at least 1, got ${partitions}`);
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw new FjordError('INVALID_REPLICATION_FACTOR', `placement: replication factor must be at least 1, got ${replicationFactor}`);
  }
  if (replicationFactor > brokers.length) {
    throw new FjordError(
      'INVALID_REPLICATION_FACTOR',
      `placement: replication factor ${replicationFactor} is larger than the ${brokers.length} available broker(s)`,
    );
  }
  const list = rackAlternated(brokers);
  const rackOf = new Map(brokers.map((b) => [b.id, b.rack ?? ''] as const));
  const rackCount = new Set(rackOf.values()).size;
  const n = list.length;
  const out: number[][] = [];
  for (let p = 0; p < partitions; p++) {
    const first = (startIndex + p) % n;
    const shift = n > 1 ? 1 + (Math.floor((startIndex + p) / n) % (n - 1)) : 0;
    const replicas = [list[first]!];
    for (let r = 1; r < replicationFactor; r++) {
      // Step by `shift` from the leader; skip brokers already chosen, and brokers on a rack
      // already used until every rack holds a replica (Kafka's rack-aware rule).
      const racksUsed = new Set(replicas.map((id) => rackOf.get(id)!));
      const wantNewRack = racksUsed.size < rackCount;
      let k = (first + r * shift) % n;
      for (let tries = 0; tries < n; tries++, k = (k + 1) % n) {
        const id = list[k]!;
        if (!replicas.includes(id) && (!wantNewRack || !racksUsed.has(rackOf.get(id)!))) break;
      }
      replicas.push(list[k]!);
    }
    out.push(replicas);
  }
  return out;
}
