/**
 * PostgresSourceTask: reads its tables (or the custom query) as Confluent's JDBC source does,
 * over one pg Client (see ../connection.ts), and resumes each from its stored source offset.
 * Each poll() reads one batch from the source whose turn is next; a source that ran out of rows
 * is asked again after poll.interval.ms.
 */
import type pg from 'pg';
import { SourceTask, type SourceRecord } from '../../../api/types.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/version.js';
import { Waker } from '../../common/waker.js';
import { FjordError } from '../../../../core/errors.js';
import { connect, isConnectionError, parseTableId } from '../connection.js';
import { SOURCE_TYPES } from './column-values.js';
import type { QuerySpec } from './query-builder.js';
import { offsetToPosition, type SourcePosition } from './source-offsets.js';
import { SourceReader } from './source-reader.js';
import { parsePostgresSourceSettings, type PostgresSourceSettings } from './source-settings.js';

/** The longest one poll() waits for a source's next turn before returning null. */
export const POLL_WAIT_MAX_MS = 1000;

export class PostgresSourceTask extends SourceTask {
  private settings!: PostgresSourceSettings;
  private client: pg.Client | null = null;
  private readers: SourceReader[] = [];
  private stopped = false;
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.settings = parsePostgresSourceSettings(props, 'PostgresSourceTask');
    this.stopped = false;
    const s = this.settings;
    const sources = s.query !== '' ? [{ query: s.query }] : s.tables.map((t) => ({ table: parseTableId(t), name: t }));
    this.client = await connect(s.connection, 'PostgresSourceTask', this.waker, { types: SOURCE_TYPES });
    this.readers = [];
    for (const source of sources) {
      const partition = 'query' in source ? { query: source.query } : { table: source.name };
      const stored = await this.context.offsetStorageReader.offset(partition);
      const spec: QuerySpec = {
        source,
        mode: s.mode,
        incrementingColumn: s.incrementingColumn,
        timestampColumns: s.timestampColumns,
        timestampDelayMs: s.timestampDelayMs,
      };
      const label = 'query' in source ? 'the query' : `table ${source.name}`;
      this.readers.push(
        new SourceReader(this.client, {
          spec,
          topic: 'query' in source ? s.topicPrefix : s.topicPrefix + source.table.table,
          partition,
          schemaName: 'query' in source ? undefined : source.table.table,
          label,
          batchMaxRows: s.batchMaxRows,
        }, stored ? offsetToPosition(stored, `PostgresSourceTask (${label})`) : this.initialPosition()),
      );
    }
  }

  private async reconnect(): Promise<void> {
    let client: pg.Client;
    try {
      client = await connect(this.settings.connection, 'PostgresSourceTask', this.waker, { types: SOURCE_TYPES });
    } catch (err) {
      throw new FjordError('NETWORK_EXCEPTION', (err as Error).message, { cause: err, retriable: false });
    }
    this.client = client;
    for (const reader of this.readers) reader.reattach(client);
  }

  private initialPosition(): SourcePosition {
    const initialMs = this.settings.timestampInitialMs;
    const timestampUs = initialMs === null ? null : (initialMs === -1 ? Date.now() : initialMs) * 1000;
    return { timestampUs, incrementing: null };
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped || this.readers.length === 0) {
      if (!this.stopped) await this.waker.wait(POLL_WAIT_MAX_MS);
      return null;
    }
    const reader = this.readers.reduce((a, b) => (b.nextPollAtMs < a.nextPollAtMs ? b : a));
    const waitMs = reader.nextPollAtMs - Date.now();
    if (waitMs > 0) {
      await this.waker.wait(Math.min(waitMs, POLL_WAIT_MAX_MS));
      return null;
    }
    if (!this.client) await this.reconnect();
    let batch;
    try {
      batch = await reader.next();
    } catch (err) {
      // stop() ends the connection under a query in progress: that is not a failure.
      if (this.stopped) return null;
      if (!isConnectionError(err)) throw err;
      // A lost connection: the next poll() connects again (and fails the task if it cannot).
      const lost = this.client;
      this.client = null;
      await lost?.end().catch(() => {});
      return null;
    }
    reader.nextPollAtMs = batch.done ? Date.now() + this.settings.pollIntervalMs : 0;
    return batch.records.length > 0 ? batch.records : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wake();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
