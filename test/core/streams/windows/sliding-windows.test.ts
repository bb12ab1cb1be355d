import { expect } from 'chai';
import { SlidingWindows } from '../../../../core/streams/windows/sliding-windows.js';
import { FjordError } from '../../../../core/errors.js';
import { prng } from '../../../helpers/prng.js';

const w = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('SlidingWindows: windows a record creates and updates', () => {
  const sliding = SlidingWindows.ofTimeDifferenceWithNoGrace(10);

  it('creates only the left window [t - diff, t] for the first record', () => {
    expect(sliding.updatesFor(50, [])).to.deep.equal({ created: [{ window: w(40, 50), containsRecord: true }], updated: [] });
  });

  it('creates the new left window and the previous record\'s right window for an in-order record', () => {
    expect(sliding.updatesFor(55, [50])).to.deep.equal({
      created: [
        { window: w(45, 55), containsRecord: true },
        { window: w(51, 61), containsRecord: true },
      ],
      updated: [],
    });
  });

  it('creates only a left window when the previous record is more than diff + 1 away', () => {
    expect(sliding.updatesFor(70, [50, 55])).to.deep.equal({ created: [{ window: w(60, 70), containsRecord: true }], updated: [] });
  });

  it('updates existing windows and creates its right window (without itself) for an out-of-order record', () => {
    expect(sliding.updatesFor(55, [50, 60])).to.deep.equal({
      created: [
        { window: w(45, 55), containsRecord: true },
        { window: w(56, 66), containsRecord: false },
      ],
      updated: [w(50, 60), w(51, 61)],
    });
  });

  it('creates nothing and updates every window containing t for a duplicate timestamp', () => {
    expect(sliding.updatesFor(55, [50, 55])).to.deep.equal({ created: [], updated: [w(45, 55), w(51, 61)] });
  });

  it('puts an early record (t < diff) in the shared window [0, diff]', () => {
    expect(sliding.updatesFor(3, [])).to.deep.equal({ created: [{ window: w(0, 10), containsRecord: true }], updated: [] });
  });

  it('updates [0, diff] for a second early record and creates the first one\'s right window', () => {
    expect(sliding.updatesFor(5, [3])).to.deep.equal({
      created: [{ window: w(4, 14), containsRecord: true }],
      updated: [w(0, 10)],
    });
  });

  it('looks up existing records in [t - diff - 1, t + diff + 1], clamped at 0', () => {
    expect(sliding.lookupRange(50)).to.deep.equal({ fromMs: 39, toMs: 61 });
    expect(sliding.lookupRange(4)).to.deep.equal({ fromMs: 0, toMs: 15 });
  });
});

/**
 * Reference: a window [s, s + diff] exists exactly where the set of records it covers changes as
 * s moves forward one millisecond at a time (and is non-empty); s starts at 0. This scans every
 * start instead of reasoning about left and right windows.
 */
function bruteForceWindows(records: readonly number[], diff: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const maxMs = Math.max(...records);
  let previous = '';
  for (let s = 0; s <= maxMs + 1; s++) {
    const content = records.filter((r) => r >= s && r <= s + diff).sort((a, b) => a - b);
    const signature = content.join(',');
    if (content.length > 0 && (s === 0 || signature !== previous)) out.set(s, content);
    previous = signature;
  }
  return out;
}


function applyIncrementally(timestamps: readonly number[], diff: number, seed: number): void {
  const sliding = SlidingWindows.ofTimeDifferenceWithNoGrace(diff);
  const windows = new Map<number, number[]>();
  const seen: number[] = [];
  for (const t of timestamps) {
    const { created, updated } = sliding.updatesFor(t, seen);
    for (const window of updated) {
      expect(windows.has(window.startMs), `seed ${seed}: updated window ${window.startMs} exists`).to.equal(true);
      windows.get(window.startMs)!.push(t);
    }
    for (const { window, containsRecord } of created) {
      expect(windows.has(window.startMs), `seed ${seed}: created window ${window.startMs} is new`).to.equal(false);
      const content = seen.filter((r) => r >= window.startMs && r <= window.endMs);
      if (containsRecord) content.push(t);
      windows.set(window.startMs, content);
    }
    seen.push(t);
    const actual = new Map([...windows].map(([s, c]) => [s, [...c].sort((a, b) => a - b)]));
    expect(actual, `seed ${seed} after t=${t}, records ${seen.join(',')}`).to.deep.equal(bruteForceWindows(seen, diff));
  }
}

describe('SlidingWindows: agreement with a brute-force reference', () => {
  it('matches the reference for in-order records', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = prng(seed);
      const timestamps: number[] = [];
      let t = Math.floor(random() * 8);
      for (let i = 0; i < 15; i++, t += Math.floor(random() * 8)) timestamps.push(t);
      applyIncrementally(timestamps, 5, seed);
    }
  });

  it('matches the reference for out-of-order records, duplicates and early records', () => {
    for (let seed = 100; seed <= 160; seed++) {
      const random = prng(seed);
      const timestamps = Array.from({ length: 15 }, () => Math.floor(random() * 40));
      applyIncrementally(timestamps, 1 + Math.floor(random() * 8), seed);
    }
  });
});

describe('SlidingWindows: grace and lateness', () => {
  const sliding = SlidingWindows.ofTimeDifferenceAndGrace(10, 5);

  it('closes a window one past its inclusive end plus grace', () => {
    expect(sliding.windowCloseTimeMs(w(40, 50))).to.equal(56);
  });

  it('accepts a record into a window while end >= streamTime - grace', () => {
    expect(sliding.isLate(45, 55, w(40, 50))).to.equal(false);
  });

  it('rejects a record for a window once end < streamTime - grace', () => {
    expect(sliding.isLate(45, 56, w(40, 50))).to.equal(true);
  });

  it('drops a record outright only when its last window [t, t + diff] is closed', () => {
    expect(sliding.isRecordLate(40, 55)).to.equal(false);
    expect(sliding.isRecordLate(40, 56)).to.equal(true);
  });
});

describe('SlidingWindows: validation', () => {
  it('rejects a time difference of 0 naming the parameter and value', () => {
    expect(() => SlidingWindows.ofTimeDifferenceWithNoGrace(0)).to.throw(FjordError, 'timeDifferenceMs must be an integer >= 1 ms, got 0');
  });

  it('defaults retention to max(diff + grace, one day)', () => {
    expect(SlidingWindows.ofTimeDifferenceAndGrace(10, 5).retentionMs()).to.equal(86_400_000);
  });
});
