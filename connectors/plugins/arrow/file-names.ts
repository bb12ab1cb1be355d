/**
 * Arrow file names: `<topic>+<partition, 10 digits>+<first offset, 20 digits>.arrow`, so names
 * sort by topic, then partition, then offset ('+' cannot occur in a topic name and sorts before
 * every character that can). Files being written are hidden: `.<name>.<unique>.tmp`. Pure.
 */

export const ARROW_EXTENSION = '.arrow';

export interface FileKey {
  topic: string;
  partition: number;
  startOffset: bigint;
}

export function arrowFileName(key: FileKey): string {
  return `${key.topic}+${String(key.partition).padStart(10, '0')}+${key.startOffset.toString().padStart(20, '0')}${ARROW_EXTENSION}`;
}

/** The key of a complete Arrow file's name, or null for any other file. */
export function parseArrowFileName(name: string): FileKey | null {
  const m = /^([^+]+)\+(\d{10})\+(\d{20})\.arrow$/.exec(name);
  if (!m || name.startsWith('.')) return null;
  return { topic: m[1], partition: Number(m[2]), startOffset: BigInt(m[3]) };
}

/** A hidden temporary name for writing `name`; `unique` keeps concurrent writers apart. */
export function tempFileName(name: string, unique: string): string {
  return `.${name}.${unique}.tmp`;
}

/** Whether `file` is a temporary file of topic-partition `topic`/`partition`. */
export function isTempFileOf(file: string, topic: string, partition: number): boolean {
  return file.startsWith(`.${topic}+${String(partition).padStart(10, '0')}+`) && file.endsWith('.tmp');
}
