/**
 * Producer-state snapshot files of one partition directory, named as Kafka names them:
 * `<20-digit offset>.snapshot`, holding the state of every producer as of that offset (all
 * batches below it applied). Written whole through `Storage.writeFileAtomic` (temp file, fsync,
 * rename), so a crash leaves the old file or the new one, never half of one.
 */
import type { Storage } from '../../io/storage.js';
import { joinPath, offsetFileStem, parseSegmentFileName } from '../../log/segment-files.js';

/** Suffix of snapshot files. */
export const SNAPSHOT_SUFFIX = '.snapshot';

/**
 * Snapshots kept per partition. The newest is the one loaded; older ones are the fallback when
 * the newest lies past a log end that crash recovery cut back, or is damaged.
 */
export const SNAPSHOTS_KEPT = 3;

/** The snapshot files in one partition directory. */
export class SnapshotFiles {
  constructor(
    private readonly storage: Storage,
    readonly dir: string,
  ) {}

  /** Path of the snapshot at `offset`. */
  path(offset: bigint): string {
    return joinPath(this.dir, offsetFileStem(offset) + SNAPSHOT_SUFFIX);
  }

  /** Offsets of the snapshots present, ascending. */
  offsets(): bigint[] {
    const found: bigint[] = [];
    for (const name of this.storage.list(this.dir)) {
      const offset = parseSegmentFileName(name, SNAPSHOT_SUFFIX);
      if (offset !== null) found.push(offset);
    }
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The bytes of the snapshot at `offset`, or null if it is gone. */
  read(offset: bigint): Buffer | null {
    return this.storage.readFile(this.path(offset));
  }

  /** Writes the snapshot at `offset` atomically, then drops all but the newest SNAPSHOTS_KEPT. */
  write(offset: bigint, bytes: Buffer): void {
    this.storage.writeFileAtomic(this.path(offset), bytes);
    const all = this.offsets();
    for (const old of all.slice(0, Math.max(0, all.length - SNAPSHOTS_KEPT))) this.remove(old);
  }

  remove(offset: bigint): void {
    this.storage.remove(this.path(offset));
  }
}
