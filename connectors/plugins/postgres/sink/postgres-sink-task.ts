/**
 * PostgresSinkTask: writes records as rows, the way Confluent's JDBC sink does, over one pg
 * Client (see ../connection.ts for why one). Each put() is one transaction: all its records are
 * written, or none and put() fails, so offsets are only committed for rows that are in the table.
 */
import type pg from 'pg';
import { SinkTask, type SinkRecord } from '../../../api/types.js';
import { FjordError } from '../../../../core/errors.js';
import { BUILTIN_PLUGIN_VERSION } from '../../common/version.js';
import { Waker } from '../../common/waker.js';
import { connect, isConnectionError, parseTableId, type TableId } from '../connection.js';
import { groupOps, type OpGroup } from './op-groups.js';
import { mapRecord, type RowOp } from './row-mapper.js';
import { parsePostgresSinkSettings, type PostgresSinkSettings } from './sink-settings.js';
import { deleteStatements, insertStatements, updateStatement, type Statement } from './sql-builder.js';
import { TableManager } from './table-manager.js';

export class PostgresSinkTask extends SinkTask {
  private settings!: PostgresSinkSettings;
  private client: pg.Client | null = null;
  private tables!: TableManager;
  private stopped = false;
  private readonly waker = new Waker();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.settings = parsePostgresSinkSettings(props, 'PostgresSinkTask');
    this.stopped = false;
    await this.reconnect();
  }

  private async reconnect(): Promise<pg.Client> {
    const client = await connect(this.settings.connection, 'PostgresSinkTask', this.waker);
    this.client = client;
    this.tables = new TableManager(client, this.settings);
    return client;
  }

  /**
   * Writes the records in one transaction. A lost connection is a retriable error (the runtime
   * puts the same batch again) and the next put() connects anew; if that fails after
   * connection.attempts, the error is final.
   */
  async put(records: SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (this.stopped) throw new Error('assertion failed: PostgresSinkTask.put() after stop()');
    let client = this.client;
    if (!client) {
      try {
        client = await this.reconnect();
      } catch (err) {
        throw new FjordError('NETWORK_EXCEPTION', (err as Error).message, { cause: err, retriable: false });
      }
    }
    try {
      await client.query('BEGIN');
      for (let i = 0; i < records.length; i += this.settings.batchSize) {
        await this.writeBatch(records.slice(i, i + this.settings.batchSize));
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      // DDL rolled back with the rest: what the table manager learnt may be false now.
      this.tables.invalidate();
      if (!isConnectionError(err)) throw err;
      this.client = null;
      await client.end().catch(() => {});
      throw err instanceof FjordError
        ? err
        : new FjordError('NETWORK_EXCEPTION', `PostgresSinkTask: lost the connection to ${this.settings.connection.display}: ${(err as Error).message}`, { cause: err, retriable: true });
    }
  }

  private async writeBatch(records: SinkRecord[]): Promise<void> {
    const reporter = this.reporter();
    const ops: { op: RowOp; record: SinkRecord }[] = [];
    for (const record of records) {
      let op: RowOp | null;
      try {
        op = mapRecord(record, this.settings.mapping);
      } catch (err) {
        // A record that cannot become a row goes to the errant record reporter (the DLQ) when there is one.
        if (!reporter || !(err instanceof FjordError) || err.code !== 'INVALID_RECORD') throw err;
        await reporter(record, err);
        continue;
      }
      if (op) ops.push({ op, record });
    }
    for (const group of groupOps(ops, this.settings.insertMode)) await this.writeGroup(group, reporter);
  }

  private reporter(): ((record: SinkRecord, error: Error) => Promise<void>) | null {
    return this.context?.errantRecordReporter?.() ?? null;
  }

  /**
   * Writes one group as multi-row statements. With an errant record reporter, a failing group is
   * rolled back to a savepoint and written again row by row, so only the failing rows are reported.
   */
  private async writeGroup(group: OpGroup, reporter: ((record: SinkRecord, error: Error) => Promise<void>) | null): Promise<void> {
    const table = parseTableId(group.table);
    if (group.kind === 'delete') {
      // Nothing to delete from a table that does not exist.
      if (!(await this.tables.exists(table))) return;
    } else {
      await this.tables.ensure(table, group.columns[0], group.keyNames);
    }
    const all = group.records.map((_, i) => i);
    if (!reporter) return this.execute(group, all);
    const client = this.requireClient();
    await client.query('SAVEPOINT fjord_group');
    try {
      await this.execute(group, all);
      await client.query('RELEASE SAVEPOINT fjord_group');
      return;
    } catch (err) {
      if (isConnectionError(err)) throw err;
      await client.query('ROLLBACK TO SAVEPOINT fjord_group');
    }
    for (const i of all) {
      await client.query('SAVEPOINT fjord_row');
      try {
        await this.execute(group, [i]);
        await client.query('RELEASE SAVEPOINT fjord_row');
      } catch (err) {
        if (isConnectionError(err)) throw err;
        await client.query('ROLLBACK TO SAVEPOINT fjord_row');
        await reporter(group.records[i], err as Error);
      }
    }
  }

  /** Runs the statements for the group's rows at `indices`; a failure names those records. */
  private async execute(group: OpGroup, indices: number[]): Promise<void> {
    const table = parseTableId(group.table);
    const records = indices.map((i) => group.records[i]);
    try {
      for (const statement of this.statements(table, group, indices)) {
        await this.requireClient().query(statement.text, statement.values);
      }
    } catch (err) {
      throw sqlError(err, group.kind, group.table, records);
    }
  }

  private statements(table: TableId, group: OpGroup, indices: number[]): Statement[] {
    if (group.kind === 'delete') return deleteStatements(table, indices.map((i) => group.keys[i]));
    const rows = indices.map((i) => group.columns[i]);
    const mode = this.settings.insertMode;
    if (mode === 'update') return rows.map((columns) => updateStatement(table, columns, group.keyNames));
    const first = rows[0];
    return insertStatements(
      table,
      { names: first.map((c) => c.name), schemas: first.map((c) => c.schema), rows: rows.map((cs) => cs.map((c) => c.value)) },
      mode === 'upsert' ? { keyNames: group.keyNames } : null,
    );
  }

  private requireClient(): pg.Client {
    if (!this.client) throw new Error('assertion failed: PostgresSinkTask used before start() or after stop()');
    return this.client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waker.wake();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}

/** A failed statement as an error naming the table, the records and Postgres's reason. */
function sqlError(err: unknown, kind: string, table: string, records: SinkRecord[]): FjordError {
  if (err instanceof FjordError && err.code === 'NETWORK_EXCEPTION') return err;
  const e = err as { message?: string; code?: string };
  const first = records[0];
  const last = records[records.length - 1];
  const span = records.length === 1
    ? `${first.topic}-${first.kafkaPartition}@${first.kafkaOffset}`
    : `${first.topic}-${first.kafkaPartition}@${first.kafkaOffset} .. ${last.topic}-${last.kafkaPartition}@${last.kafkaOffset}`;
  // A connection problem is worth a retry. Anything else is about the data.
  const connection = isConnectionError(err);
  return new FjordError(
    connection ? 'NETWORK_EXCEPTION' : 'INVALID_RECORD',
    `PostgresSinkTask: ${kind} of ${records.length} record(s) (${span}) in table "${table}" failed: ${e.message ?? String(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`,
    { cause: err, retriable: connection },
  );
}
