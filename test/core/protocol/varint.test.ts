import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import {
  readUnsignedVarint,
  readUnsignedVarlong,
  readVarint,
  readVarlong,
  readVarlongNumber,
  sizeOfUnsignedVarint,
  sizeOfVarint,
  sizeOfVarlong,
  writeUnsignedVarint,
  writeVarint,
  writeVarlong,
  writeVarlongNumber,
} from '../../../core/protocol/varint.js';

// Expected bytes are written from the published rules: 7 bits per byte, least significant group
// first, high bit = more bytes follow; signed values are zigzagged first, (n << 1) ^ (n >> 31).
const unsignedFixtures: [number, string][] = [
  [0, '00'],
  [1, '01'],
  [127, '7f'],
  [128, '8001'],
  [300, 'ac02'],
  [16383, 'ff7f'],
  [16384, '808001'],
  [0xffffffff, 'ffffffff0f'],
];

const zigzagFixtures: [number, string][] = [
  [0, '00'],
  [-1, '01'],
  [1, '02'],
  [-2, '03'],
  [2, '04'],
  [63, '7e'],
  [-64, '7f'],
  [64, '8001'],
  [150, 'ac02'],
  // The edge of the two-byte fast path: zigzag 16383 is the largest two-byte value.
  [8191, 'fe7f'],
  [-8192, 'ff7f'],
  [8192, '808001'],
  [-8193, '818001'],
  [2147483647, 'feffffff0f'],
  [-2147483648, 'ffffffff0f'],
];

const varlongFixtures: [bigint, string][] = [
  [0n, '00'],
  [-1n, '01'],
  [1n, '02'],
  [1700000000000n, '80a0abfef962'],
  [-1700000000000n, 'ff9fabfef962'],
  [9223372036854775807n, 'feffffffffffffffff01'],
  [-9223372036854775808n, 'ffffffffffffffffff01'],
];

function written(write: (buf: Buffer, pos: number) => number): string {
  const buf = Buffer.alloc(16, 0xee);
  const end = write(buf, 0);
  return buf.subarray(0, end).toString('hex');
}

