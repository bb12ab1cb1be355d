import { expect } from 'chai';
import { Decimal } from '../../../sql/types/decimal.js';
import { SimRandom } from '../../../core/sim/random.js';
import { INTERNAL_DEPTH_MAX, decodeInternal, encodeInternal, groupKey, internalSerde, rowGroupKey } from '../../../sql/types/internal-serde.js';

const roundTrip = (v: unknown): unknown => internalSerde.deserialize('t', internalSerde.serialize('t', v));

describe('sql/types/internal-serde', () => {
  it('round-trips every primitive runtime value exactly', () => {
    for (const v of [true, false, 0, 1, -1, 2147483647, -2147483648, 2147483648, 1.5, 1e300, 'héllo 😀', '']) {
      expect(roundTrip(v)).to.equal(v);
    }
    expect(Object.is(roundTrip(-0), -0)).to.equal(true);
    expect(Number.isNaN(roundTrip(NaN))).to.equal(true);
    expect(roundTrip(Infinity)).to.equal(Infinity);
    expect(roundTrip(-Infinity)).to.equal(-Infinity);
  });

  it('keeps bigints as bigints, inside and beyond 64 bits', () => {
    for (const v of [0n, -1n, 9223372036854775807n, -9223372036854775808n, 2n ** 100n, -(2n ** 70n)]) {
      expect(roundTrip(v)).to.equal(v);
    }
  });

  it('returns Decimal instances with the same unscaled value and scale', () => {
    const d = roundTrip(new Decimal(-150n, 2)) as Decimal;
    expect(d).to.be.instanceOf(Decimal);
    expect(d.toString()).to.equal('-1.50');
    expect((roundTrip(new Decimal(2n ** 80n, 3)) as Decimal).unscaled).to.equal(2n ** 80n);
  });

  it('round-trips Buffers, arrays, Maps with any keys in order, and plain objects', () => {
    const v = {
      b: Buffer.from([0, 255, 7]),
      arr: [1, null, 'x', [2n]],
      m: new Map<unknown, unknown>([['z', 1], [3n, 'three'], [null, true]]),
      nested: { d: new Decimal(5n, 0), u: undefined },
    };
    const back = roundTrip(v) as typeof v;
    expect(back.b).to.deep.equal(Buffer.from([0, 255, 7]));
    expect(back.arr).to.deep.equal([1, null, 'x', [2n]]);
    expect([...back.m.entries()]).to.deep.equal([['z', 1], [3n, 'three'], [null, true]]);
    expect((back.nested.d as Decimal).equals(new Decimal(5n, 0))).to.equal(true);
    expect(Object.keys(back.nested)).to.deep.equal(['d', 'u']);
  });

  it('maps null to null bytes and back', () => {
    expect(internalSerde.serialize('t', null)).to.equal(null);
    expect(internalSerde.deserialize('t', null)).to.equal(null);
  });

  it('returns a fresh buffer per value (the shared writer is not aliased)', () => {
    const a = encodeInternal('first');
    encodeInternal('second');
    expect(decodeInternal(a)).to.equal('first');
  });

  it('rejects class instances, truncated bytes and unknown tags with the topic named', () => {
    expect(() => internalSerde.serialize('t1', new Date())).to.throw(/Internal serde on topic 't1': cannot encode an instance of Date/);
    const bytes = encodeInternal([1, 2, 3]);
    expect(() => internalSerde.deserialize('t2', bytes.subarray(0, bytes.length - 2))).to.throw(/topic 't2': truncated/);
    expect(() => internalSerde.deserialize('t3', Buffer.from([99]))).to.throw(/unknown tag 99/);
    expect(() => internalSerde.deserialize('t4', Buffer.from([2, 2]))).to.throw(/1 bytes left/);
  });

  it(`accepts nesting up to INTERNAL_DEPTH_MAX (${INTERNAL_DEPTH_MAX}) and refuses deeper values`, () => {
    const nested = (n: number): unknown => (n === 0 ? 1 : [nested(n - 1)]);
    expect(() => roundTrip(nested(INTERNAL_DEPTH_MAX))).to.not.throw();
    expect(() => internalSerde.serialize('t', nested(INTERNAL_DEPTH_MAX + 1))).to.throw(/nested deeper than 256/);
    expect(() => groupKey(nested(INTERNAL_DEPTH_MAX + 1))).to.throw(/nested deeper than 256/);
  });

  it('encodes compactly: an int is 5 bytes, a short string 5 + its length', () => {
    expect(encodeInternal(7).length).to.equal(5);
    expect(encodeInternal('abc').length).to.equal(8);
  });

  it('writes the documented bytes: int64 big-endian two\'s complement, strings as uint32 length + UTF-8', () => {
    const int64 = (v: bigint): string => {
      const b = Buffer.alloc(9);
      b[0] = 5;
      b.writeBigInt64BE(v, 1);
      return b.toString('hex');
    };
    const edges = [0n, 1n, -1n, 4294967295n, 4294967296n, -4294967296n, -4294967297n, 2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, 9223372036854775807n, -9223372036854775808n];
    for (const v of edges) {
      expect(encodeInternal(v).toString('hex'), String(v)).to.equal(int64(v));
      expect(decodeInternal(encodeInternal(v))).to.equal(v);
    }
    const str = (s: string): string => {
      const utf8 = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(utf8.length);
      return Buffer.concat([Buffer.from([7]), len, utf8]).toString('hex');
    };
    // ASCII and not, below and above the short-string length, and a non-ASCII character last.
    for (const s of ['u1', 'x'.repeat(64), 'x'.repeat(65), 'é', 'abc😀', 'x'.repeat(63) + 'é', 'y'.repeat(300) + '€']) {
      expect(encodeInternal(s).toString('hex'), s).to.equal(str(s));
      expect(decodeInternal(encodeInternal(s))).to.equal(s);
    }
    // Long values are copied out whole too.
    const long = ['k'.repeat(100), 2n ** 40n, 'é'.repeat(50)];
    expect(decodeInternal(encodeInternal(long))).to.deep.equal(long);
  });

  describe('groupKey', () => {
    it('is equal for equal values and different otherwise', () => {
      const same: Array<[unknown, unknown]> = [
        [[1n, 'a', new Decimal(150n, 2)], [1n, 'a', new Decimal(150n, 2)]],
        [{ A: Buffer.from('x'), B: null }, { A: Buffer.from('x'), B: null }],
        [NaN, NaN],
      ];
      for (const [a, b] of same) expect(groupKey(a)).to.equal(groupKey(b));
      const different: Array<[unknown, unknown]> = [
        [1, 1n], [1, '1'], ['a', ['a']], [['a', 'b'], ['ab']], [['a,b'], ['a', 'b']], [0, -0],
        [new Decimal(15n, 1), new Decimal(150n, 2)], [null, 'N'], [[null], [undefined]], [Buffer.from('a'), 'a'],
        [new Map([['k', 1]]), { k: 1 }], [['s1:x'], ['s', 'x']],
      ];
      for (const [a, b] of different) expect(groupKey(a), `${String(a)} vs ${String(b)}`).to.not.equal(groupKey(b));
    });

    it('keys rows of key columns', () => {
      expect(rowGroupKey(['a', 1])).to.equal(rowGroupKey(['a', 1]));
      expect(rowGroupKey(['a', 1])).to.not.equal(rowGroupKey(['a', 2]));
    });
  });
});

