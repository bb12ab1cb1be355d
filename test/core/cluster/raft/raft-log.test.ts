import { expect } from 'chai';
import { RaftLog } from '../../../../core/cluster/raft/raft-log.js';
import { EMPTY_SNAPSHOT, type Entry } from '../../../../core/cluster/raft/types.js';

const e = (index: number, term: number, text = ''): Entry => ({ index, term, data: new TextEncoder().encode(text) });
const terms = (log: RaftLog): number[] => log.slice(log.firstIndex(), log.lastIndex() + 1).map((x) => x.term);

describe('RaftLog', () => {
  it('appends after a matching (prev index, prev term) and refuses a mismatch', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 1)]);
    expect(log.maybeAppend(2, 1, [e(3, 2)], 0)).to.equal(3);
    expect(log.maybeAppend(3, 1, [e(4, 2)], 0)).to.equal(null);
    expect(log.maybeAppend(9, 2, [], 0)).to.equal(null);
    expect(terms(log)).to.deep.equal([1, 1, 2]);
  });

  it('truncates at the first conflicting entry and keeps matching ones', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 1), e(3, 1), e(4, 1)]);
    expect(log.maybeAppend(1, 1, [e(2, 1), e(3, 3)], 1)).to.equal(3);
    expect(terms(log)).to.deep.equal([1, 1, 3]);
  });

  it('a duplicate of an older append changes nothing', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 1), e(3, 1)]);
    expect(log.maybeAppend(1, 1, [e(2, 1)], 0)).to.equal(Infinity);
    expect(log.lastIndex()).to.equal(3);
  });

  it('asserts instead of overwriting a committed entry', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 1)]);
    expect(() => log.maybeAppend(1, 1, [e(2, 2)], 2)).to.throw('append would overwrite committed entry 2 (commit 2)');
  });

  it('compares candidates by last term, then by length (§5.4.1)', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 2)]);
    expect(log.isUpToDate(1, 3)).to.equal(true);
    expect(log.isUpToDate(2, 2)).to.equal(true);
    expect(log.isUpToDate(1, 2)).to.equal(false);
    expect(log.isUpToDate(9, 1)).to.equal(false);
  });

  it('finds the bounds of a term for the conflict hint', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 2), e(3, 2), e(4, 2), e(5, 4)]);
    expect(log.firstIndexOfTerm(2, 4)).to.equal(2);
    expect(log.lastIndexOfTerm(2, 5)).to.equal(4);
    expect(log.lastIndexOfTerm(3, 5)).to.equal(0);
  });

  it('compaction keeps the entries after the snapshot and answers the snapshot term', () => {
    const log = new RaftLog(EMPTY_SNAPSHOT, [e(1, 1), e(2, 1), e(3, 2)]);
    log.compact({ index: 2, term: 1, data: new Uint8Array(0) });
    expect(log.firstIndex()).to.equal(3);
    expect(log.term(2)).to.equal(1);
    expect(log.term(1)).to.equal(undefined);
    expect(terms(log)).to.deep.equal([2]);
    expect(() => log.slice(2, 4)).to.throw('slice from 2 reaches into the snapshot (index 2)');
  });
});
