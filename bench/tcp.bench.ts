/**
 * Fjord's client over loopback TCP against a `fjord broker` child process (so client and broker
 * each have a core, as they would on real machines). Records carry 100-byte values.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Fjord } from '../core/client/fjord.js';
import { applyServerGcProfile, SERVER_GC_FLAGS } from '../core/io/gc-profile.js';
import { type Benchmark, brokerNodeArgs, timeIt, tmpDir } from './harness.js';
import { produceMany } from './produce-many.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VALUE = Buffer.alloc(100, 'v');
const PRODUCE_RECORDS = 2_000_000;
const CONSUME_RECORDS = 3_000_000;
const E2E_BYTES_PER_SECOND = 50 * 1024 * 1024;
/** Latency is measured with 1 KiB values: 50 MB/s of 100-byte records is a CPU test on 2 cores. */
const E2E_VALUE = Buffer.alloc(1024, 'e');
const E2E_SECONDS = 4;

interface Ctx {
  broker: ChildProcess;
  fjord: Fjord;
  run: number;
  latenciesMs?: number[];
}

/** Starts `fjord broker` on a free loopback port and connects a client to it. */
async function startBroker(): Promise<Ctx> {
  const dataDir = tmpDir('tcp');
  // FJORD_BENCH_BROKER_NODE_ARGS (e.g. "--trace-gc" or "--cpu-prof"), as in cluster.bench.ts; the
  // broker's stdout goes on to stderr once it listens.
  const nodeArgs = brokerNodeArgs();
  const broker = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'cli/main.ts'), 'broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    broker.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    if (nodeArgs.length > 0) broker.stdout!.on('data', (d: Buffer) => process.stderr.write(d));
    broker.on('exit', (code) => reject(new Error(`fjord broker exited with ${code} before listening`)));
  });
  return { broker, fjord: await Fjord.connect({ bootstrap: address }), run: 0 };
}

async function stopBroker(ctx: Ctx): Promise<void> {
  await ctx.fjord.close();
  const exited = new Promise((r) => ctx.broker.on('exit', r));
  ctx.broker.kill('SIGTERM');
  await exited;
}


const fastProducer = { acks: 1 as const, lingerMs: 5, batchSize: 256 * 1024, bufferMemory: 64 * 1024 * 1024 };

const produce: Benchmark<Ctx> = {
  name: 'tcp.produce',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 1,000,000 records/s',
  setup: startBroker,
  async run(ctx) {
    const topic = `produce-${ctx.run++}`;
    await ctx.fjord.admin().createTopics([{ topic }]);
    const producer = ctx.fjord.producer(fastProducer);
    const seconds = await timeIt(() => produceMany(producer, topic, PRODUCE_RECORDS, VALUE));
    await producer.close();
    return PRODUCE_RECORDS / seconds;
  },
  teardown: stopBroker,
};

const consume: Benchmark<Ctx> = {
  name: 'tcp.consume',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 1,500,000 records/s',
  async setup() {
    const ctx = await startBroker();
    await ctx.fjord.admin().createTopics([{ topic: 'warm' }]);
    const producer = ctx.fjord.producer(fastProducer);
    await produceMany(producer, 'warm', CONSUME_RECORDS, VALUE);
    await producer.close();
    return ctx;
  },
  async run({ fjord }) {
    const consumer = fjord.consumer({ maxPollRecords: 10000, autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'warm', partition: 0 }]);
    let seen = 0;
    let valueBytes = 0;
    const seconds = await timeIt(async () => {
      while (seen < CONSUME_RECORDS) {
        const records = await consumer.poll(1000);
        for (const r of records) valueBytes += r.value!.length;
        seen += records.length;
      }
    });
    if (valueBytes !== CONSUME_RECORDS * VALUE.length) throw new Error(`consumed ${valueBytes} value bytes, expected ${CONSUME_RECORDS * VALUE.length}`);
    await consumer.close();
    return seen / seconds;
  },
  teardown: stopBroker,
};

