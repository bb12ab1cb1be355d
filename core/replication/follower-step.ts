/**
 * What a follower does with one partition of a fetch response (Kafka's
 * `AbstractFetcherThread.processFetchRequest`, per partition), as a pure decision: append the
 * records, cut a divergent tail where the leader's DivergingEpoch says (KIP-320), empty the log
 * and start at the leader's log start when it fell below it (OFFSET_OUT_OF_RANGE), or wait and
 * fetch again. `replica-fetcher.ts` carries the decision out on a real log; the deterministic
 * simulator (`core/sim`) on its in-memory one.
 */
import { truncationOffset, type DivergingEpoch, type EpochStart } from './divergence.js';

/** The follower's own log, as the decision needs it. */
export interface FollowerLogView {
  readonly epochs: readonly EpochStart[];
  readonly logStartOffset: bigint;
  readonly logEndOffset: bigint;
}

/** One partition of a fetch response, as the decision needs it. */
export interface FetchAnswer {
  /** 'ok' (records or a DivergingEpoch), 'out-of-range' (OFFSET_OUT_OF_RANGE) or any other error. */
  readonly outcome: 'ok' | 'out-of-range' | 'error';
  readonly diverging: DivergingEpoch | null;
  /** The leader's log start offset, -1 when unknown. */
  readonly leaderLogStart: bigint;
  readonly leaderHighWatermark: bigint;
}

/** What to do with the answer. */
export type FollowerAction =
  | { readonly kind: 'append' }
  /** Cut the log to `offset` (keeping everything before it). */
  | { readonly kind: 'truncate'; readonly offset: bigint }
  /** Drop the whole log and start it (empty) at `offset`. */
  | { readonly kind: 'truncate-fully'; readonly offset: bigint }
  /** Nothing can be done now: fetch again after a backoff. */
  | { readonly kind: 'retry' };

/** Where a DivergingEpoch answer cuts the log (fully when below its log start). */
export function divergedAction(log: FollowerLogView, diverging: DivergingEpoch): FollowerAction {
  const target = truncationOffset(log.epochs, log.logEndOffset, diverging);
  return target < log.logStartOffset ? { kind: 'truncate-fully', offset: target } : { kind: 'truncate', offset: target };
}

/**
 * OFFSET_OUT_OF_RANGE. Below the leader's log start (retention or DeleteRecords moved it past
 * our end): empty the log and start there, as Kafka does. Otherwise our log runs past the
 * leader's and carries no epochs to compare: cut it back to the leader's high watermark.
 * Else retry.
 */
export function outOfRangeAction(log: FollowerLogView, leaderLogStart: bigint, leaderHw: bigint): FollowerAction {
  if (leaderLogStart >= 0n && log.logEndOffset < leaderLogStart) return { kind: 'truncate-fully', offset: leaderLogStart };
  if (leaderHw >= log.logStartOffset && leaderHw < log.logEndOffset) return { kind: 'truncate', offset: leaderHw };
  return { kind: 'retry' };
}

/** The whole decision for one partition of a fetch response (see the file comment). */
export function followerStep(log: FollowerLogView, answer: FetchAnswer): FollowerAction {
  if (answer.outcome === 'ok') return answer.diverging !== null ? divergedAction(log, answer.diverging) : { kind: 'append' };
  if (answer.outcome === 'out-of-range') return outOfRangeAction(log, answer.leaderLogStart, answer.leaderHighWatermark);
  return { kind: 'retry' };
}

/** The follower's high watermark after a fetch: the leader's, never past its own log end. */
export function followerHighWatermark(leaderHw: bigint, logEnd: bigint): bigint {
  return leaderHw < logEnd ? leaderHw : logEnd;
}
