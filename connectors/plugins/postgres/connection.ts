/**
 * One pg Client per connector or task, never a pool: a PGlite socket server (what the tests and
 * `fjord dev` use) serves one connection at a time, and one connection keeps a task's statements
 * in order. Connecting retries `connection.attempts` times `connection.backoff.ms` apart, so a
 * task whose predecessor still holds the only connection gets it once that one closes.
 * Sessions run in UTC so `timestamp without time zone` columns mean UTC, as Connect's do.
 */
import pg from 'pg';
import { FjordError } from '../../../core/errors.js';
import { configError, num, str, type ParsedConfig } from '../common/config.js';
import type { Waker } from '../common/waker.js';
import {
  CONNECTION_ATTEMPTS_CONFIG, CONNECTION_BACKOFF_MS_CONFIG, CONNECTION_PASSWORD_CONFIG, CONNECTION_URL_CONFIG,
  CONNECTION_USER_CONFIG,
} from './connection-config.js';

export interface ConnectionSettings {
  /** pg's connection string (postgres://...). */
  connectionString: string;
  /** The URL with any password hidden, for messages. */
  display: string;
  user: string | null;
  password: string | null;
  attempts: number;
  backoffMs: number;
}

export function connectionSettings(config: ParsedConfig, where: string): ConnectionSettings {
  const url = str(config, CONNECTION_URL_CONFIG)!;
  const connectionString = url.replace(/^jdbc:/, '');
  let parsed: URL;
  try {
    parsed = new URL(connectionString);
  } catch {
    throw configError(where, CONNECTION_URL_CONFIG, url, 'not a URL; expected postgres://host:port/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw configError(where, CONNECTION_URL_CONFIG, hidePassword(parsed), 'expected a postgres://, postgresql:// or jdbc:postgresql:// URL');
  }
  return {
    connectionString,
    display: hidePassword(parsed),
    user: str(config, CONNECTION_USER_CONFIG),
    password: str(config, CONNECTION_PASSWORD_CONFIG),
    attempts: num(config, CONNECTION_ATTEMPTS_CONFIG),
    backoffMs: num(config, CONNECTION_BACKOFF_MS_CONFIG),
  };
}

function hidePassword(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '****';
  copy.searchParams.delete('password');
  return copy.href;
}

/** Connects one client, retrying as configured; `waker` cuts a back-off short when stopping. */
export async function connect(settings: ConnectionSettings, where: string, waker: Waker, options: { types?: pg.CustomTypesConfig } = {}): Promise<pg.Client> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    const client = new pg.Client({
      connectionString: settings.connectionString,
      ...(settings.user !== null ? { user: settings.user } : {}),
      ...(settings.password !== null ? { password: settings.password } : {}),
      ...(options.types ? { types: options.types } : {}),
    });
    // A connection that drops later must not crash the process; the next query reports it.
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query("SET TIME ZONE 'UTC'");
      return client;
    } catch (err) {
      lastError = err;
      await client.end().catch(() => {});
      if (attempt < settings.attempts) await waker.wait(settings.backoffMs);
    }
  }
  throw new FjordError('NETWORK_EXCEPTION', `${where}: cannot connect to ${settings.display} after ${settings.attempts} attempt(s) (${CONNECTION_ATTEMPTS_CONFIG}): ${(lastError as Error)?.message}`, {
    cause: lastError,
    retriable: true,
  });
}

/**
 * Whether an error means the connection is gone — SQLSTATE class 08, a socket error (ECONNRESET,
 * EPIPE, ...), or pg's own "Connection terminated" / "not queryable" — rather than a problem with
 * a statement or a record (which retrying would not fix).
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof FjordError) return err.code === 'NETWORK_EXCEPTION';
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code.startsWith('08') || /^E[A-Z]+$/.test(code);
  return typeof message === 'string' && /connection terminated|not queryable|connection error/i.test(message);
}

/** Double-quotes an identifier for SQL (quote.sql.identifiers=always). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A table id: `schema.table` or `table` (Confluent splits table names on dots the same way). */
export interface TableId {
  schema: string | null;
  table: string;
}

export function parseTableId(name: string): TableId {
  const dot = name.indexOf('.');
  return dot < 0 ? { schema: null, table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}

export function quoteTable(id: TableId): string {
  return id.schema === null ? quoteIdent(id.table) : `${quoteIdent(id.schema)}.${quoteIdent(id.table)}`;
}

export function tableIdText(id: TableId): string {
  return id.schema === null ? id.table : `${id.schema}.${id.table}`;
}
