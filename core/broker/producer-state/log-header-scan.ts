/**
 * Replays a partition log's batch headers from an offset to the log end, for rebuilding producer
 * state past the newest snapshot. Only headers are looked at: big batches are skipped by jumping
 * to the next header, small ones come in with the chunked reads the log's own scans use.
 */
import type { PartitionLog } from '../../log/partition-log.js';
import { BATCH_HEADER_BYTES } from '../../protocol/batch-header.js';

/** Bytes a replay reads at once. */
const REPLAY_CHUNK_BYTES = 1024 * 1024;

/** Receives one batch header (61 bytes) and the batch's offset range. */
export type HeaderVisitor = (header: Buffer, baseOffset: bigint, lastOffset: bigint) => void;

/**
 * Calls `visit` for every batch of `log` holding offsets at or past `from`, in offset order;
 * returns how many it visited.
 */
export function replayBatchHeaders(log: PartitionLog, from: bigint, visit: HeaderVisitor): number {
  const segments = log.segmentList();
  let visited = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const nextBase = i + 1 < segments.length ? segments[i + 1].baseOffset : null;
    if (nextBase !== null && nextBase <= from) continue;
    // The offset index finds the batch at `from` without reading the segment up to it.
    const scanner = seg.scanner(from > seg.baseOffset ? seg.indexPositionFor(from) : 0, REPLAY_CHUNK_BYTES);
    for (let n = 0; n <= seg.size; n++) {
      const b = scanner.next();
      if (b === null) break;
      if (b.lastOffset < from) continue;
      visit(scanner.bytes(b.position, b.position + BATCH_HEADER_BYTES), b.baseOffset, b.lastOffset);
      visited++;
    }
  }
  return visited;
}
