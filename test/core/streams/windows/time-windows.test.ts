import { expect } from 'chai';
import { TimeWindows } from '../../../../core/streams/windows/time-windows.js';
import { FjordError } from '../../../../core/errors.js';

describe('TimeWindows: tumbling window assignment', () => {
  const tumbling = TimeWindows.ofSizeWithNoGrace(10);

  it('puts a record at a window start into the window starting there', () => {
    expect(tumbling.windowsFor(20)).to.deep.equal([{ startMs: 20, endMs: 30 }]);
  });

  it('puts a record at end - 1 into that same window', () => {
    expect(tumbling.windowsFor(29)).to.deep.equal([{ startMs: 20, endMs: 30 }]);
  });

  it('puts a record at the end into the next window, since the end is exclusive', () => {
    expect(tumbling.windowsFor(30)).to.deep.equal([{ startMs: 30, endMs: 40 }]);
  });

  it('puts a record at 0 into [0, size)', () => {
    expect(tumbling.windowsFor(0)).to.deep.equal([{ startMs: 0, endMs: 10 }]);
  });

  it('assigns no window to a negative timestamp', () => {
    expect(tumbling.windowsFor(-1)).to.deep.equal([]);
  });
});

describe('TimeWindows: hopping window assignment', () => {
  const hopping = TimeWindows.ofSizeWithNoGrace(10).advanceBy(5);

  it('puts a record at an advance boundary into size/advance = 2 windows', () => {
    expect(hopping.windowsFor(20)).to.deep.equal([
      { startMs: 15, endMs: 25 },
      { startMs: 20, endMs: 30 },
    ]);
  });

  it('puts a record at end - 1 of a window into that window and the next', () => {
    expect(hopping.windowsFor(24)).to.deep.equal([
      { startMs: 15, endMs: 25 },
      { startMs: 20, endMs: 30 },
    ]);
  });

  it('drops the window whose end equals the timestamp', () => {
    expect(hopping.windowsFor(25)).to.deep.equal([
      { startMs: 20, endMs: 30 },
      { startMs: 25, endMs: 35 },
    ]);
  });

  it('gives ceil(size / advance) windows when advance does not divide size', () => {
    const w = TimeWindows.ofSizeWithNoGrace(10).advanceBy(3);
    expect(w.windowsFor(100).map((x) => x.startMs)).to.deep.equal([93, 96, 99]);
    expect(w.windowsFor(101).map((x) => x.startMs)).to.deep.equal([93, 96, 99]);
    expect(w.windowsFor(102).map((x) => x.startMs)).to.deep.equal([93, 96, 99, 102]);
  });

  it('gives fewer windows near 0 because no window starts before the epoch', () => {
    expect(hopping.windowsFor(3)).to.deep.equal([{ startMs: 0, endMs: 10 }]);
    expect(hopping.windowsFor(7)).to.deep.equal([
      { startMs: 0, endMs: 10 },
      { startMs: 5, endMs: 15 },
    ]);
  });

  it('matches a brute-force scan of all multiples of advance for many timestamps', () => {
    const w = TimeWindows.ofSizeWithNoGrace(12).advanceBy(4);
    for (let t = 0; t < 100; t++) {
      const expected = [];
      for (let s = 0; s <= t; s += 4) if (t < s + 12) expected.push({ startMs: s, endMs: s + 12 });
      expect(w.windowsFor(t), `t=${t}`).to.deep.equal(expected);
    }
  });
});

describe('TimeWindows: grace and lateness', () => {
  const w = TimeWindows.ofSizeAndGrace(10, 5);
  const window = { startMs: 0, endMs: 10 };

  it('closes a window at end + grace', () => {
    expect(w.windowCloseTimeMs(window)).to.equal(15);
  });

  it('accepts a record when stream time is end + grace - 1', () => {
    expect(w.isLate(3, 14, window)).to.equal(false);
  });

  it('rejects a record when stream time equals end + grace exactly', () => {
    expect(w.isLate(3, 15, window)).to.equal(true);
  });

  it('with no grace, a window closes when stream time reaches its end', () => {
    const noGrace = TimeWindows.ofSizeWithNoGrace(10);
    expect(noGrace.isLate(9, 9, window)).to.equal(false);
    expect(noGrace.isLate(9, 10, window)).to.equal(true);
  });

  it('treats a hopping record as late only when all its windows are closed', () => {
    const hop = TimeWindows.ofSizeWithNoGrace(10).advanceBy(5); // t=7 is in [0,10) and [5,15)
    expect(hop.isRecordLate(7, 10)).to.equal(false);
    expect(hop.isRecordLate(7, 15)).to.equal(true);
  });
});

describe('TimeWindows: retention and validation', () => {
  it('defaults retention to one day when size + grace is smaller', () => {
    expect(TimeWindows.ofSizeAndGrace(60_000, 1_000).retentionMs()).to.equal(86_400_000);
  });

  it('defaults retention to size + grace when that exceeds one day', () => {
    expect(TimeWindows.ofSizeAndGrace(86_400_000, 5).retentionMs()).to.equal(86_400_005);
  });

  it('rejects an explicit retention shorter than size + grace', () => {
    expect(() => TimeWindows.ofSizeAndGrace(10, 5).retentionMs(14)).to.throw(FjordError, 'retentionMs must be an integer >= 15 ms, got 14');
  });

  it('rejects a size of 0 naming the parameter and value', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(0)).to.throw(FjordError, 'sizeMs must be an integer >= 1 ms, got 0');
  });

  it('rejects a negative grace naming the parameter and value', () => {
    expect(() => TimeWindows.ofSizeAndGrace(10, -1)).to.throw(FjordError, 'graceMs must be an integer >= 0 ms, got -1');
  });

  it('rejects an advance larger than the size', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11)).to.throw(FjordError, 'advanceMs must be <= sizeMs (10), got 11');
  });

  it('rejects an advance of 0', () => {
    try {
      TimeWindows.ofSizeWithNoGrace(10).advanceBy(0);
      expect.fail('expected a throw');
    } catch (err) {
      expect((err as FjordError).code).to.equal('INVALID_ARGUMENT');
    }
  });
});
