/**
 * Deterministic pseudo-random numbers for data generation. Each record gets its own generator
 * seeded from (seed, task id, iteration), so record N of a task is the same whether the task ran
 * straight through or restarted at N: a restart needs only the iteration count to continue.
 * Pure: no I/O, no global randomness.
 */

/** mulberry32: small, fast, good enough for test data (not for cryptography). */
export class SeededRandom {
  private state: number;

  constructor(seed32: number) {
    this.state = seed32 >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** One of `options`, uniformly. */
  pick<T>(options: readonly T[]): T {
    return options[Math.floor(this.next() * options.length)];
  }
}

/** The generator for one record: a hash of the seed (any safe integer), the task id and the iteration. */
export function recordRandom(seed: number, taskId: number, iteration: number): SeededRandom {
  let h = 0x9e3779b9;
  for (const part of [seed, taskId, iteration]) {
    // Mix the low and high 32 bits separately so large seeds and iterations all count.
    h = mix(h ^ (part >>> 0));
    h = mix(h ^ Math.floor(part / 4294967296));
  }
  return new SeededRandom(h);
}

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