describe('varint', () => {
  describe('unsigned varint', () => {
    for (const [value, hex] of unsignedFixtures) {
      it(`writes ${value} as ${hex} and reads it back`, () => {
        expect(written((buf, pos) => writeUnsignedVarint(buf, value, pos))).to.equal(hex);
        const cur = { pos: 0 };
        expect(readUnsignedVarint(Buffer.from(hex, 'hex'), cur)).to.equal(value);
        expect(cur.pos).to.equal(hex.length / 2);
        expect(sizeOfUnsignedVarint(value)).to.equal(hex.length / 2);
      });
    }

    it('reads from the cursor position and advances it past the varint only', () => {
      const buf = Buffer.from('ffac02ff', 'hex');
      const cur = { pos: 1 };
      expect(readUnsignedVarint(buf, cur)).to.equal(300);
      expect(cur.pos).to.equal(3);
    });

    it('returns the position after the bytes written, like Buffer.write*', () => {
      const buf = Buffer.alloc(8);
      expect(writeUnsignedVarint(buf, 300, 3)).to.equal(5);
      expect(buf.subarray(3, 5).toString('hex')).to.equal('ac02');
    });
  });

  describe('zigzag varint (int32)', () => {
    for (const [value, hex] of zigzagFixtures) {
      it(`writes ${value} as ${hex} and reads it back`, () => {
        expect(written((buf, pos) => writeVarint(buf, value, pos))).to.equal(hex);
        expect(readVarint(Buffer.from(hex, 'hex'), { pos: 0 })).to.equal(value);
        expect(sizeOfVarint(value)).to.equal(hex.length / 2);
      });
    }
  });

  describe('zigzag varlong (int64)', () => {
    for (const [value, hex] of varlongFixtures) {
      it(`writes ${value} as ${hex} and reads it back as bigint`, () => {
        expect(written((buf, pos) => writeVarlong(buf, value, pos))).to.equal(hex);
        const cur = { pos: 0 };
        expect(readVarlong(Buffer.from(hex, 'hex'), cur)).to.equal(value);
        expect(cur.pos).to.equal(hex.length / 2);
        expect(sizeOfVarlong(value)).to.equal(hex.length / 2);
      });
    }

    for (const [value, hex] of varlongFixtures.filter(([v]) => Number.isSafeInteger(Number(v)))) {
      it(`writes and reads ${value} as a number with the same bytes`, () => {
        const n = Number(value);
        expect(written((buf, pos) => writeVarlongNumber(buf, n, pos))).to.equal(hex);
        expect(readVarlongNumber(Buffer.from(hex, 'hex'), { pos: 0 })).to.equal(n);
        expect(sizeOfVarlong(n)).to.equal(hex.length / 2);
      });
    }

    it('round-trips numbers around the 2^30, 2^31, 2^52 and 2^53 boundaries', () => {
      const edges = [2 ** 30, 2 ** 31, 2 ** 52, Number.MAX_SAFE_INTEGER];
      for (const n of edges.flatMap((e) => [e - 1, e, -e, -e - 1]).filter(Number.isSafeInteger)) {
        const buf = Buffer.alloc(10);
        const end = writeVarlongNumber(buf, n, 0);
        expect(buf.subarray(0, end).toString('hex'), `bytes of ${n}`).to.equal(
          written((b, pos) => writeVarlong(b, BigInt(n), pos)),
        );
        const cur = { pos: 0 };
        expect(readVarlongNumber(buf, cur), `value ${n}`).to.equal(n);
        expect(cur.pos).to.equal(end);
      }
    });

    it('refuses to read a varlong beyond the safe integer range as a number', () => {
      const buf = Buffer.from('feffffffffffffffff01', 'hex');
      expect(() => readVarlongNumber(buf, { pos: 0 })).to.throw(FjordError, /not a safe integer/);
    });

    it('reads the unsigned maximum 2^64-1', () => {
      expect(readUnsignedVarlong(Buffer.from('ffffffffffffffffff01', 'hex'), { pos: 0 })).to.equal(2n ** 64n - 1n);
    });
  });

  describe('malformed input', () => {
    it('throws CORRUPT_MESSAGE when a varint runs past the end of the buffer', () => {
      expect(() => readVarint(Buffer.from('ac', 'hex'), { pos: 0 }))
        .to.throw(FjordError, 'varint runs past the end of the buffer at byte 1')
        .with.property('code', 'CORRUPT_MESSAGE');
      expect(() => readVarint(Buffer.alloc(0), { pos: 0 })).to.throw(FjordError, /past the end/);
      expect(() => readVarlongNumber(Buffer.from('8080', 'hex'), { pos: 0 })).to.throw(FjordError, /past the end/);
      expect(() => readVarlong(Buffer.from('80', 'hex'), { pos: 0 })).to.throw(FjordError, /past the end/);
    });

    it('throws CORRUPT_MESSAGE for a varint longer than 5 bytes', () => {
      expect(() => readUnsignedVarint(Buffer.from('ffffffffff01', 'hex'), { pos: 0 })).to.throw(
        FjordError,
        'varint at byte 0 is longer than 5 bytes',
      );
    });

    it('throws CORRUPT_MESSAGE for a varlong longer than 10 bytes', () => {
      expect(() => readVarlong(Buffer.from('ffffffffffffffffffff01', 'hex'), { pos: 0 })).to.throw(
        FjordError,
        'varlong at byte 0 is longer than 10 bytes',
      );
    });

    it('leaves the cursor where it was when a read fails', () => {
      const cur = { pos: 0 };
      expect(() => readVarint(Buffer.from('80', 'hex'), cur)).to.throw(FjordError);
      expect(cur.pos).to.equal(0);
    });
  });
});
