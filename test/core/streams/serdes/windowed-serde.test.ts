import { expect } from 'chai';
import { Serdes } from '../../../../core/streams/serdes/serdes.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../../../../core/streams/serdes/windowed-serde.js';
import { FjordError } from '../../../../core/errors.js';

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/[\s|]/g, ''), 'hex');
}

describe('timeWindowedSerde', () => {
  const serde = timeWindowedSerde(Serdes.String(), 100);

  it('writes key bytes then the window start as an 8-byte big-endian long', () => {
    const bytes = serde.serialize('t', { key: 'ab', window: { startMs: 300, endMs: 400 } });
    expect(bytes).to.deep.equal(hex('61 62 | 00 00 00 00 00 00 01 2c'));
  });

  it('writes every safe integer start as Java writes a long, across the 32-bit halves and below 0', () => {
    for (const ms of [0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 1_700_000_000_123, Number.MAX_SAFE_INTEGER, -1, -(2 ** 32), -(2 ** 32) - 1, Number.MIN_SAFE_INTEGER]) {
      const expected = Buffer.alloc(10);
      expected.write('ab');
      expected.writeBigInt64BE(BigInt(ms), 2);
      expect(serde.serialize('t', { key: 'ab', window: { startMs: ms, endMs: ms } }), String(ms)).to.deep.equal(expected);
    }
  });

  it('reads the end back as start + window size', () => {
    expect(serde.deserialize('t', hex('61 62 | 00 00 00 00 00 00 01 2c'))).to.deep.equal({
      key: 'ab',
      window: { startMs: 300, endMs: 400 },
    });
  });

  it('passes null through', () => {
    expect(serde.serialize('t', null)).to.equal(null);
    expect(serde.deserialize('t', null)).to.equal(null);
  });

  it('rejects data shorter than the timestamp naming the serde and topic', () => {
    expect(() => serde.deserialize('w', hex('00 01'))).to.throw(
      FjordError,
      "TimeWindowed<String> serde on topic 'w': expected at least 8 bytes, got 2",
    );
  });
});

describe('sessionWindowedSerde', () => {
  const serde = sessionWindowedSerde(Serdes.Integer());

  it('writes key bytes, then the session end, then the session start', () => {
    const bytes = serde.serialize('t', { key: 7, window: { startMs: 1, endMs: 2 } });
    expect(bytes).to.deep.equal(hex('00 00 00 07 | 00 00 00 00 00 00 00 02 | 00 00 00 00 00 00 00 01'));
  });

  it('round-trips key and both bounds', () => {
    const value = { key: -3, window: { startMs: 1_700_000_000_000, endMs: 1_700_000_005_000 } };
    expect(serde.deserialize('t', serde.serialize('t', value))).to.deep.equal(value);
  });

  it('rejects data shorter than two timestamps', () => {
    expect(() => serde.deserialize('s', Buffer.alloc(15))).to.throw(FjordError, 'expected at least 16 bytes, got 15');
  });
});
