import { expect } from 'chai';
import { followerHighWatermark, followerStep, type FollowerLogView } from '../../core/replication/follower-step.js';

const ok = { outcome: 'ok', diverging: null, leaderLogStart: 0n, leaderHighWatermark: 10n } as const;

function log(logStartOffset: bigint, logEndOffset: bigint, epochs: [number, bigint][]): FollowerLogView {
  return { logStartOffset, logEndOffset, epochs: epochs.map(([epoch, startOffset]) => ({ epoch, startOffset })) };
}

describe('follower step (what a follower does with a fetch answer)', () => {
  it('appends when the leader sent records and no diverging epoch', () => {
    expect(followerStep(log(0n, 5n, [[0, 0n]]), ok)).to.deep.equal({ kind: 'append' });
  });

  it('cuts a divergent tail where the diverging epoch ends on both sides, keeping the common prefix', () => {
    // Follower: epoch 1 from 0, epoch 2 from 6 (an old leader's tail); leader: epoch 1 ends at 8.
    const follower = log(0n, 9n, [[1, 0n], [2, 6n]]);
    expect(followerStep(follower, { ...ok, diverging: { epoch: 1, endOffset: 8n } })).to.deep.equal({ kind: 'truncate', offset: 6n });
    // Leader's epoch ends earlier than ours: cut at the leader's end.
    expect(followerStep(log(0n, 9n, [[1, 0n]]), { ...ok, diverging: { epoch: 1, endOffset: 4n } })).to.deep.equal({ kind: 'truncate', offset: 4n });
  });

  it('empties the log when the cut falls below its log start', () => {
    expect(followerStep(log(5n, 9n, [[3, 5n]]), { ...ok, diverging: { epoch: 1, endOffset: 2n } })).to.deep.equal({ kind: 'truncate-fully', offset: 2n });
  });

  it('OFFSET_OUT_OF_RANGE: below the leader log start empties the log there; past the leader cuts to its high watermark; else retries', () => {
    const outOfRange = { outcome: 'out-of-range', diverging: null } as const;
    expect(followerStep(log(0n, 3n, []), { ...outOfRange, leaderLogStart: 7n, leaderHighWatermark: 9n })).to.deep.equal({ kind: 'truncate-fully', offset: 7n });
    expect(followerStep(log(0n, 12n, []), { ...outOfRange, leaderLogStart: 0n, leaderHighWatermark: 9n })).to.deep.equal({ kind: 'truncate', offset: 9n });
    expect(followerStep(log(0n, 5n, []), { ...outOfRange, leaderLogStart: 0n, leaderHighWatermark: 9n })).to.deep.equal({ kind: 'retry' });
  });

  it('retries on any other error', () => {
    expect(followerStep(log(0n, 5n, []), { ...ok, outcome: 'error' })).to.deep.equal({ kind: 'retry' });
  });

  it('the follower high watermark is the leader’s, never past its own log end', () => {
    expect(followerHighWatermark(10n, 4n)).to.equal(4n);
    expect(followerHighWatermark(3n, 4n)).to.equal(3n);
  });
});
