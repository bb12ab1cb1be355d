/**
 * orders-etl: PostgreSQL (the `shop` database) → the Postgres source connector → SQL
 * enrichment and aggregation → the Postgres sink connector (the `warehouse` database, upserts
 * by key) and the Arrow sink connector (Arrow IPC files). Half-way through, everything — the
 * Connect worker and the SQL engine — is stopped, more orders are inserted, and everything is
 * started again: it resumes from its stored offsets and command topic, and the final tables and
 * files hold every order exactly once. Runs in one process (embedded broker, two in-process
 * PGlite databases) in a temporary directory that is removed afterwards.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { Fjord } from '../../core/client/fjord.js';
import { startStandalone, type Standalone } from '../../connectors/runtime/standalone.js';
import { parseWorkerConfig } from '../../connectors/runtime/worker-config.js';
import { SqlEngine } from '../../sql/engine/engine.js';
import { LiveRuntime } from '../../sql/live/live-runtime.js';
import { FIRST_BATCH, SECOND_BATCH } from './data.js';
import { CREATE_ORDERS, insertOrders, startDatabase, type Database } from './databases.js';
import { SinkProgress } from './progress.js';

/** One row of the warehouse's product_totals table. */
export interface ProductTotal { readonly product: string; readonly orders: number; readonly units: number; readonly revenueCents: number }

export interface OrdersEtlResult {
  /** The warehouse table after the second run, by product. */
  readonly warehouse: ProductTotal[];
  /** The same totals computed by the shop database itself (GROUP BY over its orders). */
  readonly expected: ProductTotal[];
  /** Order ids in the Arrow files, in file order (each once if nothing was duplicated). */
  readonly arrowIds: number[];
  readonly arrowFiles: string[];
  /** Arrow rows written by the first run (counted once it had stopped). */
  readonly arrowRowsAtStop: number;
}

const STATEMENTS = `
  CREATE STREAM shop_orders (id INT, customer STRING, product STRING, quantity INT, price_cents INT)
    WITH (kafka_topic='shop-orders', value_format='JSON', partitions=1);
  CREATE STREAM orders_enriched WITH (kafka_topic='orders-enriched', value_format='JSON') AS
    SELECT id, customer, product, quantity, quantity * price_cents AS amount_cents,
           CASE WHEN quantity >= 10 THEN 'bulk' ELSE 'retail' END AS order_size
    FROM shop_orders;
  CREATE TABLE product_totals WITH (kafka_topic='product-totals', value_format='JSON') AS
    SELECT product, COUNT(*) AS orders, SUM(quantity) AS units, SUM(quantity * price_cents) AS revenue_cents
    FROM shop_orders GROUP BY product;`;

