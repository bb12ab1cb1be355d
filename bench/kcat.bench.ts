/**
 * kcat (librdkafka 2.0.2) against a `fjord broker` process over loopback (issue: Kafka wire
 * protocol): `kcat -P -l` producing a file of 1,000,000 lines (100-byte values, no key) and
 * `kcat -C -e` reading them back, in records/s from process start to exit. kcat runs with its
 * defaults (acks=all, linger.ms=5, no compression) into a one-partition topic; its output goes to
 * /dev/null, so the figure is kcat plus the broker, not a pipe reader.
 * Needs kcat (`apt-get install kcat`); without it the setup fails naming the install command.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startBroker, type BrokerProcess } from '../test/third-party/helpers/broker-process.js';
import { createTopic, kafkajsClient, type Admin } from '../test/third-party/helpers/kafkajs-client.js';
import { missingToolMessage, toolAvailable } from '../test/third-party/helpers/tools.js';
import { type Benchmark, timeIt, tmpDir } from './harness.js';

const RECORDS = 1_000_000;
const VALUE_BYTES = 100;
/** A run that takes longer than this is stuck, not slow. */
const runTimeoutMs = 300_000;

interface Ctx {
  broker: BrokerProcess;
  admin: Admin;
  /** RECORDS lines of VALUE_BYTES bytes. */
  file: string;
  run: number;
  /** kcat.consume: the topic holding RECORDS records. */
  topic?: string;
}

/** Runs kcat with stdout to /dev/null; resolves with its stderr, rejects on a non-zero exit. */
function kcat(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const devNull = fs.openSync('/dev/null', 'w');
    const child = spawn('kcat', args, { stdio: ['ignore', devNull, 'pipe'] });
    fs.closeSync(devNull);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), runTimeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && !/Delivery failed|ERROR|FATAL/i.test(stderr)) resolve(stderr);
      else reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

function writeLines(file: string): void {
  const line = Buffer.alloc(VALUE_BYTES + 1, 'v');
  line[VALUE_BYTES] = 0x0a;
  const chunkLines = 10_000;
  const chunk = Buffer.concat(Array.from({ length: chunkLines }, () => line));
  const fd = fs.openSync(file, 'w');
  for (let done = 0; done < RECORDS; done += chunkLines) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

async function setup(): Promise<Ctx> {
  if (!toolAvailable('kcat')) throw new Error(missingToolMessage('kcat'));
  const file = path.join(tmpDir('kcat'), 'lines.txt');
  writeLines(file);
  const broker = await startBroker();
  const admin = kafkajsClient(broker.bootstrap, 'fjord-bench-kcat').admin();
  await admin.connect();
  return { broker, admin, file, run: 0 };
}

async function teardown(ctx: Ctx): Promise<void> {
  await ctx.admin.disconnect();
  const code = await ctx.broker.stop();
  if (code !== 0) throw new Error(`fjord broker exited ${code} on SIGTERM: ${ctx.broker.output().stderr.slice(-2000)}`);
}

/** Produces the file into a new one-partition topic; returns the seconds kcat took. */
async function produceFile(ctx: Ctx, topic: string): Promise<number> {
  await createTopic(ctx.broker.bootstrap, topic, 1);
  const seconds = await timeIt(() => kcat(['-P', '-b', ctx.broker.bootstrap, '-t', topic, '-p', '0', '-l', ctx.file]));
  const [offsets] = await ctx.admin.fetchTopicOffsets(topic);
  if (Number(offsets!.high) !== RECORDS) throw new Error(`kcat produced ${offsets!.high} of ${RECORDS} records to ${topic}`);
  return seconds;
}

const produce: Benchmark<Ctx> = {
  name: 'kcat.produce',
  unit: 'records/s',
  bytesPerRecord: VALUE_BYTES,
  setup,
  async run(ctx) {
    const topic = `kcat-produce-${ctx.run++}`;
    const seconds = await produceFile(ctx, topic);
    await ctx.admin.deleteTopics({ topics: [topic] }); // 100 MB a run is enough to keep around
    return RECORDS / seconds;
  },
  teardown,
};

const consume: Benchmark<Ctx> = {
  name: 'kcat.consume',
  unit: 'records/s',
  bytesPerRecord: VALUE_BYTES,
  async setup() {
    const ctx = await setup();
    ctx.topic = 'kcat-consume';
    await produceFile(ctx, ctx.topic);
    return ctx;
  },
  async run(ctx) {
    let stderr = '';
    const seconds = await timeIt(async () => {
      stderr = await kcat(['-C', '-b', ctx.broker.bootstrap, '-t', ctx.topic!, '-o', 'beginning', '-e']);
    });
    // kcat -e ends with "Reached end of topic T [0] at offset N: exiting".
    const end = /at offset (\d+): exiting/.exec(stderr);
    if (end === null || Number(end[1]) !== RECORDS) throw new Error(`kcat -C stopped early: ${stderr.slice(-500)}`);
    return RECORDS / seconds;
  },
  teardown,
};

export const benchmarks: Benchmark[] = [produce, consume];
