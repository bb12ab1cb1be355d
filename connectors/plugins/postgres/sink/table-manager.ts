/**
 * Makes sure a destination table has the columns a write needs: creates it (auto.create) or adds
 * missing columns (auto.evolve), or fails naming the table and what is missing. Remembers each
 * table's columns so a batch costs one lookup per new table, not per statement.
 */
import type pg from 'pg';
import type { Schema } from '../../../api/types.js';
import { FjordError } from '../../../../core/errors.js';
import { tableIdText, type TableId } from '../connection.js';
import { addColumnsSql, createTableSql } from './sql-builder.js';

export interface TableManagerOptions {
  autoCreate: boolean;
  autoEvolve: boolean;
}

export class TableManager {
  private readonly known = new Map<string, Set<string>>();

  constructor(private readonly client: pg.Client, private readonly options: TableManagerOptions) {}

  /** Creates or evolves `table` so it has `columns`; keyNames become the primary key of a new table. */
  async ensure(table: TableId, columns: { name: string; schema: Schema }[], keyNames: string[]): Promise<void> {
    const text = tableIdText(table);
    let existing: Set<string> | null = this.known.get(text) ?? (await this.describe(table));
    if (existing === null) {
      if (!this.options.autoCreate) {
        throw new FjordError('INVALID_CONFIG', `PostgresSinkTask: table "${text}" is missing and auto.create is disabled`);
      }
      await this.client.query(createTableSql(table, columns, keyNames).replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS '));
      existing = new Set(columns.map((c) => c.name));
      this.known.set(text, existing);
    }
    const missing = columns.filter((c) => !existing.has(c.name));
    if (missing.length === 0) return;
    if (!this.options.autoEvolve) {
      throw new FjordError('INVALID_CONFIG', `PostgresSinkTask: table "${text}" is missing column(s) ${missing.map((c) => c.name).join(', ')} and auto.evolve is disabled`);
    }
    for (const c of missing) {
      if (!c.schema.optional && c.schema.default === undefined) {
        throw new FjordError('INVALID_RECORD', `PostgresSinkTask: cannot ALTER TABLE "${text}" to add missing field ${c.name}: the field is not optional and has no default value`);
      }
    }
    await this.client.query(addColumnsSql(table, missing).replace(/ADD COLUMN /g, 'ADD COLUMN IF NOT EXISTS '));
    for (const c of missing) existing.add(c.name);
  }

  /** The table's column names, or null if it does not exist. */
  async exists(table: TableId): Promise<boolean> {
    return this.known.has(tableIdText(table)) || (await this.describe(table)) !== null;
  }

  /** Forgets what it knew (after a rollback undid DDL). */
  invalidate(): void {
    this.known.clear();
  }

  private async describe(table: TableId): Promise<Set<string> | null> {
    const result = await this.client.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2',
      [table.schema, table.table],
    );
    if (result.rows.length === 0) return null;
    const columns = new Set(result.rows.map((r) => r.column_name));
    this.known.set(tableIdText(table), columns);
    return columns;
  }
}
