/**
 * Owns a data directory: one PartitionLog per `<topic>-<partition>/` directory, the broker-wide
 * checkpoint files (recovery points, log start offsets, cleaner offsets, and the high watermarks
 * the replica manager reports) and meta.properties.
 * A clean close flushes every log and writes the checkpoints, so the next open trusts all of it;
 * a partition without a recovery point entry is re-validated from its first byte.
 */
import { topicNameProblem, topicPartitionKey } from '../topic-partition.js';
import { FjordError } from '../errors.js';
import { readOffsetCheckpoint, writeOffsetCheckpoint, type PartitionOffset } from './checkpoint-file.js';
import type { LogConfig } from './log-config.js';
import { defaultLogConfig } from './log-config.js';
import type { LogDeps } from './log-deps.js';
import { META_PROPERTIES_FILE, loadOrCreateMetaProperties } from './meta-properties.js';
import { PartitionLog } from './partition-log.js';
import type { CompactionResult } from './log-cleaner.js';
import { joinPath, parsePartitionDirName, partitionDirName } from './segment-files.js';

/** Per partition: offsets below this are fsynced and trusted on open. */
export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
/** Per partition: the log start offset raised by DeleteRecords or retention. */
export const LOG_START_OFFSET_CHECKPOINT_FILE = 'log-start-offset-checkpoint';
/** Per compacted partition: offsets below this are compacted. */
export const CLEANER_OFFSET_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';
/** Per replicated partition: its high watermark (Kafka's name and format). */
export const HIGH_WATERMARK_CHECKPOINT_FILE = 'replication-offset-checkpoint';
/** replica.high.watermark.checkpoint.interval.ms default. */
export const HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS_DEFAULT = 5000;

/** Settings of a LogManager; intervals follow Kafka's broker defaults. */
export interface LogManagerOptions {
  nodeId: number;
  /** The config of a topic's logs, used on load and create; Kafka's defaults if absent. */
  configFor?: (topic: string) => LogConfig;
  /** Makes the cluster id of a fresh data directory. */
  newClusterId?: () => string;
  /** log.retention.check.interval.ms */
  retentionCheckIntervalMs?: number;
  /** log.flush.offset.checkpoint.interval.ms */
  checkpointIntervalMs?: number;
  /** replica.high.watermark.checkpoint.interval.ms (default 5000). */
  highWatermarkCheckpointIntervalMs?: number;
  /** log.cleaner.backoff.ms: pause between compaction passes. */
  cleanerBackoffMs?: number;
  /** Yields to other work during compaction (e.g. `() => new Promise(setImmediate)`). */
  pause?: () => Promise<void>;
}

/** A log with its topic-partition. */
export interface ManagedLog {
  topic: string;
  partition: number;
  log: PartitionLog;
}

/** What one tick did. */
export interface TickResult {
  flushed: number;
  segmentsDeleted: number;
  compaction: (CompactionResult & { topic: string; partition: number }) | null;
}