/**
 * Produces at E2E_BYTES_PER_SECOND for E2E_SECONDS, each value stamped with the send time, while
 * a consumer in this process measures how long each record took to arrive.
 */
async function measureEndToEnd(ctx: Ctx): Promise<number[]> {
  const topic = `e2e-${ctx.run++}`;
  await ctx.fjord.admin().createTopics([{ topic }]);
  const consumer = ctx.fjord.consumer({ autoOffsetReset: 'latest', fetchMaxWaitMs: 100, maxPollRecords: 10000 });
  consumer.assign([{ topic, partition: 0 }]);
  await consumer.position({ topic, partition: 0 });
  // linger.ms 0 for latency; a batch.size that holds a whole burst, so a burst delayed by the
  // event loop goes as one request instead of queueing behind max.in.flight small ones.
  const producer = ctx.fjord.producer({ acks: 1, lingerMs: 0, batchSize: 1_000_000 });
  const total = Math.round((E2E_BYTES_PER_SECOND / E2E_VALUE.length) * E2E_SECONDS);
  const latencies: number[] = [];
  let done = false;
  const receiving = (async () => {
    while (!done || latencies.length < total) {
      const records = await consumer.poll(200);
      const now = process.hrtime.bigint();
      for (const r of records) latencies.push(Number(now - r.value!.readBigUInt64BE(0)) / 1e6);
      if (done && records.length === 0) break;
    }
  })();
  const perMs = E2E_BYTES_PER_SECOND / E2E_VALUE.length / 1000;
  const value = Buffer.from(E2E_VALUE);
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < total; ) {
    // Pace to the target rate: send what is due by now (stamped as sent), then yield.
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e6) * perMs));
    for (; sent < due; sent++) {
      // One value buffer, stamped anew for each record: send() copies the bytes, as a serializer
      // writing into a reused buffer would rely on. (A fresh 1 KiB Buffer per record is 50 MB/s of
      // garbage outside the heap, and the full collections it forces are the latency tail.)
      value.writeBigUInt64BE(process.hrtime.bigint(), 0);
      void producer.send({ topic, value });
    }
    // Sending in 1 ms bursts, as an application loop at this rate would: yielding after every
    // record or two would make each a Produce request of its own (linger.ms=0) and measure
    // per-request overhead instead of latency.
    await new Promise((r) => setTimeout(r, 1));
  }
  await producer.flush();
  done = true;
  await receiving;
  await consumer.close();
  await producer.close();
  return latencies;
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * The latency benchmarks' client process uses Fjord's server GC profile, as a latency-sensitive
 * application is told to (README, Performance); the broker child has it as every `fjord broker`
 * does. FJORD_BENCH_CLIENT_GC=default measures the client with V8's defaults instead. The
 * profile's flags all default to 0 in V8, which is what teardown puts back for the benchmarks
 * that run after these in the same process.
 */
function useClientGcProfile(): void {
  if (process.env.FJORD_BENCH_CLIENT_GC !== 'default') applyServerGcProfile();
}

function restoreClientGcDefaults(): void {
  for (const flag of SERVER_GC_FLAGS) v8.setFlagsFromString(flag.replace(/=.*$/, '=0'));
}

function e2e(name: string, p: number, target: string): Benchmark<Ctx> {
  return {
    name,
    unit: 'ms',
    target,
    async setup() {
      useClientGcProfile();
      return startBroker();
    },
    async run(ctx) {
      return percentile(await measureEndToEnd(ctx), p);
    },
    async teardown(ctx) {
      await stopBroker(ctx);
      restoreClientGcDefaults();
    },
  };
}

export const benchmarks: Benchmark[] = [
  produce,
  consume,
  e2e('tcp.e2e.p50', 50, '<= 1 ms at 50 MB/s'),
  e2e('tcp.e2e.p99', 99, '<= 5 ms at 50 MB/s'),
] as Benchmark[];
