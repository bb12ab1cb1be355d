import { expect } from 'chai';
import {
  parseSessionKey,
  parseWindowKey,
  segmentedWindowKey,
  sessionKeyBytes,
  windowKey,
} from '../../../../core/streams/state/key-schema.js';
import { b } from './helpers.js';

describe('key schema', () => {
  it('round-trips a window key', () => {
    const parsed = parseWindowKey(windowKey(b('user-1'), 1_700_000_000_000));
    expect([parsed.key.toString(), parsed.windowStartMs]).to.deep.equal(['user-1', 1_700_000_000_000]);
  });

  it('round-trips a session key', () => {
    const parsed = parseSessionKey(sessionKeyBytes(b('k'), 20, 10));
    expect([parsed.key.toString(), parsed.startMs, parsed.endMs]).to.deep.equal(['k', 10, 20]);
  });

  it('orders the windows of one key by start time in byte order', () => {
    const starts = [256, 1, 65_536, 0];
    const sorted = starts.map((s) => windowKey(b('k'), s)).sort(Buffer.compare).map((k) => parseWindowKey(k).windowStartMs);
    expect(sorted).to.deep.equal([0, 1, 256, 65_536]);
  });

  it('puts the segment first in the storage key of a window', () => {
    expect(segmentedWindowKey(3, b('k'), 7).subarray(0, 8).readBigUInt64BE()).to.equal(3n);
  });

  it('rejects a negative timestamp', () => {
    expect(() => windowKey(b('k'), -1)).to.throw(/non-negative/);
  });
});
