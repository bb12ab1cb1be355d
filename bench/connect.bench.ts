/**
 * Connect throughput (issue: Connect runtime). `connect.file-to-file`: FileStreamSource → topic →
 * FileStreamSink on an embedded broker, 100-byte lines with StringConverter, timed from creating
 * the two connectors until the output file holds every line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Fjord } from '../core/client/fjord.js';
import { startStandalone, type Standalone } from '../connectors/runtime/standalone.js';
import { parseWorkerConfig } from '../connectors/runtime/worker-config.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';

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

export const benchmarks: Benchmark[] = [fileToFile as Benchmark];
