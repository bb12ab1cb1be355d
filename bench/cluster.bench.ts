/**
 * A replicated cluster on this machine: three `fjord broker` child processes, each a combined
 * broker + controller (as `fjord cluster dev` runs them) with default timings, and Fjord's
 * client (kafka transport) in this process.
 *
 * - `cluster.produce.rf3`: one producer, acks=all, 100-byte values, to a topic with replication
 *   factor 3 and ONE partition (so every record goes through one leader and two followers: the
 *   replication path, not partition parallelism, is measured). p50/p99 are the produce latency
 *   (send → acknowledgement) of records sent at a paced rate while measuring throughput is not.
 * - `cluster.failover`: a producer sends one acks=all record after another; the partition's
 *   leader is SIGKILLed; the figure is the time from the kill to the first acknowledgement of a
 *   send made after it. The killed broker is restarted and back in the ISR before the next run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from '../core/io/free-port.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DescribeResult } from '../core/cluster/node/controller-api.js';
import { ControllerClient } from '../core/cluster/node/controller-client.js';
import { parseControllerQuorum } from '../core/cluster/raft/config.js';
import { Fjord } from '../core/client/fjord.js';
import type { Producer } from '../core/client/producer.js';
import { type Benchmark, brokerNodeArgs, timeIt, tmpDir } from './harness.js';
import { produceMany } from './produce-many.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VALUE = Buffer.alloc(100, 'v');
const PRODUCE_RECORDS = 1_000_000;
const WARM_UP_RECORDS = 200_000;
/** Records the rf3 producer may have unacknowledged (FJORD_BENCH_RF3_WINDOW overrides, for comparisons). */
const RF3_WINDOW = Number(process.env.FJORD_BENCH_RF3_WINDOW ?? 20_000);
/** Partitions of the cluster.produce.rf3 topic (FJORD_BENCH_RF3_PARTITIONS overrides, for comparisons). */
const RF3_PARTITIONS = Number(process.env.FJORD_BENCH_RF3_PARTITIONS ?? 1);
const LATENCY_RECORDS_PER_SECOND = 20_000;
const LATENCY_SECONDS = 3;
const BROKERS = [1, 2, 3] as const;
const START_TIMEOUT_MS = 60_000;

