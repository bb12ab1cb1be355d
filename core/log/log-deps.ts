/**
 * What a partition log is given from outside: storage, time and a place to report what it did.
 * Keeping these injected lets the simulator run logs on a fake disk with a manual clock.
 */
import type { Clock } from '../io/clock.js';
import type { Storage } from '../io/storage.js';

/** Injected dependencies of a PartitionLog. */
export interface LogDeps {
  storage: Storage;
  clock: Clock;
  /** Receives one line per notable action (recovery, truncation, deletions); silent if absent. */
  /** Receives what the log did. Routine events are 'info'; repairs and failures are 'warn' (the default). */
  logger?: (line: string, level?: 'info' | 'warn') => void;
}

/** State the owner persists across restarts and hands back to `PartitionLog.open`. */
export interface LogOpenState {
  /**
   * Offsets below this are known durable and are trusted without re-validation. Absent or 0n
   * re-validates every segment.
   */
  recoveryPoint?: bigint;
  /** First offset readers may see (raised by DeleteRecords and retention). */
  logStartOffset?: bigint;
  /** Offsets below this were already compacted (the cleaner's checkpoint). */
  cleanerCheckpoint?: bigint;
}
