/**
 * Reads one table (or the custom query) for a PostgresSourceTask, one batch per call, and
 * remembers where it stands. Bulk mode reads the whole source through a cursor, a batch at a
 * time; the other modes ask only for rows past the position, ordered, with a LIMIT.
 */
import type pg from 'pg';
import type { Schema, SourceRecord } from '../../../api/types.js';
import { FjordError } from '../../../../core/errors.js';
import { isConnectionError, quoteIdent } from '../connection.js';
import { columnSchema, columnValue, type ResultColumn } from './column-values.js';
import { BULK_CURSOR, TS_US_COLUMN, bulkSelect, incrementalQuery, timestampGroupQuery, type QuerySpec } from './query-builder.js';
import { positionToOffset, type SourcePosition } from './source-offsets.js';

export interface SourceReaderOptions {
  spec: QuerySpec;
  topic: string;
  /** The source partition of every record read (`{table}` or `{query}`). */
  partition: Record<string, unknown>;
  /** Struct schema name of the values (the table name), or undefined. */
  schemaName?: string;
  /** What to name in errors. */
  label: string;
  batchMaxRows: number;
}

export interface Batch {
  records: SourceRecord[];
  /** True when the source had no more rows now: wait poll.interval.ms before asking again. */
  done: boolean;
}

export class SourceReader {
  /** When this source may be queried next (ms since the epoch). */
  nextPollAtMs = 0;
  private cursorOpen = false;

  constructor(private client: pg.Client, private readonly options: SourceReaderOptions, private position: SourcePosition) {}

  /** Continues on a new connection (the old one was lost): a bulk round starts over. */
  reattach(client: pg.Client): void {
    this.client = client;
    this.cursorOpen = false;
  }

  async next(): Promise<Batch> {
    try {
      return this.options.spec.mode === 'bulk' ? await this.nextBulk() : await this.nextIncremental();
    } catch (err) {
      if (err instanceof FjordError) throw err;
      const e = err as { message?: string; code?: string };
      const connection = isConnectionError(err);
      throw new FjordError(connection ? 'NETWORK_EXCEPTION' : 'INVALID_ARGUMENT', `PostgresSourceTask: reading ${this.options.label} failed: ${e.message ?? String(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`, {
        cause: err,
        retriable: connection,
      });
    }
  }

  private async nextBulk(): Promise<Batch> {
    const { client } = this;
    if (!this.cursorOpen) {
      await client.query('BEGIN');
      await client.query(`DECLARE ${quoteIdent(BULK_CURSOR)} NO SCROLL CURSOR FOR ${bulkSelect(this.options.spec)}`);
      this.cursorOpen = true;
    }
    const result = await client.query(`FETCH ${this.options.batchMaxRows} FROM ${quoteIdent(BULK_CURSOR)}`);
    const done = result.rows.length < this.options.batchMaxRows;
    if (done) {
      await client.query(`CLOSE ${quoteIdent(BULK_CURSOR)}`);
      await client.query('COMMIT');
      this.cursorOpen = false;
    }
    return { records: this.toRecords(result.fields, result.rows, false), done };
  }

  private async nextIncremental(): Promise<Batch> {
    const { spec, batchMaxRows } = this.options;
    let result = await this.client.query(incrementalQuery(spec, this.position, batchMaxRows));
    let rows: Record<string, unknown>[] = result.rows;
    const done = rows.length < batchMaxRows;
    if (!done && spec.mode === 'timestamp') {
      // Rows sharing the batch's last timestamp may continue past the LIMIT; the next query asks
      // for later timestamps only, so leave that group for it, or read the whole group if it is the batch.
      const lastUs = Number(rows[rows.length - 1][TS_US_COLUMN]);
      const earlier = rows.filter((r) => Number(r[TS_US_COLUMN]) !== lastUs);
      if (earlier.length > 0) rows = earlier;
      else {
        result = await this.client.query(timestampGroupQuery(spec, lastUs));
        rows = result.rows;
      }
    }
    return { records: this.toRecords(result.fields, rows, true), done };
  }

  private toRecords(fields: ResultColumn[], rows: Record<string, unknown>[], tracked: boolean): SourceRecord[] {
    const columns = fields.filter((f) => f.name !== TS_US_COLUMN);
    const schema: Schema = {
      type: 'struct',
      ...(this.options.schemaName ? { name: this.options.schemaName } : {}),
      fields: columns.map((c) => ({ field: c.name, schema: columnSchema(c) })),
    };
    const { spec } = this.options;
    return rows.map((row) => {
      const value: Record<string, unknown> = {};
      for (const c of columns) {
        try {
          value[c.name] = columnValue(c, row[c.name]);
        } catch (err) {
          throw new FjordError('INVALID_RECORD', `PostgresSourceTask: ${this.options.label}: ${(err as Error).message}`);
        }
      }
      if (tracked) {
        this.position = {
          timestampUs: spec.mode.startsWith('timestamp') ? Number(row[TS_US_COLUMN]) : null,
          incrementing: spec.mode.includes('incrementing') ? offsetNumber(value[spec.incrementingColumn], this.options.label, spec.incrementingColumn) : null,
        };
      }
      return {
        topic: this.options.topic,
        kafkaPartition: null,
        keySchema: null,
        key: null,
        valueSchema: schema,
        value,
        timestamp: null,
        headers: [],
        sourcePartition: this.options.partition,
        sourceOffset: tracked ? positionToOffset(this.position) : {},
      };
    });
  }
}

function offsetNumber(value: unknown, label: string, column: string): number | string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint') return value.toString();
  throw new FjordError('INVALID_RECORD', `PostgresSourceTask: ${label}: incrementing column ${column} must be a whole number, got ${value === null ? 'null' : typeof value}`);
}
