/**
 * A safe integer (|n| <= 2^53 - 1) as an 8-byte big-endian two's-complement long, written as two
 * 32-bit halves: the same bytes as `writeBigInt64BE(BigInt(n))` without a BigInt per call, which
 * costs several times more on hot paths (store keys, windowed keys, SQL's internal encoding).
 * The caller guarantees `n` is a safe integer.
 */
const TWO_POW_32 = 2 ** 32;

export function writeSafeInt64BE(out: Buffer, offset: number, n: number): void {
  const high = Math.floor(n / TWO_POW_32);
  out.writeInt32BE(high, offset);
  out.writeUInt32BE(n - high * TWO_POW_32, offset + 4);
}
