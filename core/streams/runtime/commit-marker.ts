/**
 * Commit markers: at each commit a task appends one marker record to each of its changelog
 * partitions, after that commit's store changes. The marker holds the task's input positions and
 * stream time. On restore, changes are applied only up to a marker every store of the task has,
 * and input resumes from that marker's positions — so a crash between writing changelogs and
 * committing input offsets neither loses nor double-applies records to state.
 */
import type { RecordHeader } from '../../protocol/record-batch.js';

/** Marker records carry this header; restore recognises them by it, never by key. */
export const COMMIT_MARKER_HEADER = '__fjord.streams.commit';
/** The key markers are written under (compaction keeps the latest marker). */
export const COMMIT_MARKER_KEY = Buffer.from('\u0000__fjord.streams.commit-marker\u0000');

export interface CommitMarker {
  /** Increases by one per commit of the task. */
  seq: number;
  streamTimeMs: number;
  offsets: { topic: string; partition: number; offset: string }[];
}

export function encodeMarker(marker: CommitMarker): Buffer {
  return Buffer.from(JSON.stringify(marker));
}

export function decodeMarker(value: Buffer | null, where: string): CommitMarker {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? 'null') as CommitMarker;
    if (typeof parsed?.seq !== 'number' || !Array.isArray(parsed.offsets)) throw new Error('missing seq or offsets');
    return parsed;
  } catch (error) {
    throw new Error(`corrupt commit marker in ${where}: ${(error as Error).message}`);
  }
}

export function isMarker(headers: readonly RecordHeader[]): boolean {
  return headers.some((h) => h.key === COMMIT_MARKER_HEADER);
}