interface BrokerProc {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

interface Cluster {
  readonly ports: number[];
  readonly quorum: string;
  readonly dirs: string[];
  readonly procs: Map<number, BrokerProc>;
  readonly fjord: Fjord;
  run: number;
  latenciesMs?: number[];
}


/** FJORD_BENCH_BROKER_LOGS=1: the brokers' --verbose logs on stderr, each line stamped with the time. */
const logs = process.env.FJORD_BENCH_BROKER_LOGS === '1';

function stamped(id: number, d: Buffer): string {
  const at = new Date().toISOString().slice(11, 23);
  return d.toString().split('\n').filter(Boolean).map((line) => `${at} [${id}] ${line}\n`).join('');
}

function startBroker(c: Pick<Cluster, 'ports' | 'quorum' | 'dirs'>, id: number): Promise<BrokerProc> {
  const child = spawn(process.execPath, [
    ...brokerNodeArgs(), '--import', 'tsx', path.join(root, 'cli/main.ts'), 'broker', '--node-id', String(id),
    '--listen', `127.0.0.1:${c.ports[id - 1]}`, '--controller-quorum', c.quorum, '--data-dir', c.dirs[id - 1]!,
    '--default-replication-factor', '3', ...(logs ? ['--verbose'] : []),
  ], { cwd: root, stdio: ['ignore', 'pipe', logs ? 'pipe' : 'ignore'] });
  if (logs) child.stderr!.on('data', (d: Buffer) => process.stderr.write(stamped(id, d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`broker ${id} did not listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      if (logs) process.stderr.write(stamped(id, d));
      out += d.toString();
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve({ child, exited });
      }
    });
    void exited.then(() => reject(new Error(`broker ${id} exited while starting`)));
  });
}

async function startCluster(): Promise<Cluster> {
  const ports: number[] = [];
  for (let i = 0; i < BROKERS.length * 2; i++) ports.push(await freePort());
  const quorum = BROKERS.map((id) => `${id}@127.0.0.1:${ports[BROKERS.length + id - 1]}`).join(',');
  const dirs = BROKERS.map((id) => tmpDir(`cluster-${id}`));
  const base = { ports, quorum, dirs };
  const procs = new Map<number, BrokerProc>();
  await Promise.all(BROKERS.map(async (id) => procs.set(id, await startBroker(base, id))));
  const fjord = await Fjord.connect({ bootstrap: BROKERS.map((id) => `127.0.0.1:${ports[id - 1]}`).join(',') });
  return { ...base, procs, fjord, run: 0 };
}

async function stopCluster(c: Cluster): Promise<void> {
  await c.fjord.close();
  await Promise.all([...c.procs.values()].map(async (p) => {
    p.child.kill('SIGTERM');
    await p.exited;
  }));
}

/** CPU time (user + system, ms) used so far by each broker process and by this one. */
function cpuMs(c: Cluster): Map<number | 'client', number> {
  const out = new Map<number | 'client', number>();
  const ticksPerMs = 100 / 1000; // USER_HZ: Linux reports /proc times in 1/100 s
  for (const [id, p] of c.procs) {
    try {
      const fields = fs.readFileSync(`/proc/${p.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(id, (Number(fields[11]) + Number(fields[12])) / ticksPerMs); // utime, stime
    } catch {
      out.set(id, NaN); // not Linux
    }
  }
  const own = process.cpuUsage();
  out.set('client', (own.user + own.system) / 1000);
  return out;
}

async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const endMs = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch {
      // not yet (e.g. no controller elected)
    }
    if (Date.now() > endMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates a replication-factor-3 topic (retrying while brokers register) and waits for its full ISR. */
async function createTopic(c: Cluster, topic: string, partitions = 1): Promise<void> {
  const admin = c.fjord.admin();
  await until('the topic created', async () => {
    try {
      await admin.createTopics([{ topic, numPartitions: partitions, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
    } catch (err) {
      if (!(err as Error).message.includes('TOPIC_ALREADY_EXISTS')) throw err;
    }
    return true;
  });
  // The broker asked may not know the new topic yet (metadata reaches brokers eventually, as in
  // Kafka): UNKNOWN_TOPIC_OR_PARTITION then means "not yet".
  await until('a full ISR', async () => {
    try {
      return (await admin.describeTopics([topic]))[0]!.partitions.every((p) => p.isr.length === 3 && p.leader >= 0);
    } catch (err) {
      if ((err as Error).message.includes('UNKNOWN_TOPIC_OR_PARTITION')) return false;
      throw err;
    }
  });
}

const rf3Producer = { acks: 'all' as const, lingerMs: 5, batchSize: 256 * 1024, bufferMemory: 64 * 1024 * 1024 };

const produceRf3: Benchmark<Cluster> = {
  name: 'cluster.produce.rf3',
  unit: 'records/s',
  bytesPerRecord: 100,
  target: '>= 300,000 records/s',
  async setup() {
    const c = await startCluster();
    // Not timed: the brokers' and the client's JIT warm up on a topic of its own, so the first
    // run is not slower than the rest for that reason alone.
    await createTopic(c, 'rf3-warm-up');
    const producer = c.fjord.producer(rf3Producer);
    await produceMany(producer, 'rf3-warm-up', WARM_UP_RECORDS, VALUE, RF3_WINDOW);
    await producer.close();
    return c;
  },
  async run(c) {
    const topic = `rf3-${c.run++}`;
    await createTopic(c, topic, RF3_PARTITIONS);
    const producer = c.fjord.producer(rf3Producer);
    const leader = (await c.fjord.admin().describeTopics([topic]))[0]!.partitions[0]!.leader;
    const cpuBefore = cpuMs(c);
    const seconds = await timeIt(() => produceMany(producer, topic, PRODUCE_RECORDS, VALUE, RF3_WINDOW));
    const cpuAfter = cpuMs(c);
    await producer.close();
    // CPU time per million records, per process: a figure the shared machine's noise hardly moves.
    const per = (id: number | 'client') => ((cpuAfter.get(id)! - cpuBefore.get(id)!) * 1e6) / PRODUCE_RECORDS;
    process.stderr.write(`  cpu ms per 1M records: client ${per('client').toFixed(0)}, leader ${per(leader).toFixed(0)}, followers ${BROKERS.filter((id) => id !== leader).map((id) => per(id).toFixed(0)).join(' / ')}\n`);
    return PRODUCE_RECORDS / seconds;
  },
  teardown: stopCluster,
};

/** Sends at a steady rate for LATENCY_SECONDS, timing each send → acknowledgement. */
async function measureLatency(c: Cluster): Promise<number[]> {
  const topic = `rf3-latency-${c.run++}`;
  await createTopic(c, topic);
  const producer = c.fjord.producer({ acks: 'all', lingerMs: 0, batchSize: 1_000_000 });
  await producer.send({ topic, value: VALUE }); // connections and metadata
  const total = LATENCY_RECORDS_PER_SECOND * LATENCY_SECONDS;
  const perMs = LATENCY_RECORDS_PER_SECOND / 1000;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e6) * perMs));
    for (; sent < due; sent++) {
      const t0 = process.hrtime.bigint();
      pending.push(producer.send({ topic, value: VALUE }).then(() => void latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)));
    }
    await new Promise((r) => setTimeout(r, 1)); // 1 ms bursts, as in tcp.e2e
  }
  await Promise.all(pending);
  await producer.close();
  return latencies;
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latency(name: string, p: number, target: string): Benchmark<Cluster> {
  return {
    name, unit: 'ms', target, setup: startCluster, teardown: stopCluster,
    async run(c) {
      return percentile(await measureLatency(c), p);
    },
  };
}

/** Sends one record after another to one partition until `stop()`; remembers when each was sent and acknowledged. */
function steadySender(producer: Producer, topic: string, partition: number): { acks: bigint[]; stop: () => Promise<void> } {
  const acks: bigint[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const sentAt = process.hrtime.bigint();
      await producer.send({ topic, partition, value: VALUE });
      acks.push(sentAt, process.hrtime.bigint());
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return { acks, stop: async () => { stopped = true; await loop; } };
}

/** The active controller's id (the Raft leader the quorum reports). */
async function activeController(c: Cluster): Promise<number> {
  const client = new ControllerClient(parseControllerQuorum(c.quorum));
  try {
    return (await client.call<DescribeResult>('describe', {}, 5000)).leaderId;
  } finally {
    client.close();
  }
}

/**
 * One failover: picks a partition of the three-partition topic `failover` whose leader is (or is
 * not) the active controller, sends to it steadily, SIGKILLs that leader, and returns the ms from
 * the kill to the first acknowledgement of a send made after it. Then restarts the broker and
 * waits for the full ISR everywhere (not timed).
 */
async function failoverOnce(c: Cluster, killController: boolean): Promise<number> {
  const admin = c.fjord.admin();
  await until('a full ISR', async () => (await admin.describeTopics(['failover']))[0]!.partitions.every((p) => p.isr.length === 3 && p.leader >= 0));
  const controller = await activeController(c);
  const partitions = (await admin.describeTopics(['failover']))[0]!.partitions;
  const target = partitions.find((p) => (p.leader === controller) === killController);
  if (target === undefined) throw new Error(`no partition of 'failover' is led by ${killController ? '' : 'a broker other than '}the active controller ${controller}`);
  const { leader, partition } = target;
  const producer = c.fjord.producer({ acks: 'all', lingerMs: 0 });
  await producer.send({ topic: 'failover', partition, value: VALUE });
  const sender = steadySender(producer, 'failover', partition);
  await new Promise((r) => setTimeout(r, 300));
  const proc = c.procs.get(leader)!;
  const killedAt = process.hrtime.bigint();
  if (logs) process.stderr.write(`${new Date().toISOString().slice(11, 23)} SIGKILL broker ${leader}\n`);
  proc.child.kill('SIGKILL');
  await proc.exited;
  c.procs.delete(leader);
  const firstAck = await until('a send acknowledged after the kill', async () => {
    for (let i = 0; i < sender.acks.length; i += 2) if (sender.acks[i]! > killedAt) return sender.acks[i + 1]!;
    return undefined;
  });
  await sender.stop();
  await producer.close();
  const ms = Number(firstAck - killedAt) / 1e6;
  process.stderr.write(`  killed broker ${leader} (leader of failover-${partition}${leader === controller ? ', the active controller' : ''}): ${ms.toFixed(0)} ms\n`);
  c.procs.set(leader, await startBroker(c, leader));
  await until('the restarted broker back in the ISR', async () => (await admin.describeTopics(['failover']))[0]!.partitions.every((p) => p.isr.length === 3));
  // Spread leadership again (preferred leaders), so every run finds both kinds of partition.
  const client = new ControllerClient(parseControllerQuorum(c.quorum));
  try {
    await client.call('electLeaders', {}, 10_000);
  } finally {
    client.close();
  }
  return ms;
}

function failover(name: string, killController: boolean): Benchmark<Cluster> {
  return {
    name,
    unit: 'ms',
    target: '< 3000 ms',
    async setup() {
      const c = await startCluster();
      await createTopic(c, 'failover', 3);
      return c;
    },
    run: (c) => failoverOnce(c, killController),
    teardown: stopCluster,
  };
}

export const benchmarks: Benchmark[] = [
  produceRf3,
  latency('cluster.produce.rf3.p50', 50, 'report'),
  latency('cluster.produce.rf3.p99', 99, 'report'),
  failover('cluster.failover', false),
  failover('cluster.failover.controller', true),
] as Benchmark[];
