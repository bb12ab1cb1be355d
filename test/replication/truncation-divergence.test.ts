import { expect } from 'chai';
import { divergingEpoch, epochEndOffset, truncationOffset } from '../../core/replication/divergence.js';

const e = (epoch: number, startOffset: bigint) => ({ epoch, startOffset });

describe('divergence: where a follower log parts from the leader (KIP-101/320)', () => {
  const leader = [e(1, 0n), e(3, 100n), e(5, 150n)];

  it('finds the end of an epoch as Kafka does: the next epoch start, the log end, or the first start for an older epoch', () => {
    expect(epochEndOffset(leader, 200n, 1)).to.deep.equal({ epoch: 1, endOffset: 100n });
    expect(epochEndOffset(leader, 200n, 2)).to.deep.equal({ epoch: 1, endOffset: 100n });
    expect(epochEndOffset(leader, 200n, 5)).to.deep.equal({ epoch: 5, endOffset: 200n });
    expect(epochEndOffset(leader, 200n, 9)).to.deep.equal({ epoch: 5, endOffset: 200n });
    expect(epochEndOffset([e(4, 50n)], 80n, 2)).to.deep.equal({ epoch: 2, endOffset: 50n });
  });

  it('accepts a follower whose last epoch ends at or after its fetch offset on the leader', () => {
    expect(divergingEpoch(leader, 200n, 1, 100n)).to.equal(null);
    expect(divergingEpoch(leader, 200n, 5, 180n)).to.equal(null);
    expect(divergingEpoch(leader, 200n, 3, 120n)).to.equal(null);
  });

  it('tells an old leader that kept records of its epoch past the new leader\'s takeover where that epoch ends', () => {
    expect(divergingEpoch(leader, 200n, 3, 170n)).to.deep.equal({ epoch: 3, endOffset: 150n });
  });

  it('tells a follower with an epoch the leader never had the leader\'s previous epoch', () => {
    expect(divergingEpoch(leader, 200n, 2, 90n)).to.deep.equal({ epoch: 1, endOffset: 100n });
    expect(divergingEpoch(leader, 200n, 4, 140n)).to.deep.equal({ epoch: 3, endOffset: 150n });
  });

  it('judges a follower without epochs only by the leader\'s log end', () => {
    expect(divergingEpoch(leader, 200n, -1, 200n)).to.equal(null);
    expect(divergingEpoch(leader, 200n, -1, 230n)).to.deep.equal({ epoch: -1, endOffset: 200n });
  });

  it('truncates the follower to the lower of the two ends of the diverging epoch, never past its own end', () => {
    const follower = [e(1, 0n), e(3, 100n), e(4, 160n)];
    expect(truncationOffset(follower, 190n, { epoch: 3, endOffset: 150n })).to.equal(150n);
    expect(truncationOffset([e(1, 0n), e(3, 100n), e(4, 120n)], 190n, { epoch: 3, endOffset: 150n })).to.equal(120n);
    expect(truncationOffset(follower, 140n, { epoch: 3, endOffset: 150n })).to.equal(140n);
    expect(truncationOffset(follower, 190n, { epoch: -1, endOffset: 170n })).to.equal(170n);
  });

  it('converges in rounds when the histories disagree in more than one epoch', () => {
    const leaderLog = [e(1, 0n), e(2, 50n), e(6, 80n)];
    let followerEpochs = [e(1, 0n), e(3, 40n), e(4, 60n)];
    let followerLeo = 90n;
    for (let round = 0; round < 5; round++) {
      const last = followerEpochs.at(-1)?.epoch ?? -1;
      const d = divergingEpoch(leaderLog, 100n, last, followerLeo);
      if (d === null) break;
      followerLeo = truncationOffset(followerEpochs, followerLeo, d);
      followerEpochs = followerEpochs.filter((x) => x.startOffset < followerLeo);
    }
    expect(followerLeo).to.equal(40n);
    expect(divergingEpoch(leaderLog, 100n, followerEpochs.at(-1)!.epoch, followerLeo)).to.equal(null);
  });
});
