/**
 * A query running as a FjordStreams application. FjordStreams cannot pause, so PAUSE closes the
 * application (committing its offsets and flushing its stores) and RESUME starts a new instance
 * with the same application id, which continues from those offsets and restores its stores.
 */
import type { Fjord } from '../../core/client/fjord.js';
import type { Logger } from '../../core/io/logger.js';
import { FjordStreams, type FjordStreamsConfig } from '../../core/streams/runtime/fjord-streams.js';
import type { Topology } from '../../core/streams/topology/topology.js';
import type { LateRecordInfo, QueryHandle, QueryState } from '../engine/runtime.js';

export interface StreamsQueryOptions {
  readonly id: string;
  readonly applicationId: string;
  readonly topology: Topology;
  readonly fjord: Fjord;
  /** FjordStreams' state.dir: the query's stores live under `<stateDir>/<applicationId>/`. */
  readonly stateDir: string;
  readonly commitIntervalMs: number;
  /** max.poll.records (FjordStreams' default when absent). */
  readonly maxPollRecords?: number;
  /** statestore.cache.max.bytes (FjordStreams' default when absent). */
  readonly cacheMaxBytes?: number;
  readonly logger: Logger;
  readonly onRestoreProgress?: FjordStreamsConfig['onRestoreProgress'];
  /** Runs once after the application stopped for good (a transient query removes its traces). */
  readonly afterStop?: (query: StreamsQuery) => Promise<void>;
}

/** How many late records a query keeps for `lateRecords()` (the newest). */
export const LATE_RECORDS_KEPT = 1000;

export class StreamsQuery implements QueryHandle {
  private streams: FjordStreams | null = null;
  private readonly late: LateRecordInfo[] = [];

  lateRecords(): readonly LateRecordInfo[] {
    return this.late;
  }

  processedRecords(): number {
    return this.streams?.metrics.processed ?? 0;
  }
  private paused = false;
  private stopped: Promise<void> | null = null;
  private terminated = false;

  private constructor(private readonly options: StreamsQueryOptions) {}

  get id(): string {
    return this.options.id;
  }

  /** Starts the application; resolves once it is polling (it joins its group in the background). */
  static async start(options: StreamsQueryOptions): Promise<StreamsQuery> {
    const query = new StreamsQuery(options);
    await query.startInstance(); // FjordStreams closes its own clients when start() fails
    return query;
  }

  private async startInstance(): Promise<void> {
    const { topology, applicationId, fjord, stateDir, commitIntervalMs, maxPollRecords, cacheMaxBytes, logger, onRestoreProgress } = this.options;
    const streams = new FjordStreams(topology, {
      applicationId, embedded: fjord, stateDir, commitIntervalMs, logger, onRestoreProgress,
      ...(maxPollRecords === undefined ? {} : { maxPollRecords }), ...(cacheMaxBytes === undefined ? {} : { cacheMaxBytes }),
    });
    streams.late$.subscribe((r) => {
      this.late.push({ topic: r.topic, partition: r.partition, offset: r.offset, value: r.value, timestamp: r.timestamp, streamTimeMs: r.streamTimeMs, store: r.store });
      if (this.late.length > LATE_RECORDS_KEPT) this.late.shift();
    });
    await streams.start();
    this.streams = streams;
  }

  /** Resolves once the application has joined its group and processes records (for tests and callers that must not miss a record). */
  async waitUntilRunning(timeoutMs?: number): Promise<void> {
    await this.streams?.waitUntilRunning(timeoutMs);
  }

  state(): QueryState {
    if (this.terminated) return 'TERMINATED';
    if (this.streams?.state === 'ERROR') return 'ERROR';
    return this.paused ? 'PAUSED' : 'RUNNING';
  }

  error(): Error | null {
    return this.streams?.error ?? null;
  }

  async pause(): Promise<void> {
    if (this.paused || this.terminated) return;
    this.paused = true;
    const streams = this.streams;
    this.streams = null;
    await streams?.close();
  }

  async resume(): Promise<void> {
    if (!this.paused || this.terminated) return;
    await this.startInstance();
    this.paused = false;
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.terminated = true;
      const streams = this.streams;
      this.streams = null;
      await streams?.close();
      await this.options.afterStop?.(this);
    })();
    return this.stopped;
  }

  /** The interactive-query view of `name`, or null when the query is not running or has no such store. */
  store(name: string): unknown {
    if (this.streams === null) return null;
    try {
      return this.streams.store(name);
    } catch {
      return null; // no store of that name: not materialized
    }
  }
}
