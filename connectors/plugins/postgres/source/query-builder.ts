/**
 * SQL for the Postgres source's modes (Confluent JDBC source semantics), reading either a table
 * or a wrapped custom query. Timestamp modes also select the row's timestamp in microseconds
 * (`TS_US_COLUMN`) so offsets keep Postgres's full precision. Pure.
 */
import { quoteIdent, quoteTable, type TableId } from '../connection.js';
import type { SourceMode } from './config.js';
import { microsToIso, type SourcePosition } from './source-offsets.js';

/** The extra column holding the timestamp in microseconds; never part of a record. */
export const TS_US_COLUMN = '__fjord_ts_us';
/** The cursor bulk mode reads through. */
export const BULK_CURSOR = 'fjord_bulk';

export interface QuerySource {
  table?: TableId;
  query?: string;
}

export interface QuerySpec {
  source: QuerySource;
  mode: SourceMode;
  incrementingColumn: string;
  timestampColumns: string[];
  timestampDelayMs: number;
}

export interface Statement {
  text: string;
  values: unknown[];
}

function from(source: QuerySource): string {
  if (source.table) return quoteTable(source.table);
  return `(${source.query}) AS "fjord_query"`;
}

function timestampExpr(spec: QuerySpec): string {
  const cols = spec.timestampColumns.map(quoteIdent);
  return cols.length === 1 ? cols[0] : `COALESCE(${cols.join(',')})`;
}

/** `SELECT * FROM source` for a bulk cursor. */
export function bulkSelect(spec: QuerySpec): string {
  return `SELECT * FROM ${from(spec.source)}`;
}

/** The next rows after `position`, at most `limit`, in offset order. */
export function incrementalQuery(spec: QuerySpec, position: SourcePosition, limit: number): Statement {
  const inc = quoteIdent(spec.incrementingColumn);
  if (spec.mode === 'incrementing') {
    return {
      text: `SELECT * FROM ${from(spec.source)} WHERE ${inc} > $1 ORDER BY ${inc} ASC LIMIT ${limit}`,
      values: [String(position.incrementing ?? -1)],
    };
  }
  const ts = timestampExpr(spec);
  const select = `SELECT *, (EXTRACT(EPOCH FROM ${ts}) * 1000000)::bigint AS ${quoteIdent(TS_US_COLUMN)} FROM ${from(spec.source)}`;
  // Rows newer than the delay allows are left for a later poll (their transaction may still be writing that time).
  const upper = `${ts} < now() - ($2::bigint * interval '1 millisecond')`;
  const since = microsToIso(position.timestampUs ?? 0);
  if (spec.mode === 'timestamp') {
    return { text: `${select} WHERE ${ts} > $1 AND ${upper} ORDER BY ${ts} ASC LIMIT ${limit}`, values: [since, spec.timestampDelayMs] };
  }
  return {
    text: `${select} WHERE ${upper} AND ((${ts} = $1 AND ${inc} > $3) OR ${ts} > $1) ORDER BY ${ts} ASC, ${inc} ASC LIMIT ${limit}`,
    values: [since, spec.timestampDelayMs, String(position.incrementing ?? -1)],
  };
}

/** Every row with exactly this timestamp (timestamp mode, when one timestamp fills a whole batch). */
export function timestampGroupQuery(spec: QuerySpec, timestampUs: number): Statement {
  const ts = timestampExpr(spec);
  return {
    text: `SELECT *, (EXTRACT(EPOCH FROM ${ts}) * 1000000)::bigint AS ${quoteIdent(TS_US_COLUMN)} FROM ${from(spec.source)} WHERE ${ts} = $1`,
    values: [microsToIso(timestampUs)],
  };
}
