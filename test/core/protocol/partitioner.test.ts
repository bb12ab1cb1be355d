import { expect } from 'chai';
import { StickyPartitioner, murmur2, partitionForKey, toPositive } from '../../../core/protocol/partitioner.js';

/**
 * MurmurHash2 written straight from the published algorithm, in BigInt arithmetic modulo 2^32,
 * as an independent check of the production code's int32 tricks.
 */
function referenceMurmur2(bytes: Uint8Array): number {
  const MOD = 2n ** 32n;
  const m = 0x5bd1e995n;
  const mul = (a: bigint, b: bigint): bigint => (a * b) % MOD;
  let h = (0x9747b28cn ^ BigInt(bytes.length)) % MOD;
  const blocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < blocks; i++) {
    let k = 0n;
    for (let j = 3; j >= 0; j--) k = k * 256n + BigInt(bytes[i * 4 + j]);
    k = mul(k, m);
    k ^= k >> 24n;
    k = mul(k, m);
    h = mul(h, m) ^ k;
  }
  const rest = bytes.length % 4;
  const at = blocks * 4;
  if (rest >= 3) h ^= BigInt(bytes[at + 2]) << 16n;
  if (rest >= 2) h ^= BigInt(bytes[at + 1]) << 8n;
  if (rest >= 1) h = mul(h ^ BigInt(bytes[at]), m);
  h ^= h >> 13n;
  h = mul(h, m);
  h ^= h >> 15n;
  return Number(BigInt.asIntN(32, h));
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** A Random that replays fixed values, so sticky choices are predictable. */
function replay(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('replay ran out of values');
    return values[i++];
  };
}

describe('partitioner', () => {
  describe('murmur2', () => {
    // Kafka's own expectations, from UtilsTest.testMurmur2.
    const kafkaCases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, expected] of kafkaCases) {
      it(`hashes "${key}" to ${expected} as Kafka's UtilsTest expects`, () => {
        expect(murmur2(utf8(key))).to.equal(expected);
        expect(referenceMurmur2(utf8(key))).to.equal(expected);
      });
    }

    it('matches the reference for every length 0..64 and bytes with the high bit set', () => {
      for (let length = 0; length <= 64; length++) {
        const bytes = Buffer.alloc(length);
        for (let i = 0; i < length; i++) bytes[i] = (i * 97 + length * 31 + 0x80) & 0xff;
        expect(murmur2(bytes), `length ${length}`).to.equal(referenceMurmur2(bytes));
      }
    });

    it('matches the reference for multi-byte UTF-8 keys', () => {
      for (const key of ['ключ', '鍵', 'clé-🔑', '']) {
        expect(murmur2(utf8(key)), key).to.equal(referenceMurmur2(utf8(key)));
      }
    });

    it('returns a signed 32-bit integer', () => {
      const h = murmur2(utf8('foobar'));
      expect(h).to.equal(h | 0);
    });
  });

  describe('toPositive', () => {
    it('clears the sign bit rather than negating, as Kafka does', () => {
      expect(toPositive(-1)).to.equal(0x7fffffff);
      expect(toPositive(-2147483648)).to.equal(0);
      expect(toPositive(5)).to.equal(5);
    });
  });

  describe('partitionForKey', () => {
    const keys = ['21', 'foobar', 'abc', 'user-42', 'order:2024-01-01', 'a-little-bit-longer-string'];
    for (const partitions of [1, 3, 6, 12, 100]) {
      it(`puts keys where toPositive(murmur2(key)) % ${partitions} says`, () => {
        for (const key of keys) {
          const expected = (referenceMurmur2(utf8(key)) & 0x7fffffff) % partitions;
          expect(partitionForKey(utf8(key), partitions), key).to.equal(expected);
        }
      });
    }

    it('puts "foobar" in partition 0 of 6: toPositive(-790332482) = 1357151166 = 6 × 226191861', () => {
      expect(toPositive(-790332482)).to.equal(1357151166);
      expect(partitionForKey(utf8('foobar'), 6)).to.equal(0);
    });

    it('rejects a partition count that is not a positive integer', () => {
      expect(() => partitionForKey(utf8('k'), 0)).to.throw(/positive integer/);
      expect(() => partitionForKey(utf8('k'), 1.5)).to.throw(/positive integer/);
    });
  });

  describe('StickyPartitioner', () => {
    it('sticks to one randomly chosen partition until a batch completes', () => {
      const sticky = new StickyPartitioner(replay([0.5]));
      expect(sticky.partition('t', 4)).to.equal(2);
      expect(sticky.partition('t', 4)).to.equal(2);
      expect(sticky.partition('t', 4)).to.equal(2);
    });

    it('switches to a different partition when the batch for the sticky one completes', () => {
      // 0.5 of 4 → 2; then 0.7 of the 3 others (0, 1, 3) → index 2 → partition 3.
      const sticky = new StickyPartitioner(replay([0.5, 0.7]));
      expect(sticky.partition('t', 4)).to.equal(2);
      expect(sticky.onNewBatch('t', 2, 4)).to.equal(3);
      expect(sticky.partition('t', 4)).to.equal(3);
    });

    it('never picks the same partition again when switching', () => {
      // From 0: draw 0.0 among the others (1, 2, 3) → 1. From 1: draw 0.999 among (0, 2, 3) → 3.
      const sticky = new StickyPartitioner(replay([0, 0, 0.999]));
      expect(sticky.partition('t', 4)).to.equal(0);
      expect(sticky.onNewBatch('t', 0, 4)).to.equal(1);
      expect(sticky.onNewBatch('t', 1, 4)).to.equal(3);
    });

    it('ignores a completed batch for a partition that is no longer the sticky one', () => {
      const sticky = new StickyPartitioner(replay([0.5, 0.7]));
      sticky.partition('t', 4);
      expect(sticky.onNewBatch('t', 2, 4)).to.equal(3);
      // A late notice about partition 2 must not move the choice made just now.
      expect(sticky.onNewBatch('t', 2, 4)).to.equal(3);
      expect(sticky.partition('t', 4)).to.equal(3);
    });

    it('keeps one sticky partition per topic', () => {
      const sticky = new StickyPartitioner(replay([0.1, 0.9]));
      expect(sticky.partition('a', 10)).to.equal(1);
      expect(sticky.partition('b', 10)).to.equal(9);
      expect(sticky.partition('a', 10)).to.equal(1);
    });

    it('stays on partition 0 of a single-partition topic', () => {
      const sticky = new StickyPartitioner(replay([0.3, 0.8]));
      expect(sticky.partition('t', 1)).to.equal(0);
      expect(sticky.onNewBatch('t', 0, 1)).to.equal(0);
    });

    it('chooses again when the partition count shrank below the sticky partition', () => {
      const sticky = new StickyPartitioner(replay([0.9, 0.5]));
      expect(sticky.partition('t', 10)).to.equal(9);
      expect(sticky.partition('t', 4)).to.equal(2);
    });

    it('chooses a first partition when notified before any record was partitioned', () => {
      const sticky = new StickyPartitioner(replay([0.25]));
      expect(sticky.onNewBatch('t', 0, 4)).to.equal(1);
      expect(sticky.partition('t', 4)).to.equal(1);
    });

    it('rejects a Random that returns values outside [0, 1)', () => {
      expect(() => new StickyPartitioner(() => 1).partition('t', 3)).to.throw(/\[0, 1\)/);
    });
  });
});
