/**
 * Embedded-mode throughput and footprint (issue: Foundation). Records carry 100-byte values and
 * no key, one partition. Producers bound their unacknowledged sends (bench/produce-many.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Fjord } from '../core/client/fjord.js';
import type { ProducerConfig } from '../core/client/producer-config.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';
import { produceMany } from './produce-many.js';

export const VALUE = Buffer.alloc(100, 'v');
const PRODUCE_RECORDS = 2_000_000;
const CONSUME_RECORDS = 3_000_000;
export const FAST_PRODUCER: Partial<ProducerConfig> = { acks: 1, lingerMs: 5, batchSize: 256 * 1024, bufferMemory: 64 * 1024 * 1024 };


interface Ctx {
  fjord: Fjord;
  run: number;
}

async function openCtx(config: Record<string, string> = {}): Promise<Ctx & { topicConfig: Record<string, string> }> {
  const fjord = await Fjord.embedded({ dataDir: tmpDir('embedded'), config: { offsetsTopicNumPartitions: 1 } });
  return { fjord, run: 0, topicConfig: config };
}

async function produceRun(ctx: Ctx & { topicConfig: Record<string, string> }): Promise<number> {
  const topic = `produce-${ctx.run++}`;
  await ctx.fjord.admin().createTopics([{ topic, configs: ctx.topicConfig }]);
  const producer = ctx.fjord.producer(FAST_PRODUCER);
  const seconds = await timeIt(() => produceMany(producer, topic, PRODUCE_RECORDS, VALUE));
  await ctx.fjord.admin().deleteTopics([topic]);
  return PRODUCE_RECORDS / seconds;
}

const produce: Benchmark<Ctx & { topicConfig: Record<string, string> }> = {
  name: 'embedded.produce',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 2,000,000 records/s',
  setup: () => openCtx(),
  run: produceRun,
  teardown: (ctx) => ctx.fjord.close(),
};

const produceFsync: Benchmark<Ctx & { topicConfig: Record<string, string> }> = {
  name: 'embedded.produce.fsync',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 1,000,000 records/s',
  // ~16 MiB of 100-byte-value records (about 110 bytes each on disk) between fsyncs.
  setup: () => openCtx({ 'flush.messages': String(Math.round((16 * 1024 * 1024) / 110)) }),
  run: produceRun,
  teardown: (ctx) => ctx.fjord.close(),
};

const consume: Benchmark<Ctx> = {
  name: 'embedded.consume',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 3,000,000 records/s',
  async setup() {
    const ctx = await openCtx();
    await produceMany(ctx.fjord.producer(FAST_PRODUCER), 'warm', CONSUME_RECORDS, VALUE);
    return ctx;
  },
  async run({ fjord }) {
    // Kafka's default fetch sizes: larger fetches keep more records alive and GC costs more than it saves.
    const consumer = fjord.consumer({ maxPollRecords: 10000, autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'warm', partition: 0 }]);
    let seen = 0;
    let checksum = 0;
    const seconds = await timeIt(async () => {
      while (seen < CONSUME_RECORDS) {
        const records = await consumer.poll(1000);
        for (const r of records) checksum += r.value!.length;
        seen += records.length;
      }
    });
    if (checksum !== CONSUME_RECORDS * VALUE.length) throw new Error(`consumed ${checksum} value bytes, expected ${CONSUME_RECORDS * VALUE.length}`);
    await consumer.close();
    return seen / seconds;
  },
  teardown: (ctx) => ctx.fjord.close(),
};

interface RssChild {
  child: ChildProcess;
  lines: AsyncIterator<string>;
}

/** RSS of a process of its own (`rss-child.ts`) that holds an embedded broker and produces into it. */
const memory: Benchmark<RssChild> = {
  name: 'embedded.produce.rss',
  unit: 'MB',
  runs: 5,
  target: '< 300 MB after 20,000,000 records',
  async setup() {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'rss-child.ts'), tmpDir('embedded-rss')], { stdio: ['pipe', 'pipe', 'inherit'] });
    return { child, lines: readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
  },
  async run({ child, lines }) {
    // Each run adds 4M records to one topic: after five runs the log holds 20M.
    child.stdin!.write('produce\n');
    const line = await lines.next();
    if (line.done) throw new Error(`rss-child exited (code ${child.exitCode}) before answering`);
    return Number(line.value);
  },
  async teardown({ child }) {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin!.end();
    await exited;
  },
};

const restart: Benchmark<{ dataDir: string }> = {
  name: 'embedded.restart',
  unit: 'ms',
  target: '< 2000 ms to open a cleanly closed 5 GB log',
  async setup() {
    const dataDir = tmpDir('restart');
    const fjord = await Fjord.embedded({ dataDir, config: { offsetsTopicNumPartitions: 1 } });
    const producer = fjord.producer({ ...FAST_PRODUCER, batchSize: 1_000_000 });
    // 5.2M records of ~1 KB: just over 5 GB.
    await produceMany(producer, 'huge', 5 * 1024 * 1024 + 200_000, Buffer.alloc(1000, 'r'));
    await fjord.close();
    const logDir = path.join(dataDir, 'huge-0');
    const bytes = fs.readdirSync(logDir).reduce((sum, f) => sum + fs.statSync(path.join(logDir, f)).size, 0);
    if (bytes < 5 * 1000 ** 3) throw new Error(`the restart benchmark needs a log of at least 5 GB, made ${bytes} bytes`);
    process.stderr.write(`embedded.restart: log of ${(bytes / 1024 ** 3).toFixed(2)} GiB in ${fs.readdirSync(logDir).filter((f) => f.endsWith('.log')).length} segments\n`);
    return { dataDir };
  },
  async run({ dataDir }) {
    let fjord: Fjord | null = null;
    const seconds = await timeIt(async () => {
      fjord = await Fjord.embedded({ dataDir, config: { offsetsTopicNumPartitions: 1 } });
    });
    await (fjord as Fjord | null)?.close();
    return seconds * 1000;
  },
  async teardown({ dataDir }) {
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
};

export const benchmarks: Benchmark[] = [produce, consume, produceFsync, memory, restart] as Benchmark[];
