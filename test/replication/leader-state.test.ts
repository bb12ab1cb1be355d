import { expect } from 'chai';
import { followerDiverged, LeaderState } from '../../core/replication/leader-state.js';

const partition = (isr: number[], replicas = [1, 2, 3]) => ({ replicas, isr, leader: 1, leaderEpoch: 0, partitionEpoch: 0 });

describe('LeaderState: high watermark and ISR on the leader', () => {
  it('advances the high watermark to the smallest log end in the ISR', () => {
    const s = new LeaderState(1, partition([1, 2, 3]), 0n, 0);
    s.followerFetched(2, 10n, 10n, 1);
    expect(s.advanceHighWatermark(10n)).to.equal(false); // follower 3 has not fetched yet
    s.followerFetched(3, 7n, 10n, 1);
    expect(s.advanceHighWatermark(10n)).to.equal(true);
    expect(s.highWatermark).to.equal(7n);
    expect(s.replicatedTo(6n)).to.equal(true);
    expect(s.replicatedTo(7n)).to.equal(false);
  });

  it('never moves the high watermark backwards', () => {
    const s = new LeaderState(1, partition([1, 2]), 5n, 0);
    s.followerFetched(2, 3n, 10n, 1); // a follower that restarted with a shorter log
    expect(s.advanceHighWatermark(10n)).to.equal(false);
    expect(s.highWatermark).to.equal(5n);
  });

  it('with only itself in the ISR, the high watermark is its log end', () => {
    const s = new LeaderState(1, partition([1]), 0n, 0);
    expect(s.advanceHighWatermark(42n)).to.equal(true);
    expect(s.highWatermark).to.equal(42n);
  });

  it('drops an ISR member that has not caught up within the lag limit', () => {
    const s = new LeaderState(1, partition([1, 2, 3]), 0n, 0);
    s.followerFetched(2, 10n, 10n, 900);
    s.followerFetched(3, 4n, 10n, 900); // fetching, but behind since time 0
    expect(s.desiredIsr(1000, 1000)).to.equal(null);
    expect(s.desiredIsr(1001, 1000)).to.deep.equal([1, 2]);
  });

  it('re-adds a replica once it reached the high watermark, and counts it for the high watermark while pending', () => {
    const s = new LeaderState(1, partition([1, 2]), 0n, 0);
    s.followerFetched(2, 10n, 10n, 5);
    s.advanceHighWatermark(10n);
    s.followerFetched(3, 9n, 10n, 5);
    expect(s.desiredIsr(10, 1000)).to.equal(null); // 9 < high watermark 10
    s.followerFetched(3, 10n, 12n, 6);
    const next = s.desiredIsr(10, 1000)!;
    expect(next).to.deep.equal([1, 2, 3]);
    s.pendingIsr = next;
    s.followerFetched(2, 12n, 12n, 7);
    s.advanceHighWatermark(12n);
    expect(s.highWatermark).to.equal(10n); // held back by 3, which may be in the ISR any moment
    expect(s.desiredIsr(10, 1000)).to.equal(null); // nothing new while a change is pending
    s.update(partition([1, 2, 3]), 8);
    expect(s.pendingIsr).to.equal(null);
  });

  it('drops at once a follower whose log runs past its own (a divergent tail), and never counts that offset', () => {
    const s = new LeaderState(1, partition([1, 2, 3]), 0n, 0);
    s.followerFetched(2, 10n, 10n, 5);
    expect(s.followerFetched(3, 12n, 10n, 5)).to.equal(false);
    expect(s.advanceHighWatermark(10n)).to.equal(false); // 3's offset 12 is not progress
    expect(s.desiredIsr(6, 1000)).to.deep.equal([1, 2]);
  });

  it('never asks for an ISR without itself', () => {
    const s = new LeaderState(1, partition([2, 3]), 0n, 0);
    expect(s.desiredIsr(0, 1000)![0]).to.equal(1);
  });
});

describe('followerDiverged: the leader-epoch check on follower fetches', () => {
  const leader = [{ epoch: 0, startOffset: 0n }, { epoch: 1, startOffset: 100n }];

  it('finds an old leader that kept records of its epoch past where the new leader took over', () => {
    expect(followerDiverged(leader, 120n, 0, 105n)).to.equal(true);
  });

  it('accepts a follower at the end of an epoch the leader also ended there, or in the current epoch', () => {
    expect(followerDiverged(leader, 120n, 0, 100n)).to.equal(false);
    expect(followerDiverged(leader, 120n, 1, 120n)).to.equal(false);
  });

  it('finds a follower with an epoch the leader never had', () => {
    expect(followerDiverged([{ epoch: 2, startOffset: 0n }], 10n, 1, 5n)).to.equal(true);
  });

  it('never judges batches written without an epoch', () => {
    expect(followerDiverged(leader, 120n, -1, 500n)).to.equal(false);
  });
});
