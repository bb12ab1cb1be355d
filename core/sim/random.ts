/**
 * A small seeded PRNG for the simulator: xoshiro128** seeded through splitmix32, all in 32-bit
 * integer arithmetic (no BigInt). The same seed gives the same sequence on every machine.
 */
import { FjordError } from '../errors.js';

function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [state, (z ^ (z >>> 16)) >>> 0];
}

/** A seeded PRNG (see the file comment). */
export class SimRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed` is any safe integer; different seeds give unrelated sequences. */
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new FjordError('INVALID_ARGUMENT', `SimRandom: seed must be a safe integer, got ${seed}`);
    let state = (seed | 0) ^ Math.floor(seed / 0x100000000);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive < 1) {
      throw new FjordError('INVALID_ARGUMENT', `SimRandom.int: maxExclusive must be a positive integer, got ${maxExclusive}`);
    }
    return Math.floor(this.next() * maxExclusive);
  }

  /** A uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new FjordError('INVALID_ARGUMENT', 'SimRandom.pick: no items to pick from');
    return items[this.int(items.length)]!;
  }

  /** An independent generator derived from this one (for a node's own randomness). */
  fork(): SimRandom {
    return new SimRandom((this.nextUint32() >>> 11) * 0x100000000 + this.nextUint32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
