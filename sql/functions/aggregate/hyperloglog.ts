/**
 * The HyperLogLog sketch behind COUNT_DISTINCT, bit-compatible with the one ksqlDB uses
 * (stream-lib's `HyperLogLog` with log2m = 14 fed by its 32-bit MurmurHash 2), so estimates
 * match ksqlDB's for the same values. Registers are kept sparse (index → rank) until
 * `SPARSE_ENTRIES_MAX` are set, then dense (one byte per register), to keep small groups small.
 */
import { Decimal } from '../../types/decimal.js';

export const LOG2M = 14;
export const REGISTERS = 1 << LOG2M;
/** Beyond this many non-zero registers the sketch switches to a dense Buffer of REGISTERS bytes. */
export const SPARSE_ENTRIES_MAX = 1024;

/** Sparse: `index * 64 + rank` per non-zero register, sorted by index. Dense: one byte per register. */
export type Sketch = number[] | Buffer;

const M = 0x5bd1e995;

/** stream-lib's MurmurHash.hash(byte[]) (seed -1; tail bytes sign-extended as Java does). */
export function murmurBytes(data: Uint8Array): number {
  const length = data.length;
  let h = -1 ^ length;
  const len4 = length >> 2;
  for (let i = 0; i < len4; i++) {
    const o = i << 2;
    let k = data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const left = length - (len4 << 2);
  if (left !== 0) {
    const signed = (b: number): number => (b << 24) >> 24;
    if (left >= 3) h ^= signed(data[length - 3]!) << 16;
    if (left >= 2) h ^= signed(data[length - 2]!) << 8;
    h ^= signed(data[length - 1]!);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** stream-lib's MurmurHash.hashLong. */
export function murmurLong(data: bigint): number {
  const lo = Number(BigInt.asIntN(32, data));
  const hi = Number(BigInt.asIntN(32, data >> 32n));
  let h = 0;
  let k = Math.imul(lo, M);
  k ^= k >>> 24;
  h ^= Math.imul(k, M);
  k = Math.imul(hi, M);
  k ^= k >>> 24;
  h = Math.imul(h, M);
  h ^= Math.imul(k, M);
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const doubleBits = new DataView(new ArrayBuffer(8));

/**
 * stream-lib's MurmurHash.hash(Object) for ksqlDB's Java values: Integer/Long/Double by their
 * bits, String by its UTF-8 bytes, anything else by a string rendering (Java's `toString`).
 */
export function hashValue(v: unknown, isInteger: boolean): number {
  if (typeof v === 'bigint') return murmurLong(v);
  if (typeof v === 'number') {
    if (isInteger) return murmurLong(BigInt(v));
    doubleBits.setFloat64(0, v);
    return murmurLong(doubleBits.getBigInt64(0));
  }
  if (typeof v === 'string') return murmurBytes(Buffer.from(v, 'utf8'));
  if (Buffer.isBuffer(v)) return murmurBytes(v);
  return murmurBytes(Buffer.from(render(v), 'utf8'));
}

function render(v: unknown): string {
  if (v instanceof Decimal) return v.toString();
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${render(k)}=${render(x)}`).join(', ')}}`;
  // Connect's Struct.toString leaves out NULL fields.
  if (v !== null && typeof v === 'object') return `Struct{${Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => `${k}=${render(x)}`).join(',')}}`;
  return String(v);
}

/** The register a hash lands in and the rank it offers (stream-lib's offerHashed(int)). */
function registerOf(hash: number): { index: number; rank: number } {
  const index = hash >>> (32 - LOG2M);
  const rank = Math.clz32((hash << LOG2M) | ((1 << (LOG2M - 1)) + 1)) + 1;
  return { index, rank };
}

function toDense(sparse: readonly number[]): Buffer {
  const dense = Buffer.alloc(REGISTERS);
  for (const e of sparse) dense[Math.floor(e / 64)] = e % 64;
  return dense;
}

/** Raises register `index` to `rank` if lower; may return a new (dense) sketch. */
function raise(sketch: Sketch, index: number, rank: number): Sketch {
  if (Buffer.isBuffer(sketch)) {
    if (sketch[index]! < rank) sketch[index] = rank;
    return sketch;
  }
  let lo = 0;
  let hi = sketch.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.floor(sketch[mid]! / 64) < index) lo = mid + 1;
    else hi = mid;
  }
  if (lo < sketch.length && Math.floor(sketch[lo]! / 64) === index) {
    if (sketch[lo]! % 64 < rank) sketch[lo] = index * 64 + rank;
    return sketch;
  }
  sketch.splice(lo, 0, index * 64 + rank);
  return sketch.length > SPARSE_ENTRIES_MAX ? toDense(sketch) : sketch;
}

export function offer(sketch: Sketch, hash: number): Sketch {
  const { index, rank } = registerOf(hash);
  return raise(sketch, index, rank);
}

export function mergeSketches(a: Sketch, b: Sketch): Sketch {
  let out = a;
  if (Buffer.isBuffer(b)) {
    for (let i = 0; i < REGISTERS; i++) if (b[i]! > 0) out = raise(out, i, b[i]!);
  } else {
    for (const e of b) out = raise(out, Math.floor(e / 64), e % 64);
  }
  return out;
}

/** stream-lib's cardinality(): linear counting while the raw estimate is small, else the HLL estimate. */
export function cardinality(sketch: Sketch): number {
  const ranks: number[] = Buffer.isBuffer(sketch) ? [...sketch] : sketch.map((e) => e % 64);
  const nonZero = ranks.filter((r) => r > 0);
  const zeros = REGISTERS - nonZero.length;
  let registerSum = zeros;
  for (const r of nonZero) registerSum += 1 / 2 ** r;
  const alphaMM = (0.7213 / (1 + 1.079 / REGISTERS)) * REGISTERS * REGISTERS;
  const estimate = alphaMM / registerSum;
  if (estimate <= 2.5 * REGISTERS) return Math.round(REGISTERS * Math.log(REGISTERS / zeros));
  return Math.round(estimate);
}
