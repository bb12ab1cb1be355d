/**
 * SQL text and parameters for the Postgres sink's statements: multi-row INSERT (optionally
 * ON CONFLICT DO UPDATE), UPDATE, DELETE by key, CREATE TABLE and ALTER TABLE ADD COLUMN.
 * Identifiers are always quoted. Pure.
 */
import type { Schema } from '../../../api/types.js';
import { quoteIdent, quoteTable, type TableId } from '../connection.js';
import { defaultLiteral, sqlType, toSqlParam } from './column-types.js';
import type { Column } from './row-mapper.js';

/** Postgres accepts at most 65535 parameters in one statement. */
export const STATEMENT_PARAMS_MAX = 65535;

export interface Statement {
  text: string;
  values: unknown[];
}

/** Rows to write: each row lists the same columns in the same order. */
export interface RowGroup {
  names: string[];
  schemas: Schema[];
  rows: unknown[][];
}

/** INSERT statements for the rows (split so none passes STATEMENT_PARAMS_MAX). */
export function insertStatements(table: TableId, group: RowGroup, conflict: { keyNames: string[] } | null): Statement[] {
  const { names, schemas, rows } = group;
  const head = `INSERT INTO ${quoteTable(table)} (${names.map(quoteIdent).join(',')}) VALUES `;
  const tail = conflict ? onConflict(names, conflict.keyNames) : '';
  const rowsPerStatement = Math.max(1, Math.floor(STATEMENT_PARAMS_MAX / Math.max(1, names.length)));
  const out: Statement[] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = row.map((v, i) => {
        values.push(toSqlParam(v, schemas[i]));
        return `$${values.length}`;
      });
      return `(${marks.join(',')})`;
    });
    out.push({ text: head + tuples.join(',') + tail, values });
  }
  return out;
}

function onConflict(names: string[], keyNames: string[]): string {
  const target = ` ON CONFLICT (${keyNames.map(quoteIdent).join(',')}) DO `;
  const others = names.filter((n) => !keyNames.includes(n));
  if (others.length === 0) return `${target}NOTHING`;
  return `${target}UPDATE SET ${others.map((n) => `${quoteIdent(n)}=EXCLUDED.${quoteIdent(n)}`).join(',')}`;
}

/** One UPDATE per row: non-key columns set, key columns matched. */
export function updateStatement(table: TableId, columns: Column[], keyNames: string[]): Statement {
  const values: unknown[] = [];
  const param = (c: Column) => {
    values.push(toSqlParam(c.value, c.schema));
    return `$${values.length}`;
  };
  const sets = columns.filter((c) => !keyNames.includes(c.name)).map((c) => `${quoteIdent(c.name)}=${param(c)}`);
  const where = columns.filter((c) => keyNames.includes(c.name)).map((c) => `${quoteIdent(c.name)}=${param(c)}`);
  return { text: `UPDATE ${quoteTable(table)} SET ${sets.join(',')} WHERE ${where.join(' AND ')}`, values };
}

/** DELETE of the rows with these keys (each key lists the same columns in the same order). */
export function deleteStatements(table: TableId, keys: Column[][]): Statement[] {
  const names = keys[0].map((c) => c.name);
  const perStatement = Math.max(1, Math.floor(STATEMENT_PARAMS_MAX / names.length));
  const out: Statement[] = [];
  for (let start = 0; start < keys.length; start += perStatement) {
    const values: unknown[] = [];
    const tuples = keys.slice(start, start + perStatement).map((key) => {
      const marks = key.map((c) => {
        values.push(toSqlParam(c.value, c.schema));
        return `$${values.length}`;
      });
      return `(${marks.join(',')})`;
    });
    out.push({ text: `DELETE FROM ${quoteTable(table)} WHERE (${names.map(quoteIdent).join(',')}) IN (${tuples.join(',')})`, values });
  }
  return out;
}

/** CREATE TABLE with the columns' types, NOT NULL for required fields, and the primary key. */
export function createTableSql(table: TableId, columns: { name: string; schema: Schema }[], keyNames: string[]): string {
  const defs = columns.map((c) => columnDefinition(c.name, c.schema));
  if (keyNames.length > 0) defs.push(`PRIMARY KEY(${keyNames.map(quoteIdent).join(',')})`);
  return `CREATE TABLE ${quoteTable(table)} (\n${defs.map((d) => `  ${d}`).join(',\n')})`;
}

/** ALTER TABLE adding the columns. */
export function addColumnsSql(table: TableId, columns: { name: string; schema: Schema }[]): string {
  return `ALTER TABLE ${quoteTable(table)} ${columns.map((c) => `ADD COLUMN ${columnDefinition(c.name, c.schema)}`).join(', ')}`;
}

function columnDefinition(name: string, schema: Schema): string {
  const dflt = defaultLiteral(schema);
  return `${quoteIdent(name)} ${sqlType(schema)}${dflt === null ? '' : ` DEFAULT ${dflt}`}${schema.optional ? '' : ' NOT NULL'}`;
}
