/**
 * File names inside a partition directory, as Kafka lays them out: segments are named by their
 * 20-digit zero-padded base offset, plus suffixes for compaction's temporary files.
 */

/** Segment data: RecordBatch v2 bytes exactly as appended. */
export const LOG_SUFFIX = '.log';
/** Sparse offset index: int32 relative offset + int32 file position per entry. */
export const INDEX_SUFFIX = '.index';
/** Time index: int64 timestamp + int32 relative offset per entry. */
export const TIME_INDEX_SUFFIX = '.timeindex';
/** Compaction output being written; deleted on open (the compaction is rolled back). */
export const CLEANED_SUFFIX = '.cleaned';
/** Compaction output that is complete and committed; on open the swap is finished. */
export const SWAP_SUFFIX = '.swap';
/** A file on its way out; deleted on open. */
export const DELETED_SUFFIX = '.deleted';
/** Leader epoch → start offset history of the partition. */
export const LEADER_EPOCH_FILE = 'leader-epoch-checkpoint';

const OFFSET_DIGITS = 20;

/** `00000000000000000042` for 42n. */
export function offsetFileStem(baseOffset: bigint): string {
  return baseOffset.toString().padStart(OFFSET_DIGITS, '0');
}

/** Joins a directory and a file name with `/` (Storage paths are POSIX-style). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** The base offset encoded in a segment file name with the given suffix, or null. */
export function parseSegmentFileName(name: string, suffix: string): bigint | null {
  if (!name.endsWith(suffix)) return null;
  const stem = name.slice(0, name.length - suffix.length);
  if (stem.length !== OFFSET_DIGITS || !/^\d+$/.test(stem)) return null;
  return BigInt(stem);
}

/** The three file paths of the segment at `baseOffset`, with an optional extra suffix. */
export function segmentPaths(dir: string, baseOffset: bigint, extra = ''): { log: string; index: string; timeIndex: string } {
  const stem = joinPath(dir, offsetFileStem(baseOffset));
  return {
    log: `${stem}${LOG_SUFFIX}${extra}`,
    index: `${stem}${INDEX_SUFFIX}${extra}`,
    timeIndex: `${stem}${TIME_INDEX_SUFFIX}${extra}`,
  };
}

/** `<topic>-<partition>`, Kafka's partition directory name. */
export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Splits a partition directory name at its last `-`; null if it is not one. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | null {
  const m = /^(.+)-(\d{1,10})$/.exec(name);
  if (!m) return null;
  const partition = Number(m[2]);
  if (partition > 2147483647) return null;
  return { topic: m[1], partition };
}
