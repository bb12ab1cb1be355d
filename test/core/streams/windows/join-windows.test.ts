import { expect } from 'chai';
import { JoinWindows } from '../../../../core/streams/windows/join-windows.js';
import { FjordError } from '../../../../core/errors.js';

describe('JoinWindows: inclusion', () => {
  const symmetric = JoinWindows.ofTimeDifferenceWithNoGrace(10);

  it('joins records exactly the time difference apart on either side', () => {
    expect(symmetric.inWindow(100, 90)).to.equal(true);
    expect(symmetric.inWindow(100, 110)).to.equal(true);
  });

  it('does not join records one millisecond beyond the difference', () => {
    expect(symmetric.inWindow(100, 89)).to.equal(false);
    expect(symmetric.inWindow(100, 111)).to.equal(false);
  });

  it('with before(2), a right record may trail the left one by at most 2 ms but lead by 10', () => {
    const asymmetric = symmetric.before(2);
    expect(asymmetric.inWindow(100, 98)).to.equal(true);
    expect(asymmetric.inWindow(100, 97)).to.equal(false);
    expect(asymmetric.inWindow(100, 110)).to.equal(true);
  });

  it('with after(0), a right record may not be later than the left one', () => {
    const asymmetric = symmetric.after(0);
    expect(asymmetric.inWindow(100, 100)).to.equal(true);
    expect(asymmetric.inWindow(100, 101)).to.equal(false);
    expect(asymmetric.inWindow(100, 90)).to.equal(true);
  });

  it('mirrors the window for a right record looking up left records', () => {
    const asymmetric = JoinWindows.ofTimeDifferenceWithNoGrace(10).before(2);
    expect(asymmetric.otherSideRange('left', 100)).to.deep.equal({ fromMs: 98, toMs: 110 });
    expect(asymmetric.otherSideRange('right', 100)).to.deep.equal({ fromMs: 90, toMs: 102 });
  });

  it('allows a negative before when before + after stays >= 0 (a window entirely after)', () => {
    const later = JoinWindows.ofTimeDifferenceWithNoGrace(10).before(-5);
    expect(later.inWindow(100, 104)).to.equal(false);
    expect(later.inWindow(100, 105)).to.equal(true);
    expect(later.sizeMs).to.equal(5);
  });

  it('clamps the lookup range at 0 for records near the epoch', () => {
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(10).otherSideRange('left', 3)).to.deep.equal({ fromMs: 0, toMs: 13 });
  });
});

describe('JoinWindows: grace and window close', () => {
  const windows = JoinWindows.ofTimeDifferenceAndGrace(10, 5);

  it('keeps a left record\'s window open while t + after + grace >= stream time', () => {
    expect(windows.isWindowClosed('left', 100, 115)).to.equal(false);
  });

  it('closes a left record\'s window once t + after + grace < stream time', () => {
    expect(windows.isWindowClosed('left', 100, 116)).to.equal(true);
  });

  it('uses before for right records, since their window is mirrored', () => {
    const asymmetric = windows.before(0);
    expect(asymmetric.isWindowClosed('right', 100, 105)).to.equal(false);
    expect(asymmetric.isWindowClosed('right', 100, 106)).to.equal(true);
  });
});

describe('JoinWindows: validation', () => {
  it('rejects a negative time difference naming the parameter and value', () => {
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(-1)).to.throw(FjordError, 'timeDifferenceMs must be an integer >= 0 ms, got -1');
  });

  it('rejects before + after < 0', () => {
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).after(-11)).to.throw(FjordError, 'beforeMs + afterMs must be >= 0');
  });

  it('rejects a negative grace', () => {
    expect(() => JoinWindows.ofTimeDifferenceAndGrace(10, -1)).to.throw(FjordError, 'graceMs must be an integer >= 0 ms, got -1');
  });
});
