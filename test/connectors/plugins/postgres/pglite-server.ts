/**
 * A real Postgres for tests: PGlite behind its socket server on an ephemeral port. Starting
 * PGlite compiles its WebAssembly (seconds on a busy machine), so every test file shares one
 * instance: `startPostgres()` hands out a reference and `close()` returns it; the server stops a
 * moment after the last reference is returned. Tests keep apart by using their own table names.
 * The server admits one connection at a time, so `query()` opens a pg Client, runs and closes
 * it; call it only while no task holds the connection (stop the task first).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

export interface TestPostgres {
  url: string;
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

interface Shared {
  db: PGlite;
  server: PGLiteSocketServer;
  url: string;
}

let shared: Promise<Shared> | null = null;
let references = 0;
let closeTimer: NodeJS.Timeout | null = null;
/** How long the server outlives its last reference (the next test file usually takes it again). */
const LINGER_MS = 1000;

async function create(): Promise<Shared> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  return { db, server, url: `postgres://postgres:postgres@${server.getServerConn()}/postgres` };
}

async function stopShared(): Promise<void> {
  const s = await shared!;
  shared = null;
  await s.server.stop();
  await s.db.close();
}

export async function startPostgres(): Promise<TestPostgres> {
  references++;
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  shared ??= create();
  const { url } = await shared;
  let closed = false;
  return {
    url,
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<R>(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (--references === 0) closeTimer = setTimeout(() => void stopShared(), LINGER_MS);
    },
  };
}