/** The logs of one data directory. */
export class LogManager {
  private readonly logs = new Map<string, ManagedLog>();
  readonly clusterId: string;
  private lastRetentionMs: number;
  private lastCheckpointMs: number;
  private lastCleanMs: number;
  private lastHighWatermarkCheckpointMs: number;
  /** High watermarks as last read from or written to `replication-offset-checkpoint`. */
  private checkpointedHighWatermarks: Map<string, bigint>;
  private highWatermarkSource: (() => readonly PartitionOffset[]) | null = null;
  private cleaning = false;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    private readonly deps: LogDeps,
    private readonly options: LogManagerOptions,
  ) {
    const now = deps.clock.nowMs();
    deps.storage.mkdirp(dataDir);
    const meta = loadOrCreateMetaProperties(deps.storage, this.path(META_PROPERTIES_FILE), options.nodeId, now, options.newClusterId);
    this.clusterId = meta.clusterId;
    this.lastRetentionMs = now;
    this.lastCheckpointMs = now;
    this.lastHighWatermarkCheckpointMs = now;
    this.checkpointedHighWatermarks = this.readHighWatermarks();
    this.lastCleanMs = now - (options.cleanerBackoffMs ?? 15_000);
    this.loadLogs();
  }

  /** Opens the data directory and every partition log in it. */
  static open(dataDir: string, deps: LogDeps, options: LogManagerOptions): LogManager {
    return new LogManager(dataDir, deps, options);
  }

  /** This broker's node.id, as in meta.properties. */
  get nodeId(): number {
    return this.options.nodeId;
  }

  private path(name: string): string {
    return joinPath(this.dataDir, name);
  }

  private configFor(topic: string): LogConfig {
    return this.options.configFor?.(topic) ?? defaultLogConfig();
  }

  /** A checkpoint as a map; a damaged file is reported and ignored (costing only re-validation). */
  private readCheckpoint(name: string): Map<string, bigint> {
    try {
      return new Map(readOffsetCheckpoint(this.deps.storage, this.path(name)).map((e) => [topicPartitionKey(e.topic, e.partition), e.offset]));
    } catch (err) {
      this.deps.logger?.(`ignoring damaged checkpoint ${name}: ${(err as Error).message}`);
      return new Map();
    }
  }

  /**
   * The high watermark checkpoint. A damaged file is reported (the checkpoint error names the
   * file and line) and ignored: high watermarks then start at 0 and catch up as followers
   * fetch, which is safe, merely slower for consumers.
   */
  private readHighWatermarks(): Map<string, bigint> {
    try {
      const entries = readOffsetCheckpoint(this.deps.storage, this.path(HIGH_WATERMARK_CHECKPOINT_FILE));
      return new Map(entries.filter((e) => e.offset >= 0n).map((e) => [topicPartitionKey(e.topic, e.partition), e.offset]));
    } catch (err) {
      this.deps.logger?.(`ignoring damaged high watermark checkpoint: ${(err as Error).message}; high watermarks start at 0 until followers report`);
      return new Map();
    }
  }

  /**
   * The high watermark checkpointed for a partition, never past its log's end (the log may
   * have lost an unsynced tail, or been truncated), nor below its start; undefined if none.
   */
  checkpointedHighWatermark(topic: string, partition: number): bigint | undefined {
    const hw = this.checkpointedHighWatermarks.get(topicPartitionKey(topic, partition));
    const log = this.get(topic, partition);
    if (hw === undefined || log === undefined) return undefined;
    if (hw > log.logEndOffset) return log.logEndOffset;
    return hw < log.logStartOffset ? log.logStartOffset : hw;
  }

  /**
   * Where the current high watermarks come from (the replica manager). Once set, they are
   * written to `replication-offset-checkpoint` every `highWatermarkCheckpointIntervalMs` and on
   * close; partitions the source does not report keep their checkpointed value.
   */
  setHighWatermarkSource(source: () => readonly PartitionOffset[]): void {
    this.highWatermarkSource = source;
  }

  /** Writes `replication-offset-checkpoint` atomically (temp file, fsync, rename); no-op without a source. */
  writeHighWatermarks(): void {
    if (this.highWatermarkSource === null) return;
    const current = new Map(this.highWatermarkSource().map((e) => [topicPartitionKey(e.topic, e.partition), e.offset]));
    const written = new Map<string, bigint>();
    const entries: PartitionOffset[] = [];
    for (const [k, m] of this.logs) {
      const hw = current.get(k) ?? this.checkpointedHighWatermarks.get(k);
      if (hw === undefined) continue;
      const bounded = hw > m.log.logEndOffset ? m.log.logEndOffset : hw;
      written.set(k, bounded);
      entries.push({ topic: m.topic, partition: m.partition, offset: bounded });
    }
    writeOffsetCheckpoint(this.deps.storage, this.path(HIGH_WATERMARK_CHECKPOINT_FILE), entries);
    this.checkpointedHighWatermarks = written;
  }

  private loadLogs(): void {
    const recovery = this.readCheckpoint(RECOVERY_POINT_CHECKPOINT_FILE);
    const starts = this.readCheckpoint(LOG_START_OFFSET_CHECKPOINT_FILE);
    const cleaner = this.readCheckpoint(CLEANER_OFFSET_CHECKPOINT_FILE);
    for (const name of this.deps.storage.list(this.dataDir)) {
      const tp = parsePartitionDirName(name);
      if (tp === null) continue;
      const k = topicPartitionKey(tp.topic, tp.partition);
      const log = PartitionLog.open(this.path(name), this.configFor(tp.topic), this.deps, {
        recoveryPoint: recovery.get(k),
        logStartOffset: starts.get(k),
        cleanerCheckpoint: cleaner.get(k),
      });
      this.logs.set(k, { ...tp, log });
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new FjordError('CLOSED', `log manager of ${this.dataDir} is closed`);
  }

  /** The log of a topic-partition, if this directory has it. */
  get(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(topicPartitionKey(topic, partition))?.log;
  }

  /**
   * The log of a topic-partition, created (empty, with `config` or the topic's config) if absent.
   * A given `config` also replaces the config of a log loaded at open.
   */
  getOrCreate(topic: string, partition: number, config?: LogConfig): PartitionLog {
    this.checkOpen();
    const existing = this.get(topic, partition);
    if (existing !== undefined) {
      if (config !== undefined) existing.updateConfig(config);
      return existing;
    }
    if (topicNameProblem(topic) !== null || !Number.isInteger(partition) || partition < 0) {
      throw new FjordError('INVALID_TOPIC_EXCEPTION', `cannot create a log for topic '${topic}' partition ${partition}`);
    }
    const log = PartitionLog.open(this.path(partitionDirName(topic, partition)), config ?? this.configFor(topic), this.deps, {});
    this.logs.set(topicPartitionKey(topic, partition), { topic, partition, log });
    return log;
  }

  /** Deletes a partition's log and its directory, and drops it from the checkpoints at once. */
  deleteLog(topic: string, partition: number): boolean {
    this.checkOpen();
    const entry = this.logs.get(topicPartitionKey(topic, partition));
    if (entry === undefined) return false;
    this.logs.delete(topicPartitionKey(topic, partition));
    // Checkpoints first: a stale recovery point must never vouch for a recreated log's files.
    this.writeCheckpoints();
    this.writeHighWatermarks();
    entry.log.deleteAll();
    return true;
  }

  /**
   * Truncates a partition's log to end before `offset` (`PartitionLog.truncateTo`) and writes
   * the checkpoints at once, so the lowered recovery point is on disk before anything is
   * appended past the cut (Kafka's `LogManager.truncateTo`). Returns the new log end offset.
   */
  truncateTo(topic: string, partition: number, offset: bigint): bigint {
    this.checkOpen();
    const end = this.mustGet(topic, partition).truncateTo(offset);
    this.writeCheckpoints();
    return end;
  }

  /** Empties a partition's log and starts it at `offset`, then writes the checkpoints. */
  truncateFullyAndStartAt(topic: string, partition: number, offset: bigint): void {
    this.checkOpen();
    this.mustGet(topic, partition).truncateFullyAndStartAt(offset);
    this.writeCheckpoints();
  }

  private mustGet(topic: string, partition: number): PartitionLog {
    const log = this.get(topic, partition);
    if (log === undefined) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `no log for ${topic}-${partition} in ${this.dataDir}`);
    return log;
  }

  /** Deletes every partition log of `topic`; returns how many there were. */
  deleteTopic(topic: string): number {
    this.checkOpen();
    const doomed = this.list().filter((m) => m.topic === topic);
    for (const m of doomed) this.logs.delete(topicPartitionKey(m.topic, m.partition));
    if (doomed.length === 0) return 0;
    this.writeCheckpoints();
    this.writeHighWatermarks();
    for (const m of doomed) m.log.deleteAll();
    return doomed.length;
  }

  /** Every log, in no particular order. */
  list(): ManagedLog[] {
    return [...this.logs.values()];
  }

  /** Writes the three checkpoint files atomically from the logs' current state. */
  writeCheckpoints(): void {
    const all = this.list();
    const entries = (f: (l: PartitionLog) => bigint, logs = all): PartitionOffset[] => logs.map((m) => ({ topic: m.topic, partition: m.partition, offset: f(m.log) }));
    const { storage } = this.deps;
    writeOffsetCheckpoint(storage, this.path(RECOVERY_POINT_CHECKPOINT_FILE), entries((l) => l.recoveryPoint));
    writeOffsetCheckpoint(storage, this.path(LOG_START_OFFSET_CHECKPOINT_FILE), entries((l) => l.logStartOffset));
    const compacted = all.filter((m) => m.log.config.cleanupPolicy !== 'delete');
    writeOffsetCheckpoint(storage, this.path(CLEANER_OFFSET_CHECKPOINT_FILE), entries((l) => l.cleanerCheckpoint, compacted));
  }

  /** Fsyncs every log, then writes the checkpoints. */
  flush(): void {
    this.checkOpen();
    for (const m of this.logs.values()) m.log.flush();
    this.writeCheckpoints();
  }

  /**
   * Periodic work: flush logs whose flush.ms passed, apply retention every
   * retentionCheckIntervalMs, write checkpoints every checkpointIntervalMs, and run at most one
   * compaction pass (on the dirtiest log that is due) per cleanerBackoffMs. Never rejects: a
   * failed compaction pass is logged (its output is discarded, the log is untouched) and
   * retried after the backoff.
   */
  async tick(nowMs: number): Promise<TickResult> {
    const result: TickResult = { flushed: 0, segmentsDeleted: 0, compaction: null };
    if (this.closed) return result;
    for (const m of this.logs.values()) if (m.log.flushIfDue(nowMs)) result.flushed++;
    if (nowMs - this.lastRetentionMs >= (this.options.retentionCheckIntervalMs ?? 300_000)) {
      this.lastRetentionMs = nowMs;
      for (const m of this.logs.values()) result.segmentsDeleted += m.log.applyRetention(nowMs);
    }
    if (result.flushed > 0 || result.segmentsDeleted > 0 || nowMs - this.lastCheckpointMs >= (this.options.checkpointIntervalMs ?? 60_000)) {
      this.lastCheckpointMs = nowMs;
      this.writeCheckpoints();
    }
    if (nowMs - this.lastHighWatermarkCheckpointMs >= (this.options.highWatermarkCheckpointIntervalMs ?? HIGH_WATERMARK_CHECKPOINT_INTERVAL_MS_DEFAULT)) {
      this.lastHighWatermarkCheckpointMs = nowMs;
      this.writeHighWatermarks();
    }
    if (!this.cleaning && nowMs - this.lastCleanMs >= (this.options.cleanerBackoffMs ?? 15_000)) {
      result.compaction = await this.compactDirtiest(nowMs);
    }
    return result;
  }

  private async compactDirtiest(nowMs: number): Promise<TickResult['compaction']> {
    let best: ManagedLog | null = null;
    let bestRatio = -1;
    for (const m of this.logs.values()) {
      const state = m.log.cleanableState(nowMs);
      if (state === null || state.dirtyBytes === 0) continue;
      const due = state.mustClean || state.dirtyRatio > m.log.config.minCleanableDirtyRatio;
      const ratio = state.mustClean ? 2 : state.dirtyRatio;
      if (due && ratio > bestRatio) {
        best = m;
        bestRatio = ratio;
      }
    }
    this.lastCleanMs = nowMs;
    if (best === null) return null;
    this.cleaning = true;
    try {
      const name = `${best.topic}-${best.partition}`;
      const done = await best.log.compact(nowMs, { pause: this.options.pause, onProgress: compactionProgress(name, this.deps.clock, (line) => this.deps.logger?.(line, 'info')) });
      if (done !== null && !this.closed) this.writeCheckpoints();
      return done === null ? null : { ...done, topic: best.topic, partition: best.partition };
    } catch (err) {
      this.deps.logger?.(`compaction of ${best.topic}-${best.partition} failed: ${(err as Error).stack ?? String(err)}`);
      return null;
    } finally {
      this.cleaning = false;
    }
  }

  /** Flushes and closes every log and writes the checkpoints (a clean shutdown). */
  close(): void {
    if (this.closed) return;
    for (const m of this.logs.values()) m.log.close();
    this.writeCheckpoints();
    this.writeHighWatermarks();
    this.closed = true;
  }
}


