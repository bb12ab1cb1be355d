/** CRC-32C (Castagnoli), the checksum of Kafka record batches, computed natively. */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** CRC-32C of `buf` (optionally continuing from `initial`), as an unsigned 32-bit number. */
export function crc32c(buf: Buffer, initial = 0): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
