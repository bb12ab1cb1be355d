/** Reading a partition log back batch by batch, as a follower would have fetched it (for the replication tests). */
import type { PartitionLog } from '../../core/log/partition-log.js';
import { batchBaseSequence, batchProducerId } from '../../core/protocol/batch-header.js';

export interface LogBatch {
  readonly baseOffset: bigint;
  readonly lastOffset: bigint;
  readonly producerId: bigint;
  readonly seq: number;
  /** The batch's bytes (a copy). */
  readonly bytes: Buffer;
}

/** Every batch of `log` from its start to its end. */
export function logBatches(log: PartitionLog): LogBatch[] {
  const out: LogBatch[] = [];
  let at = log.logStartOffset;
  for (let guard = 0; at < log.logEndOffset && guard < 10_000; guard++) {
    const bytes = log.read(at, 1 << 20).bytes;
    if (bytes.length === 0) break;
    for (let pos = 0; pos + 61 <= bytes.length; ) {
      const size = 12 + bytes.readInt32BE(pos + 8);
      const b = bytes.subarray(pos, pos + size);
      const baseOffset = b.readBigInt64BE(0);
      const lastOffset = baseOffset + BigInt(b.readInt32BE(23));
      out.push({ baseOffset, lastOffset, producerId: batchProducerId(b), seq: batchBaseSequence(b), bytes: Buffer.from(b) });
      at = lastOffset + 1n;
      pos += size;
    }
  }
  return out;
}

/** Every byte of `log` from its start to its end. */
export function logBytes(log: PartitionLog): Buffer {
  return Buffer.concat(logBatches(log).map((b) => b.bytes));
}
