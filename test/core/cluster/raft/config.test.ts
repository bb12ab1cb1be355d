import { expect } from 'chai';
import { parseControllerQuorum, quorumSize, raftConfig } from '../../../../core/cluster/raft/config.js';

describe('raft config and --controller-quorum', () => {
  it('parses id@host:port voters, including bracketed IPv6 hosts', () => {
    expect(parseControllerQuorum('1@a:9093, 2@b.example:9094,3@[::1]:9095')).to.deep.equal([
      { id: 1, host: 'a', port: 9093 },
      { id: 2, host: 'b.example', port: 9094 },
      { id: 3, host: '::1', port: 9095 },
    ]);
  });

  it('names the bad voter when one is malformed, repeated or has a bad port', () => {
    expect(() => parseControllerQuorum('1@a:9093,two@b:1')).to.throw('voter "two@b:1" is not of the form id@host:port');
    expect(() => parseControllerQuorum('1@a:9093,1@b:9094')).to.throw('voter "1@b:9094" repeats id 1');
    expect(() => parseControllerQuorum('1@a:70000')).to.throw('has port 70000 outside 1-65535');
  });

  it('needs a majority: 1 of 1, 2 of 3, 3 of 4, 3 of 5', () => {
    expect([1, 3, 4, 5].map(quorumSize)).to.deep.equal([1, 2, 3, 3]);
  });

  it('fills defaults and rejects configs that cannot work, naming the field', () => {
    const c = raftConfig({ id: 1, voters: [1, 2, 3], random: () => 0 });
    expect(c.electionTicks).to.equal(10);
    expect(c.preVote).to.equal(true);
    expect(c.checkQuorum).to.equal(true);
    expect(() => raftConfig({ id: 4, voters: [1, 2, 3], random: () => 0 })).to.throw('id 4 is not in voters 1,2,3');
    expect(() => raftConfig({ id: 1, voters: [1, 1], random: () => 0 })).to.throw('voters 1,1 has duplicates');
    expect(() => raftConfig({ id: 1, voters: [1], random: () => 0, electionTicks: 0 })).to.throw('electionTicks must be a positive integer, got 0');
    expect(() => raftConfig({ id: 1, voters: [1], random: () => 0, heartbeatTicks: 10 })).to.throw(
      'heartbeatTicks (10) must be less than electionTicks (10)',
    );
  });
});