/** A seeded random runtime value, nested up to `depth` levels. */
function randomValue(rnd: SimRandom, depth: number): unknown {
  const atoms = [
    () => null,
    () => rnd.int(2) === 0,
    () => rnd.int(2000) - 1000,
    () => [NaN, -0, Infinity, -Infinity, 1.5, 1e-300, (rnd.next() - 0.5) * 1e12][rnd.int(7)],
    () => BigInt(rnd.int(1000)) * (rnd.int(2) === 0 ? 1n : 2n ** 70n) - 500n,
    () => ['', 'a', 'é😀', 'x'.repeat(rnd.int(300)), 's1:x'][rnd.int(5)],
    () => Buffer.from(Array.from({ length: rnd.int(5) }, () => rnd.int(256))),
    () => new Decimal(BigInt(rnd.int(100000)) - 50000n, rnd.int(5)),
  ];
  if (depth <= 0 || rnd.int(3) > 0) return atoms[rnd.int(atoms.length)]!();
  const n = rnd.int(4);
  switch (rnd.int(3)) {
    case 0: return Array.from({ length: n }, () => randomValue(rnd, depth - 1));
    case 1: return new Map(Array.from({ length: n }, (_, i) => [rnd.int(2) === 0 ? `k${i}` : i, randomValue(rnd, depth - 1)] as [unknown, unknown]));
    default: return Object.fromEntries(Array.from({ length: n }, (_, i) => [`F${i}`, randomValue(rnd, depth - 1)]));
  }
}

/** Exact equality of runtime values: NaN equals NaN, -0 differs from 0, Maps compare in order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Decimal) return b instanceof Decimal && a.equals(b);
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const be = [...b];
    return [...a].every(([k, v], i) => sameValue(k, be[i]![0]) && sameValue(v, be[i]![1]));
  }
  if (b instanceof Map || Array.isArray(b) || Buffer.isBuffer(b) || b instanceof Decimal) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('sql/types/internal-serde (seeded random values)', () => {
  const SEED = 20261122;
  const VALUES = 400;

  it(`round-trips random nested values exactly (seed ${SEED})`, () => {
    const rnd = new SimRandom(SEED);
    for (let i = 0; i < VALUES; i++) {
      const v = randomValue(rnd, 3);
      expect(sameValue(roundTrip(v), v), `seed ${SEED} value ${i}`).to.equal(true);
    }
  });

  it(`gives equal group keys exactly to equal random values (seed ${SEED})`, () => {
    const rnd = new SimRandom(SEED + 1);
    const values = Array.from({ length: 150 }, () => randomValue(rnd, 2));
    for (let i = 0; i < values.length; i++) {
      for (let j = i; j < values.length; j++) {
        const a = values[i];
        const b = j === i ? decodeInternal(encodeInternal(values[i])) : values[j];
        expect(groupKey(a) === groupKey(b), `seed ${SEED + 1} values ${i}, ${j}`).to.equal(sameValue(a, b));
      }
    }
  });
});
