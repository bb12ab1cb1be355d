/**
 * Where a follower's log parts from its leader's (KIP-101 / KIP-320), as pure functions of the
 * two leader-epoch histories (`leader-epoch-checkpoint`). The leader answers a follower fetch
 * whose last fetched epoch ends earlier on the leader than the fetch offset with a
 * `DivergingEpoch` (Fetch v12); the follower cuts its log to where that epoch ends on both
 * sides and fetches on, keeping the common prefix.
 */

/** One leader epoch of a log and the offset it starts at. */
export interface EpochStart {
  readonly epoch: number;
  readonly startOffset: bigint;
}

/** Fetch v12's DivergingEpoch: records past `endOffset` of `epoch` (and later) diverge. */
export interface DivergingEpoch {
  readonly epoch: number;
  readonly endOffset: bigint;
}

/**
 * Kafka's `LeaderEpochFileCache.endOffsetFor`: the largest epoch at or below `requested` in a
 * log's history and the offset where it ends (the next epoch's start, or the log end). When
 * every known epoch is newer, `requested` itself ending where the first known epoch starts.
 */
export function epochEndOffset(epochs: readonly EpochStart[], logEnd: bigint, requested: number): DivergingEpoch {
  let floor: EpochStart | undefined;
  let next: EpochStart | undefined;
  for (const e of epochs) {
    if (e.epoch <= requested) floor = e;
    else {
      next = e;
      break;
    }
  }
  return { epoch: floor?.epoch ?? requested, endOffset: next?.startOffset ?? logEnd };
}

/**
 * The leader's check of a follower fetch (Kafka's `Partition.fetchRecords` with a last fetched
 * epoch): null when the follower's log is a prefix of the leader's, else the diverging epoch.
 * A follower whose batches carry no epoch (-1) diverges only if it runs past the leader's end.
 */
export function divergingEpoch(leaderEpochs: readonly EpochStart[], leaderLeo: bigint, lastFetchedEpoch: number, fetchOffset: bigint): DivergingEpoch | null {
  if (lastFetchedEpoch < 0 || leaderEpochs.length === 0) {
    return fetchOffset > leaderLeo ? { epoch: -1, endOffset: leaderLeo } : null;
  }
  const end = epochEndOffset(leaderEpochs, leaderLeo, lastFetchedEpoch);
  return end.epoch < lastFetchedEpoch || end.endOffset < fetchOffset ? end : null;
}

/**
 * Where a follower cuts its log on a diverging epoch (Kafka's follower truncation on a fetch
 * response): the end of that epoch on the leader and in its own history, whichever is lower,
 * never past its own log end. If the two histories differ in that epoch, the next fetch goes
 * one epoch further back, until the logs agree.
 */
export function truncationOffset(followerEpochs: readonly EpochStart[], followerLeo: bigint, diverging: DivergingEpoch): bigint {
  let target = diverging.endOffset < followerLeo ? diverging.endOffset : followerLeo;
  if (diverging.epoch >= 0 && followerEpochs.length > 0) {
    const own = epochEndOffset(followerEpochs, followerLeo, diverging.epoch);
    if (own.endOffset < target) target = own.endOffset;
  }
  return target < 0n ? 0n : target;
}
