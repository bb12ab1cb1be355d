/**
 * The file system as the log sees it. Synchronous on purpose: appends and reads hit the page
 * cache, and a synchronous interface keeps the log a plain state machine that the simulator can
 * drive with a fake disk (torn writes, lost unsynced data). `core/io/node-storage.ts` is the real one.
 */
export interface StorageFile {
  /** Reads up to `length` bytes at `position` into `buf` at `offset`; returns bytes read. */
  read(buf: Buffer, offset: number, length: number, position: number): number;
  /** Writes all of `buf` at `position`. */
  write(buf: Buffer, position: number): void;
  /** Makes written bytes durable (fsync). */
  sync(): void;
  truncate(length: number): void;
  size(): number;
  close(): void;
}

export interface Storage {
  /** Opens (creating if absent) a file for reading and writing. */
  open(path: string): StorageFile;
  exists(path: string): boolean;
  /** Names (not paths) of the entries of a directory; [] if it does not exist. */
  list(dir: string): string[];
  mkdirp(dir: string): void;
  /** Atomically replaces `to` with `from` (write-then-rename checkpoints). */
  rename(from: string, to: string): void;
  remove(path: string): void;
  /** Removes a directory and everything in it. */
  removeTree(dir: string): void;
  readFile(path: string): Buffer | null;
  /** Writes a whole small file durably via a temp file and rename. */
  writeFileAtomic(path: string, data: Buffer | string): void;
}
