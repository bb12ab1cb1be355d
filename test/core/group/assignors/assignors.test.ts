import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { assignorFor, assignorForProtocol } from '../../../../core/group/assignors/assignor-for-protocol.js';
import { cooperativeStickyAssignor } from '../../../../core/group/assignors/cooperative-sticky.js';
import type { Assignment, AssignorMember, PartitionAssignor } from '../../../../core/group/assignors/partition-assignor.js';
import { rangeAssignor } from '../../../../core/group/assignors/range.js';
import { roundRobinAssignor } from '../../../../core/group/assignors/round-robin.js';

function member(memberId: string, topics: string[] = ['t'], owned: Assignment | null = null, generationId?: number): AssignorMember {
  return { memberId, topics, ownedPartitions: owned?.get(memberId) ?? [], generationId };
}

/** member id → ["topic-partition", ...] for compact expectations. */
function flat(a: Assignment): Record<string, string[]> {
  return Object.fromEntries([...a].map(([id, tps]) => [id, tps.flatMap((tp) => tp.partitions.map((p) => `${tp.topic}-${p}`))]));
}

function allAssigned(a: Assignment): string[] {
  return Object.values(flat(a)).flat();
}

function expectExactlyOnce(a: Assignment, partitionsPerTopic: Map<string, number>): void {
  const expected = [...partitionsPerTopic].flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}-${p}`));
  expect(allAssigned(a).sort()).to.deep.equal(expected.sort());
}

function counts(a: Assignment): number[] {
  return Object.values(flat(a)).map((ps) => ps.length);
}

const ids = ['m1', 'm2', 'm3'];

describe('assignors: range', () => {
  it('splits a topic into contiguous ranges, the first members getting one extra', () => {
    const a = rangeAssignor.assign(ids.map((id) => member(id)), new Map([['t', 5]]));
    expect(flat(a)).to.deep.equal({ m1: ['t-0', 't-1'], m2: ['t-2', 't-3'], m3: ['t-4'] });
  });

  it('orders static members first, by group instance id', () => {
    const members = [member('a'), { ...member('b'), groupInstanceId: 'z' }, { ...member('c'), groupInstanceId: 'y' }];
    const a = rangeAssignor.assign(members, new Map([['t', 3]]));
    expect(flat(a)).to.deep.equal({ a: ['t-2'], b: ['t-1'], c: ['t-0'] });
  });

  it('splits each topic only among its subscribers', () => {
    const a = rangeAssignor.assign([member('m1', ['x', 'y']), member('m2', ['y'])], new Map([['x', 2], ['y', 2]]));
    expect(flat(a)).to.deep.equal({ m1: ['x-0', 'x-1', 'y-0'], m2: ['y-1'] });
  });
});

describe('assignors: round robin', () => {
  it('deals all partitions, sorted by topic and partition, to the members in turn', () => {
    const a = roundRobinAssignor.assign([member('m2', ['a', 'b']), member('m1', ['a', 'b'])], new Map([['b', 3], ['a', 2]]));
    expect(flat(a)).to.deep.equal({ m2: ['a-1', 'b-1'], m1: ['a-0', 'b-0', 'b-2'] });
  });

  it('skips a member for partitions of topics it does not subscribe to', () => {
    const a = roundRobinAssignor.assign([member('m1', ['a']), member('m2', ['a', 'b'])], new Map([['a', 2], ['b', 2]]));
    expect(flat(a)).to.deep.equal({ m1: ['a-0'], m2: ['a-1', 'b-0', 'b-1'] });
  });

  it('is found under kafkajs\'s protocol name "RoundRobinAssigner" as well as "roundrobin"', () => {
    expect(assignorForProtocol('RoundRobinAssigner')).to.equal(roundRobinAssignor);
    expect(assignorForProtocol('roundrobin')).to.equal(roundRobinAssignor);
    expect(assignorForProtocol('range')).to.equal(rangeAssignor);
    expect(assignorForProtocol('cooperative-sticky')).to.equal(cooperativeStickyAssignor);
    expect(assignorForProtocol('nope')).to.equal(undefined);
  });

  it('throws INCONSISTENT_GROUP_PROTOCOL when asked for an assignor it does not have', () => {
    expect(() => assignorFor('nope')).to.throw(FjordError).with.property('code', 'INCONSISTENT_GROUP_PROTOCOL');
  });
});

describe('assignors: every partition exactly once', () => {
  const eager: PartitionAssignor[] = [rangeAssignor, roundRobinAssignor];
  for (const assignor of eager) {
    for (const partitions of [4, 5]) {
      for (const memberCount of [2, 3]) {
        it(`${assignor.name} assigns ${partitions} partitions to ${memberCount} members without overlap or gap, balanced`, () => {
          const ppt = new Map([['t', partitions]]);
          const a = assignor.assign(ids.slice(0, memberCount).map((id) => member(id)), ppt);
          expectExactlyOnce(a, ppt);
          expect(Math.max(...counts(a)) - Math.min(...counts(a))).to.be.at.most(1);
        });
      }
    }
  }
});

/**
 * Runs the cooperative protocol: each round's assignment is what members own in the next one
 * (partitions left out were revoked), until the assignment no longer changes.
 */
function cooperativeRounds(memberIds: string[], ppt: Map<string, number>, owned: Assignment | null, generationId: number): Assignment[] {
  const rounds: Assignment[] = [];
  let current = owned;
  for (let round = 0; round < 5; round++) {
    const next = cooperativeStickyAssignor.assign(memberIds.map((id) => member(id, ['t'], current, generationId + round)), ppt);
    rounds.push(next);
    if (current !== null && JSON.stringify(flat(next)) === JSON.stringify(flat(current))) break;
    current = next;
  }
  return rounds;
}

/** Partitions a member owned before and some other member is given in the same round. */
function handedStraightOver(before: Assignment, after: Assignment): string[] {
  const ownerBefore = new Map(Object.entries(flat(before)).flatMap(([id, tps]) => tps.map((tp) => [tp, id] as const)));
  return Object.entries(flat(after)).flatMap(([id, tps]) => tps.filter((tp) => ownerBefore.has(tp) && ownerBefore.get(tp) !== id));
}

describe('assignors: cooperative sticky', () => {
  for (const partitions of [4, 5]) {
    it(`balances ${partitions} partitions over 2 members when nobody owns anything`, () => {
      const ppt = new Map([['t', partitions]]);
      const a = cooperativeStickyAssignor.assign(['m1', 'm2'].map((id) => member(id)), ppt);
      expectExactlyOnce(a, ppt);
      expect(Math.max(...counts(a)) - Math.min(...counts(a))).to.be.at.most(1);
    });

    it(`keeps every owned partition in place when the members do not change (${partitions} partitions)`, () => {
      const ppt = new Map([['t', partitions]]);
      const first = cooperativeStickyAssignor.assign(['m1', 'm2'].map((id) => member(id)), ppt);
      const second = cooperativeStickyAssignor.assign(['m1', 'm2'].map((id) => member(id, ['t'], first, 1)), ppt);
      expect(flat(second)).to.deep.equal(flat(first));
    });

    it(`moves only what the third member needs, revoking before reassigning (${partitions} partitions)`, () => {
      const ppt = new Map([['t', partitions]]);
      const two = cooperativeStickyAssignor.assign(['m1', 'm2'].map((id) => member(id)), ppt);
      const [revoking, settled] = cooperativeRounds(ids, ppt, two, 1);
      // Round 1: nothing changes hands; only the partitions the newcomer needs are revoked.
      expect(handedStraightOver(two, revoking)).to.deep.equal([]);
      expect(flat(revoking).m3).to.deep.equal([]);
      const quota = Math.floor(partitions / 3);
      expect(allAssigned(two).length - allAssigned(revoking).length).to.equal(quota);
      // Round 2: the revoked partitions go to the newcomer; the result is complete and balanced.
      expect(handedStraightOver(revoking, settled)).to.deep.equal([]);
      expectExactlyOnce(settled, ppt);
      expect(Math.max(...counts(settled)) - Math.min(...counts(settled))).to.be.at.most(1);
      for (const id of ['m1', 'm2']) expect(flat(two)[id]).to.include.members(flat(settled)[id]);
    });
  }

  it('moves the partitions of a member that left to the others at once (nobody owns them any more)', () => {
    const ppt = new Map([['t', 6]]);
    const three = cooperativeStickyAssignor.assign(ids.map((id) => member(id)), ppt);
    const two = cooperativeStickyAssignor.assign(['m1', 'm2'].map((id) => member(id, ['t'], three, 1)), ppt);
    expectExactlyOnce(two, ppt);
    expect(counts(two)).to.deep.equal([3, 3]);
    for (const id of ['m1', 'm2']) expect(flat(two)[id]).to.include.members(flat(three)[id]);
  });

  it('ignores what a member of an older generation claims to own', () => {
    const ppt = new Map([['t', 4]]);
    const stale = { memberId: 'm1', topics: ['t'], ownedPartitions: [{ topic: 't', partitions: [0, 1, 2, 3] }], generationId: 1 };
    const current = { memberId: 'm2', topics: ['t'], ownedPartitions: [{ topic: 't', partitions: [0, 1] }], generationId: 2 };
    const a = cooperativeStickyAssignor.assign([stale, current], ppt);
    expect(flat(a)).to.deep.equal({ m1: ['t-2', 't-3'], m2: ['t-0', 't-1'] });
  });

  it('gives a partition two members of one generation claim to at most one of them, and to no third member', () => {
    const ppt = new Map([['t', 2]]);
    const members = ['m1', 'm2'].map((memberId) => ({ memberId, topics: ['t'], ownedPartitions: [{ topic: 't', partitions: [0] }], generationId: 3 }));
    members.push({ memberId: 'm3', topics: ['t'], ownedPartitions: [], generationId: 3 });
    const a = cooperativeStickyAssignor.assign(members, ppt);
    const holders = Object.entries(flat(a)).filter(([, tps]) => tps.includes('t-0')).map(([id]) => id);
    expect(holders.length).to.be.at.most(1);
    expect(holders).to.not.include('m3');
  });
});
