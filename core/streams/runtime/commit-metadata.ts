/**
 * What a task records with its committed input offsets (Kafka's OffsetAndMetadata.metadata): the
 * end offset of each of its changelog partitions at that commit, and its stream time. Restore
 * replays each changelog exactly up to that end, and input resumes from the committed offsets,
 * so state and input position always describe the same commit: a crash after the changelogs
 * were written but before the offsets were committed neither loses nor double-counts a record,
 * and changelog records of an unfinished commit are ignored.
 */
export interface CommitMetadata {
  /** Increases with every commit of the task: a task's input partitions may carry metadata of different commits (one saw no new records), and the newest wins. */
  seq: number;
  /** Stream time of the task at the commit (windows closed before a restart stay closed). */
  streamTimeMs: number;
  /** Changelog end offset by `topic:partition`. */
  changelogEnds: Record<string, string>;
}

const VERSION = 1;

export function changelogKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

export function encodeCommitMetadata(metadata: CommitMetadata): string {
  return JSON.stringify({ fjordStreams: VERSION, ...metadata });
}

/** The newest of several partitions' metadata (null when none has any). */
export function newestCommitMetadata(texts: readonly (string | null)[]): CommitMetadata | null {
  let best: CommitMetadata | null = null;
  for (const t of texts) {
    const m = decodeCommitMetadata(t);
    if (m !== null && (best === null || m.seq > best.seq)) best = m;
  }
  return best;
}

/** Null when the offset was committed by something other than Fjord Streams (or not at all). */
export function decodeCommitMetadata(text: string | null): CommitMetadata | null {
  if (text === null || text === '') return null;
  try {
    const parsed = JSON.parse(text) as { fjordStreams?: number } & CommitMetadata;
    if (parsed.fjordStreams !== VERSION || typeof parsed.changelogEnds !== 'object' || typeof parsed.seq !== 'number') return null;
    return { seq: parsed.seq, streamTimeMs: parsed.streamTimeMs, changelogEnds: parsed.changelogEnds };
  } catch {
    return null;
  }
}
