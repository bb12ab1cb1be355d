import { expect } from 'chai';
import { SessionWindows } from '../../../../core/streams/windows/session-windows.js';
import { FjordError } from '../../../../core/errors.js';

describe('SessionWindows: merging', () => {
  const sessions = SessionWindows.ofInactivityGapWithNoGrace(10);

  it('starts a new session [t, t] and removes nothing when no session is near', () => {
    expect(sessions.merge(100, [])).to.deep.equal({ merged: { startMs: 100, endMs: 100 }, removed: [] });
  });

  it('searches sessions ending at or after t - gap and starting at or before t + gap', () => {
    expect(sessions.searchRange(100)).to.deep.equal({ earliestEndMs: 90, latestStartMs: 110 });
  });

  it('extends a session whose end is exactly gap before the record, removing the old one', () => {
    expect(sessions.merge(30, [{ startMs: 0, endMs: 20 }])).to.deep.equal({
      merged: { startMs: 0, endMs: 30 },
      removed: [{ startMs: 0, endMs: 20 }],
    });
  });

  it('extends a session backwards for an out-of-order record just before its start', () => {
    expect(sessions.merge(45, [{ startMs: 50, endMs: 60 }])).to.deep.equal({
      merged: { startMs: 45, endMs: 60 },
      removed: [{ startMs: 50, endMs: 60 }],
    });
  });

  it('merges two sessions bridged by the record into one, removing both', () => {
    const result = sessions.merge(25, [
      { startMs: 30, endMs: 40 },
      { startMs: 0, endMs: 15 },
    ]);
    expect(result).to.deep.equal({
      merged: { startMs: 0, endMs: 40 },
      removed: [
        { startMs: 0, endMs: 15 },
        { startMs: 30, endMs: 40 },
      ],
    });
  });

  it('keeps the bounds of a session for an out-of-order record inside it, but still replaces it', () => {
    expect(sessions.merge(5, [{ startMs: 0, endMs: 10 }])).to.deep.equal({
      merged: { startMs: 0, endMs: 10 },
      removed: [{ startMs: 0, endMs: 10 }],
    });
  });

  it('does not remove a single-point session when a record arrives at that same instant', () => {
    expect(sessions.merge(7, [{ startMs: 7, endMs: 7 }])).to.deep.equal({ merged: { startMs: 7, endMs: 7 }, removed: [] });
  });

  it('treats a session outside the search range as a programmer error', () => {
    expect(() => sessions.merge(100, [{ startMs: 0, endMs: 89 }])).to.throw(/assertion failed/);
  });
});

describe('SessionWindows: grace and lateness', () => {
  const sessions = SessionWindows.ofInactivityGapAndGrace(10, 5);
  const merged = { startMs: 0, endMs: 20 };

  it('closes a session one past its inclusive end plus the gap and grace (Kafka 3.x)', () => {
    expect(sessions.windowCloseTimeMs(merged)).to.equal(36);
  });

  it('accepts a record when merged.end == streamTime - grace - gap', () => {
    expect(sessions.isLate(20, 35, merged)).to.equal(false);
  });

  it('treats a record as late when merged.end < streamTime - grace - gap', () => {
    expect(sessions.isLate(20, 36, merged)).to.equal(true);
  });
});

describe('SessionWindows: retention and validation', () => {
  it('defaults retention to max(gap + grace, one day)', () => {
    expect(SessionWindows.ofInactivityGapAndGrace(10, 5).retentionMs()).to.equal(86_400_000);
  });

  it('rejects a gap of 0 naming the parameter and value', () => {
    expect(() => SessionWindows.ofInactivityGapWithNoGrace(0)).to.throw(FjordError, 'inactivityGapMs must be an integer >= 1 ms, got 0');
  });

  it('rejects a negative grace', () => {
    expect(() => SessionWindows.ofInactivityGapAndGrace(10, -5)).to.throw(FjordError, 'graceMs must be an integer >= 0 ms, got -5');
  });
});
