/**
 * Finds the idempotent batch of a produce buffer from batch headers alone (no record is decoded).
 * A plain producer's batches (producerId -1) need no state at all, so this is the only cost the
 * non-idempotent path pays: one header read per batch.
 */
import { FjordError } from '../../errors.js';
import {
  BATCH_HEADER_BYTES,
  batchBaseSequence,
  batchLastOffsetDelta,
  batchProducerEpoch,
  batchProducerId,
  batchSize,
} from '../../protocol/batch-header.js';
import type { ProducerBatch } from './partition-producer-state.js';
import { lastSequenceOf } from './sequence.js';

/**
 * The producer fields of `records` if it is an idempotent append, null for a plain one.
 * Throws FjordError INVALID_RECORD when an idempotent batch shares the buffer with other batches
 * (Kafka accepts exactly one magic-2 batch per partition and request; sequence checks rely on it)
 * or carries a negative epoch or sequence. Malformed buffers are left to the log's validation.
 */
export function producerBatchOf(records: Buffer, name: string): ProducerBatch | null {
  let batches = 0;
  let idempotent = false;
  // Each step moves at least one header forward, so the walk is bounded by the buffer length.
  for (let at = 0; at + BATCH_HEADER_BYTES <= records.length; ) {
    const size = batchSize(records, at);
    if (size < BATCH_HEADER_BYTES) break;
    if (batchProducerId(records, at) >= 0n) idempotent = true;
    batches++;
    at += size;
  }
  if (!idempotent) return null;
  if (batches !== 1) {
    throw new FjordError('INVALID_RECORD', `append to ${name} has ${batches} batches and at least one carries a producer id: an idempotent producer sends exactly one batch per partition and request`);
  }
  const producerId = batchProducerId(records);
  const epoch = batchProducerEpoch(records);
  const firstSeq = batchBaseSequence(records);
  if (epoch < 0 || firstSeq < 0) {
    throw new FjordError('INVALID_RECORD', `append to ${name}: batch of producer ${producerId} has epoch ${epoch} and base sequence ${firstSeq}; both must be >= 0`);
  }
  return { producerId, epoch, firstSeq, lastSeq: lastSequenceOf(firstSeq, batchLastOffsetDelta(records)) };
}
