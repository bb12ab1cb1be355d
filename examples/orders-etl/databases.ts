/**
 * The two PostgreSQL databases of the example, each a PGlite (Postgres compiled to WebAssembly,
 * in this process) behind its own socket server on a free port: `shop` (the source, where
 * orders are inserted) and `warehouse` (the sink). Two, not one, because a PGlite socket server
 * admits one connection at a time and the source and sink tasks each hold theirs.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Order } from './data.js';

export interface Database {
  /** `postgres://...` for the connectors. */
  readonly url: string;
  /** In-process access; use it only while no connector is connected. */
  readonly db: PGlite;
  close(): Promise<void>;
}

export async function startDatabase(): Promise<Database> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    db,
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

export const CREATE_ORDERS = `CREATE TABLE orders (
  id SERIAL PRIMARY KEY, customer TEXT NOT NULL, product TEXT NOT NULL,
  quantity INT NOT NULL, price_cents INT NOT NULL)`;

export async function insertOrders(db: PGlite, orders: readonly Order[]): Promise<void> {
  for (const o of orders) {
    await db.query('INSERT INTO orders (customer, product, quantity, price_cents) VALUES ($1, $2, $3, $4)', [o.customer, o.product, o.quantity, o.priceCents]);
  }
}
