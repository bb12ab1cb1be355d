/**
 * Checks a produce buffer before the log touches it: every batch whole and valid (batchProblem),
 * within max.message.bytes, offsets dense as a producer writes them, and, for compacted topics,
 * every record keyed. Nothing is modified here, so a rejected append leaves no trace.
 */
import { FjordError } from '../errors.js';
import {
  ATTR_CONTROL,
  batchAttributes,
  batchLastOffsetDelta,
  batchMaxTimestamp,
  batchProblem,
  batchRecordCount,
  batchSize,
} from '../protocol/batch-header.js';
import { indexOfNullKey, recordsSectionSync } from './raw-records.js';

/** One batch of a produce buffer, as found by validation. */
export interface ProducedBatch {
  /** Byte offset inside the buffer. */
  at: number;
  size: number;
  lastOffsetDelta: number;
  maxTimestamp: bigint;
}

/** What validation needs to know about the log. */
export interface AppendRules {
  /** `topic-partition`, for messages. */
  name: string;
  maxMessageBytes: number;
  /** Compacted topics reject records without a key. */
  requireKeys: boolean;
}

/** Most batches one append may carry (each is at least 61 bytes, so this is never the real limit). */
export const APPEND_BATCHES_MAX = 1_000_000;

/**
 * Validates every batch in `buf` and returns where they are. Throws FjordError CORRUPT_MESSAGE
 * (bad batch, with its byte position), MESSAGE_TOO_LARGE, or INVALID_RECORD (a record without a
 * key on a compacted topic, or a batch whose record count does not match its offsets).
 */
export function validateProducedBatches(buf: Buffer, rules: AppendRules): ProducedBatch[] {
  const batches: ProducedBatch[] = [];
  let at = 0;
  while (at < buf.length) {
    if (batches.length >= APPEND_BATCHES_MAX) throw new FjordError('INVALID_RECORD', `more than ${APPEND_BATCHES_MAX} batches in one append to ${rules.name}`);
    const problem = batchProblem(buf, at, buf.length);
    if (problem !== null) {
      throw new FjordError('CORRUPT_MESSAGE', `corrupt batch at byte ${at} of the append to ${rules.name}: ${problem}`);
    }
    const size = batchSize(buf, at);
    if (size > rules.maxMessageBytes) {
      throw new FjordError('MESSAGE_TOO_LARGE', `batch at byte ${at} of the append to ${rules.name} is ${size} bytes, max.message.bytes is ${rules.maxMessageBytes}`);
    }
    const lastOffsetDelta = batchLastOffsetDelta(buf, at);
    const count = batchRecordCount(buf, at);
    if (count !== lastOffsetDelta + 1) {
      throw new FjordError('INVALID_RECORD', `batch at byte ${at} of the append to ${rules.name} has ${count} records but lastOffsetDelta ${lastOffsetDelta}`);
    }
    if (rules.requireKeys) checkKeys(buf, at, size, rules.name);
    batches.push({ at, size, lastOffsetDelta, maxTimestamp: batchMaxTimestamp(buf, at) });
    at += size;
  }
  if (batches.length === 0) throw new FjordError('CORRUPT_MESSAGE', `empty append to ${rules.name}`);
  return batches;
}

function checkKeys(buf: Buffer, at: number, size: number, name: string): void {
  // Control records carry their own key. zstd cannot be read synchronously here; the cleaner
  // drops keyless records from such batches, as Kafka's cleaner does.
  if ((batchAttributes(buf, at) & ATTR_CONTROL) !== 0) return;
  const batch = buf.subarray(at, at + size);
  const section = recordsSectionSync(batch);
  if (section === null) return;
  const index = indexOfNullKey(section, batchRecordCount(batch));
  if (index >= 0) {
    throw new FjordError('INVALID_RECORD', `compacted topic requires keys: record ${index} of the batch at byte ${at} of the append to ${name} has a null key`);
  }
}
