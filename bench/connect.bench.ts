/**
 * Connect throughput (issue: Connect runtime), on an embedded broker:
 * - `connect.file-to-file`: FileStreamSource → topic → FileStreamSink, 100-byte lines with
 *   StringConverter, timed from creating the two connectors until the output holds every line.
 * - `connect.arrow-sink`: a topic of 5-column JSON records (schemaless JsonConverter) → ArrowSink,
 *   timed from creating the connector until its group committed every record (ArrowSink commits
 *   only records in completed, fsynced files).
 * - `connect.postgres-sink`: the same records with a JSON schema envelope → PostgresSink into
 *   PGlite (auto.create, insert), timed until every row is committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Fjord } from '../core/client/fjord.js';
import { startStandalone, type Standalone } from '../connectors/runtime/standalone.js';
import { parseWorkerConfig } from '../connectors/runtime/worker-config.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';
import { produceMany } from './produce-many.js';

const LINES = 500_000;
const LINE_BYTES = 100; // with its newline
const WAIT_POLL_MS = 5;

interface Ctx {
  fjord: Fjord;
  worker: Standalone;
  dir: string;
  run: number;
}

const STRING = 'org.apache.kafka.connect.storage.StringConverter';

async function openWorker(prefix: string, props: Record<string, string> = {}): Promise<Ctx> {
  const dir = tmpDir(prefix);
  const fjord = await Fjord.embedded({ dataDir: path.join(dir, 'data'), config: { offsetsTopicNumPartitions: 1, groupInitialRebalanceDelayMs: 0 } });
  const config = parseWorkerConfig({
    'rest.port': '0', 'rest.host.name': '127.0.0.1', 'key.converter': STRING, 'value.converter': STRING,
    'offset.flush.interval.ms': '1000', 'offset.storage.partitions': '1', 'status.storage.partitions': '1',
    'producer.linger.ms': '5', 'producer.batch.size': '262144', 'consumer.max.poll.records': '10000',
    ...props,
  });
  const worker = await startStandalone({ config, clients: fjord });
  return { fjord, worker, dir, run: 0 };
}

async function closeWorker(ctx: Ctx): Promise<void> {
  await ctx.worker.close();
  await ctx.fjord.close();
}

async function waitForSize(file: string, size: number): Promise<void> {
  while (!fs.existsSync(file) || fs.statSync(file).size < size) await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
}

const fileToFile: Benchmark<Ctx & { input: string }> = {
  name: 'connect.file-to-file',
  unit: 'records/s',
  bytesPerRecord: LINE_BYTES,
  target: '>= 300,000 records/s',
  async setup() {
    const ctx = await openWorker('connect-file');
    const input = path.join(ctx.dir, 'input.txt');
    const line = `${'x'.repeat(LINE_BYTES - 1)}\n`;
    fs.writeFileSync(input, line.repeat(LINES));
    return { ...ctx, input };
  },
  async run(ctx) {
    const n = ctx.run++;
    const output = path.join(ctx.dir, `output-${n}.txt`);
    const { worker } = ctx.worker;
    const size = fs.statSync(ctx.input).size;
    const seconds = await timeIt(async () => {
      await worker.putConnectorConfig(`sink-${n}`, { 'connector.class': 'FileStreamSink', file: output, topics: `lines-${n}` }, false);
      await worker.putConnectorConfig(`source-${n}`, { 'connector.class': 'FileStreamSource', file: ctx.input, topic: `lines-${n}`, 'batch.size': '10000' }, false);
      await waitForSize(output, size);
    });
    await worker.deleteConnector(`source-${n}`);
    await worker.deleteConnector(`sink-${n}`);
    fs.rmSync(output);
    return LINES / seconds;
  },
  teardown: closeWorker,
};

/** Waits until the group `connect-<name>` has committed `count` records; a FAILED task ends the benchmark with its trace. */
async function waitForCommitted(ctx: Ctx, name: string, count: number): Promise<void> {
  const admin = ctx.fjord.admin();
  for (;;) {
    const failed = ctx.worker.worker.status(name).tasks.find((t) => t.state === 'FAILED');
    if (failed) throw new Error(`connector ${name} task ${failed.id} failed: ${failed.trace}`);
    const offsets = await admin.groupOffsets(`connect-${name}`).catch(() => []);
    if (offsets.reduce((sum, o) => sum + Number(o.committed), 0) >= count) return;
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}

const ROW = { id: 123456789, name: 'user-000042', score: 17.25, active: true, ts: 1714564800000 };
const ARROW_RECORDS = 500_000;

const arrowSink: Benchmark<Ctx & { topic: string }> = {
  name: 'connect.arrow-sink',
  unit: 'records/s',
  bytesPerRecord: Buffer.byteLength(JSON.stringify(ROW)),
  target: '>= 300,000 records/s',
  async setup() {
    const ctx = await openWorker('connect-arrow', { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'value.converter.schemas.enable': 'false', 'offset.flush.interval.ms': '200' });
    const topic = 'rows';
    await produceMany(ctx.fjord.producer({ acks: 1, lingerMs: 5, batchSize: 256 * 1024 }), topic, ARROW_RECORDS, Buffer.from(JSON.stringify(ROW)));
    return { ...ctx, topic };
  },
  async run(ctx) {
    const n = ctx.run++;
    const name = `arrow-${n}`;
    const { worker } = ctx.worker;
    const seconds = await timeIt(async () => {
      await worker.putConnectorConfig(name, { 'connector.class': 'ArrowSinkConnector', topics: ctx.topic, path: path.join(ctx.dir, name), 'rotate.records': '100000' }, false);
      await waitForCommitted(ctx, name, ARROW_RECORDS);
    });
    await worker.deleteConnector(name);
    fs.rmSync(path.join(ctx.dir, name), { recursive: true, force: true });
    return ARROW_RECORDS / seconds;
  },
  teardown: closeWorker,
};

const PG_RECORDS = 50_000;
const PG_SCHEMA = {
  type: 'struct', optional: false, fields: [
    { field: 'id', type: 'int64' }, { field: 'name', type: 'string' }, { field: 'score', type: 'float64' },
    { field: 'active', type: 'boolean' }, { field: 'ts', type: 'int64' },
  ],
};

interface PgCtx extends Ctx {
  topic: string;
  url: string;
  stopPostgres(): Promise<void>;
}

const postgresSink: Benchmark<PgCtx> = {
  name: 'connect.postgres-sink',
  unit: 'records/s',
  bytesPerRecord: Buffer.byteLength(JSON.stringify(ROW)),
  runs: 5,
  async setup() {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
    await server.start();
    const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
    const ctx = await openWorker('connect-pg', { 'value.converter': 'org.apache.kafka.connect.json.JsonConverter', 'offset.flush.interval.ms': '200' });
    const topic = 'pg_rows';
    await produceMany(ctx.fjord.producer({ acks: 1, lingerMs: 5, batchSize: 256 * 1024 }), topic, PG_RECORDS, Buffer.from(JSON.stringify({ schema: PG_SCHEMA, payload: ROW })));
    return { ...ctx, topic, url, stopPostgres: async () => { await server.stop(); await db.close(); } };
  },
  async run(ctx) {
    const n = ctx.run++;
    const name = `pg-${n}`;
    const { worker } = ctx.worker;
    const seconds = await timeIt(async () => {
      await worker.putConnectorConfig(name, {
        'connector.class': 'PostgresSinkConnector', topics: ctx.topic, 'connection.url': ctx.url,
        'auto.create': 'true', 'table.name.format': `rows_${n}`, 'batch.size': '3000',
      }, false);
      await waitForCommitted(ctx, name, PG_RECORDS);
    });
    await worker.deleteConnector(name);
    return PG_RECORDS / seconds;
  },
  async teardown(ctx) {
    await closeWorker(ctx);
    await ctx.stopPostgres();
  },
};

export const benchmarks: Benchmark[] = [fileToFile as Benchmark, arrowSink as Benchmark, postgresSink as Benchmark];