/** Records per Arrow file: 20 orders make 5 complete files. */
const ARROW_ROTATE_RECORDS = 4;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`orders-etl: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function connectors(shop: Database, warehouse: Database, arrowDir: string): { name: string; config: Record<string, string> }[] {
  const c = (name: string, config: Record<string, string>) => ({ name, config: { name, 'tasks.max': '1', ...config } });
  return [
    c('shop-source', {
      'connector.class': 'PostgresSource', 'connection.url': shop.url, mode: 'incrementing',
      'incrementing.column.name': 'id', 'table.whitelist': 'orders', 'topic.prefix': 'shop-', 'poll.interval.ms': '200',
    }),
    c('warehouse-sink', {
      'connector.class': 'PostgresSink', 'connection.url': warehouse.url, topics: 'product-totals',
      'table.name.format': 'product_totals', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'product', 'auto.create': 'true',
    }),
    c('arrow-sink', { 'connector.class': 'ArrowSink', topics: 'orders-enriched', path: arrowDir, 'rotate.records': String(ARROW_ROTATE_RECORDS), 'rotate.interval.ms': '0' }),
  ];
}

/** One run of the whole pipeline: the Connect worker and the SQL engine, until `done()`. */
async function run(fjord: Fjord, dir: string, shop: Database, warehouse: Database, first: boolean, done: () => boolean | Promise<boolean>): Promise<void> {
  const runtime = new LiveRuntime({ fjord, stateDir: join(dir, 'sql-state'), commitIntervalMs: 100 });
  // The second run restores the streams, tables and queries from the command topic.
  const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
  let connect: Standalone | null = null;
  try {
    if (first) await engine.execute(STATEMENTS);
    connect = await startStandalone({
      config: parseWorkerConfig({
        listeners: 'http://127.0.0.1:0',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'offset.flush.interval.ms': '200',
      }),
      clients: fjord,
      // The second run finds them in the config topic too; giving them again just re-applies them.
      connectors: connectors(shop, warehouse, join(dir, 'arrow')),
    });
    await until(first ? 'the first run to be part-way' : 'the second run to finish', done);
  } finally {
    // Stopping cleanly: source offsets flushed, sink offsets and query offsets committed.
    await connect?.close();
    await engine.close();
    await runtime.close();
  }
}

function readArrowIds(arrowDir: string): { files: string[]; ids: number[] } {
  let files: string[] = [];
  try {
    files = readdirSync(arrowDir).filter((f) => f.endsWith('.arrow')).sort();
  } catch {
    return { files, ids: [] };
  }
  const ids = files.flatMap((f) => arrow.tableFromIPC(readFileSync(join(arrowDir, f))).toArray().map((r) => Number((r as { ID: unknown }).ID)));
  return { files, ids };
}

async function totals(db: Database, sql: string): Promise<ProductTotal[]> {
  const { rows } = await db.db.query<Record<string, unknown>>(sql);
  return rows.map((r) => ({ product: String(r.product), orders: Number(r.orders), units: Number(r.units), revenueCents: Number(r.revenue_cents) }));
}

const WAREHOUSE_TOTALS = 'SELECT product, "ORDERS" AS orders, "UNITS" AS units, "REVENUE_CENTS" AS revenue_cents FROM product_totals ORDER BY product';

export async function ordersEtl(): Promise<OrdersEtlResult> {
  const dir = mkdtempSync(join(tmpdir(), 'fjord-orders-etl-'));
  const [shop, warehouse] = await Promise.all([startDatabase(), startDatabase()]);
  const fjord = await Fjord.embedded({ dataDir: join(dir, 'data'), config: { groupInitialRebalanceDelayMs: 0 } });
  try {
    const arrowDir = join(dir, 'arrow');
    await shop.db.exec(CREATE_ORDERS);
    await insertOrders(shop.db, FIRST_BATCH);
    // Stop the first run part-way: as soon as the source has written the first batch, while the
    // queries and sinks are still working through it.
    const sourceDone = async () => [...(await fjord.admin().listOffsets([{ topic: 'shop-orders', partition: 0 }], 'latest')).values()][0]! >= BigInt(FIRST_BATCH.length);
    await run(fjord, dir, shop, warehouse, true, sourceDone);
    const arrowRowsAtStop = readArrowIds(arrowDir).ids.length;

    await insertOrders(shop.db, SECOND_BATCH);
    const total = FIRST_BATCH.length + SECOND_BATCH.length;
    const progress = SinkProgress.open(fjord);
    try {
      await run(fjord, dir, shop, warehouse, false, async () => readArrowIds(arrowDir).ids.length >= total && await progress.done(total));
    } finally {
      await progress.close();
    }

    const { files, ids } = readArrowIds(arrowDir);
    return {
      warehouse: await totals(warehouse, WAREHOUSE_TOTALS),
      expected: await totals(shop, 'SELECT product, COUNT(*) AS orders, SUM(quantity) AS units, SUM(quantity * price_cents) AS revenue_cents FROM orders GROUP BY product ORDER BY product'),
      arrowIds: ids,
      arrowFiles: files,
      arrowRowsAtStop,
    };
  } finally {
    await fjord.close();
    await Promise.all([shop.close(), warehouse.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(_args: string[]): Promise<void> {
  const r = await ordersEtl();
  console.log(`first run stopped once the source had read the first ${FIRST_BATCH.length} orders (${r.arrowRowsAtStop} in Arrow files once it had stopped); ${SECOND_BATCH.length} more inserted; restarted.`);
  console.log('warehouse.product_totals (upserted by product):');
  console.log('  product   orders  units  revenue');
  for (const t of r.warehouse) console.log(`  ${t.product.padEnd(8)}  ${String(t.orders).padStart(6)}  ${String(t.units).padStart(5)}  ${(t.revenueCents / 100).toFixed(2).padStart(8)}`);
  const same = JSON.stringify(r.warehouse) === JSON.stringify(r.expected);
  console.log(`equal to the shop database's own GROUP BY: ${same ? 'yes' : 'NO'}`);
  const unique = new Set(r.arrowIds).size;
  console.log(`Arrow files: ${r.arrowFiles.length}, rows: ${r.arrowIds.length}, distinct order ids: ${unique} (of ${FIRST_BATCH.length + SECOND_BATCH.length})`);
}
