/**
 * fraud-detection: card transactions (a stream) joined with customers (a table) in SQL; a
 * one-minute tumbling window flags cards with more than MAX_PER_MINUTE transactions
 * (`HAVING COUNT(*) > n`, `EMIT FINAL`). The alerts land in a topic, and the HTTP sink
 * connector POSTs them to a small HTTP server this example starts on a free port; the alerts
 * that server received are the result. Embedded broker in a temporary directory; nothing is
 * left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fjord } from '../../core/client/fjord.js';
import { parseWorkerConfig } from '../../connectors/runtime/worker-config.js';
import { startStandalone } from '../../connectors/runtime/standalone.js';
import { SqlEngine } from '../../sql/engine/engine.js';
import { LiveRuntime } from '../../sql/live/live-runtime.js';
import { CUSTOMERS, T0_MS, TRANSACTIONS } from './data.js';

/** A card is flagged when it has more transactions than this in one minute. */
export const MAX_PER_MINUTE = 3;

/** One alert as the HTTP server received it (the ALERTS topic's value). */
export interface Alert {
  readonly CARD: string;
  readonly NAME: string;
  readonly COUNTRY: string;
  readonly TX_COUNT: number;
  readonly TOTAL: number;
  readonly WINDOW_START: number;
}

const STATEMENTS = `
  CREATE TABLE customers (card_id STRING PRIMARY KEY, name STRING, country STRING)
    WITH (kafka_topic='customers', value_format='JSON', partitions=1);
  CREATE STREAM transactions (card_id STRING KEY, tx_id STRING, amount DOUBLE, ts BIGINT)
    WITH (kafka_topic='transactions', value_format='JSON', partitions=1, timestamp='ts');
  CREATE STREAM enriched AS
    SELECT t.card_id AS card_id, t.tx_id AS tx_id, t.amount AS amount, c.name AS name, c.country AS country
    FROM transactions t JOIN customers c ON t.card_id = c.card_id;
  CREATE TABLE fraud_alerts WITH (kafka_topic='fraud-alerts', value_format='JSON') AS
    SELECT card_id, AS_VALUE(card_id) AS card, LATEST_BY_OFFSET(name) AS name, LATEST_BY_OFFSET(country) AS country,
           COUNT(*) AS tx_count, SUM(amount) AS total, WINDOWSTART AS window_start
    FROM enriched WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 0 SECONDS)
    GROUP BY card_id
    HAVING COUNT(*) > ${MAX_PER_MINUTE}
    EMIT FINAL;`;

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`fraud-detection: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A local HTTP server collecting the JSON arrays POSTed to it. */
async function startAlertServer(): Promise<{ server: Server; url: string; received: Alert[] }> {
  const received: Alert[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as (Alert | null)[];
      // A deleted row (tombstone) would arrive as null; the alerts are the rows.
      for (const alert of body) if (alert !== null) received.push(alert);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/alerts`, received };
}

/** Runs the pipeline on the bundled data; returns the alerts the HTTP server received. */
export async function fraudDetection(): Promise<Alert[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fjord-fraud-'));
  const fjord = await Fjord.embedded({ dataDir: join(dir, 'data'), config: { groupInitialRebalanceDelayMs: 0 } });
  const http = await startAlertServer();
  try {
    const runtime = new LiveRuntime({ fjord, stateDir: join(dir, 'sql-state'), commitIntervalMs: 100 });
    const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
    try {
      await engine.execute(STATEMENTS);
      await produceInput(fjord);
      const connect = await startStandalone({
        config: parseWorkerConfig({
          listeners: 'http://127.0.0.1:0',
          'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
          'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
          'value.converter.schemas.enable': 'false',
          'offset.flush.interval.ms': '1000',
        }),
        clients: fjord,
        connectors: [{ name: 'alerts-webhook', config: { name: 'alerts-webhook', 'connector.class': 'HttpSink', topics: 'fraud-alerts', 'http.url': http.url, 'tasks.max': '1' } }],
      });
      try {
        await until('the alerts to reach the HTTP server', () => http.received.length >= EXPECTED_ALERTS);
        // Give a wrong extra alert the chance to show up before we answer.
        await new Promise((r) => setTimeout(r, 500));
      } finally {
        await connect.close();
      }
      return [...http.received].sort((a, b) => a.WINDOW_START - b.WINDOW_START || a.CARD.localeCompare(b.CARD));
    } finally {
      await engine.close();
      await runtime.close();
    }
  } finally {
    await new Promise((r) => http.server.close(r));
    await fjord.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundled data yields this many alerts (see data.ts). */
export const EXPECTED_ALERTS = 2;

async function produceInput(fjord: Fjord): Promise<void> {
  const producer = fjord.producer();
  // Customers first, and timestamped before every transaction: a stream-table join looks the
  // table up as of each stream record, so the table rows must come (in time) before them.
  for (const c of CUSTOMERS) await producer.send({ topic: 'customers', key: c.card_id, value: JSON.stringify({ name: c.name, country: c.country }), timestamp: T0_MS - 3_600_000 });
  await new Promise((r) => setTimeout(r, 500));
  for (const t of TRANSACTIONS) await producer.send({ topic: 'transactions', key: t.card_id, value: JSON.stringify({ tx_id: t.tx_id, amount: t.amount, ts: t.ts }), timestamp: t.ts });
  await producer.close();
}

export async function main(_args: string[]): Promise<void> {
  const alerts = await fraudDetection();
  console.log(`${TRANSACTIONS.length} transactions on ${CUSTOMERS.length} cards; more than ${MAX_PER_MINUTE} in a minute raises an alert.`);
  console.log('alerts received by the HTTP sink:');
  console.log('  minute (UTC)  card    name            country  transactions  total');
  for (const a of alerts) {
    const minute = new Date(a.WINDOW_START).toISOString().slice(11, 16);
    console.log(`  ${minute.padEnd(12)}  ${a.CARD.padEnd(6)}  ${a.NAME.padEnd(14)}  ${a.COUNTRY.padEnd(7)}  ${String(a.TX_COUNT).padStart(12)}  ${a.TOTAL.toFixed(2).padStart(7)}`);
  }
}