/** Reports a long compaction pass: a line every 5 s once it has run 2 s (short passes stay quiet). */
export const COMPACTION_PROGRESS_AFTER_MS = 2_000;
export const COMPACTION_PROGRESS_EVERY_MS = 5_000;

export function compactionProgress(name: string, clock: { nowMs(): number }, log: (line: string) => void): (doneBytes: number, totalBytes: number) => void {
  const startMs = clock.nowMs();
  let lastMs = startMs;
  return (doneBytes, totalBytes) => {
    const now = clock.nowMs();
    if (now - startMs < COMPACTION_PROGRESS_AFTER_MS || now - lastMs < COMPACTION_PROGRESS_EVERY_MS || doneBytes >= totalBytes) return;
    lastMs = now;
    const pct = totalBytes === 0 ? 100 : Math.floor((100 * doneBytes) / totalBytes);
    const mbps = doneBytes / 1024 / 1024 / Math.max((now - startMs) / 1000, 0.001);
    const etaS = mbps === 0 ? 0 : (totalBytes - doneBytes) / 1024 / 1024 / mbps;
    log(`${name}: compacting, ${pct}% (${(doneBytes / 1048576).toFixed(1)} of ${(totalBytes / 1048576).toFixed(1)} MiB, ${mbps.toFixed(1)} MiB/s, about ${Math.ceil(etaS)} s left)`);
  };
}
