/**
 * Which inactive segments keep their index entries in memory. Kafka leaves this to mmap and the
 * page cache; here the entries live in typed arrays, so only the few segments read most
 * recently keep theirs, and a consumer catching up over a long history does not pin every
 * index of the log.
 */
import type { LogSegment } from './log-segment.js';

/** Most inactive segments whose indexes stay loaded after reads. */
export const LOADED_INDEXES_MAX = 16;

/** A least-recently-used set of segments with loaded indexes. */
export class LoadedIndexes {
  private segments: LogSegment[] = [];

  constructor(private readonly max = LOADED_INDEXES_MAX) {}

  /** Marks `seg` as just used; unloads the indexes of the least recently used one past the limit. */
  touch(seg: LogSegment): void {
    const at = this.segments.indexOf(seg);
    if (at >= 0) this.segments.splice(at, 1);
    this.segments.push(seg);
    if (this.segments.length > this.max) this.segments.shift()?.unloadIndexes();
  }

  /** Forgets segments that left the log. */
  forget(gone: readonly LogSegment[]): void {
    this.segments = this.segments.filter((s) => !gone.includes(s));
  }
}
