import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Fjord } from '../../../../core/client/fjord.js';
import { tpKey } from '../../../../core/client/record-types.js';
import { serveBroker } from '../../../helpers/transports.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'crash-app.ts');
const KEYS = 40;
const WINDOW_MS = 1000;

interface App {
  child: ChildProcess;
  processed: () => number;
  commits: () => number;
  tasks: () => number;
  exited: Promise<void>;
}

function startApp(bootstrap: string, stateDir: string, sessionTimeoutMs = 6000): App {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, bootstrap, stateDir, String(sessionTimeoutMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let processed = 0;
  let commits = 0;
  let tasks = 0;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    for (const m of d.toString().matchAll(/processed (\d+) commits (\d+) tasks (\d+)/g)) {
      processed = Number(m[1]);
      commits = Number(m[2]);
      tasks = Number(m[3]);
    }
  });
  const exited = new Promise<void>((resolve, reject) => child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve() : reject(new Error(`streams app exited ${code}: ${stderr}`)))));
  return { child, processed: () => processed, commits: () => commits, tasks: () => tasks, exited };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function latest(fjord: Fjord, topic: string): Promise<Map<string, number>> {
  const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
  const tps = [0, 1].map((partition) => ({ topic, partition }));
  consumer.assign(tps);
  const ends = await fjord.admin().listOffsets(tps, 'latest');
  const out = new Map<string, number>();
  const positions = new Map<number, bigint>();
  const done = () => tps.every((tp) => (positions.get(tp.partition) ?? 0n) >= (ends.get(tpKey(topic, tp.partition)) ?? 0n));
  const deadline = Date.now() + 20000;
  while (!done() && Date.now() < deadline) {
    for (const r of await consumer.poll(200)) {
      out.set(r.key!.toString(), JSON.parse(r.value!.toString()) as number);
      positions.set(r.partition, r.offset + 1n);
    }
  }
  await consumer.close();
  return out;
}

describe('FjordStreams crash safety', function () {
  this.timeout(120000);
  /** Closed after each test even when an assertion fails, so nothing keeps mocha alive. */
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
    cleanup = [];
  });
  const track = (app: App): App => {
    cleanup.push(async () => {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    });
    return app;
  };

  /** A TCP broker with the app's topics, a client and a producer, all closed after the test. */
  const startBroker = async () => {
    const broker = await serveBroker();
    cleanup.push(() => broker.close());
    const fjord = await Fjord.connect({ bootstrap: broker.bootstrap });
    cleanup.push(() => fjord.close());
    await fjord.admin().createTopics(['crash-in', 'crash-counts', 'crash-windows'].map((topic) => ({ topic, numPartitions: 2 })));
    const producer = fjord.producer();
    cleanup.push(() => producer.close());
    return { broker, fjord, producer };
  };

  it('a SIGKILLed instance restarts from committed offsets and restored state; final aggregates equal a plain count', async () => {
    const { broker, fjord, producer } = await startBroker();
    const expectedCounts = new Map<string, number>();
    const expectedWindows = new Map<string, number>();
    let sent = 0;
    const produce = async (n: number) => {
      for (let i = 0; i < n; i++, sent++) {
        const key = `k${sent % KEYS}`;
        const ts = sent * 7;
        expectedCounts.set(key, (expectedCounts.get(key) ?? 0) + 1);
        const w = `${key}@${Math.floor(ts / WINDOW_MS) * WINDOW_MS}`;
        expectedWindows.set(w, (expectedWindows.get(w) ?? 0) + 1);
        void producer.send({ topic: 'crash-in', key, value: String(sent), timestamp: ts });
      }
      await producer.flush();
    };
    const stateDir = tmpDir();
    await produce(4000);
    // First run: killed mid-stream, after a few commits but long before the input is done.
    const first = track(startApp(broker.bootstrap, stateDir));
    await waitFor(() => first.commits() >= 3 && first.processed() > 0, 'the first run to commit');
    await produce(4000);
    if (process.env.FJORD_DEBUG) console.log(`first run killed after ${first.processed()} of ${sent}`);
    first.child.kill('SIGKILL');
    await first.exited;
    await produce(4000);
    // Second run: same state dir (checkpoint + changelog), killed again.
    const second = track(startApp(broker.bootstrap, stateDir));
    await waitFor(() => second.commits() >= 3, 'the second run to commit');
    if (process.env.FJORD_DEBUG) console.log(`second run killed after ${second.processed()} (since its start) of ${sent}`);
    second.child.kill('SIGKILL');
    await second.exited;
    await produce(4000);
    // Third run on an empty state dir: everything comes back from the changelogs; runs to the end.
    const third = track(startApp(broker.bootstrap, tmpDir()));
    const total = sent;
    await waitFor(() => third.commits() >= 2, 'the third run to start');
    const endCounts = () => latest(fjord, 'crash-counts');
    let counts = await endCounts();
    const deadline = Date.now() + 60000;
    while ([...counts.values()].reduce((a, b) => a + b, 0) < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      counts = await endCounts();
    }
    third.child.kill('SIGTERM');
    await third.exited;
    expect(Object.fromEntries([...counts].sort()), 'count per key').to.deep.equal(Object.fromEntries([...expectedCounts].sort()));
    const windows = await latest(fjord, 'crash-windows');
    expect(Object.fromEntries([...windows].sort()), 'count per key and window').to.deep.equal(Object.fromEntries([...expectedWindows].sort()));
  });

  it('when one of two instances is SIGKILLed, the other takes over its tasks with state restored from the changelogs', async () => {
    const { broker, fjord, producer } = await startBroker();
    const expected = new Map<string, number>();
    let sent = 0;
    const produce = async (n: number) => {
      for (let i = 0; i < n; i++, sent++) {
        const key = `k${sent % KEYS}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
        void producer.send({ topic: 'crash-in', key, value: String(sent), timestamp: sent * 7 });
      }
      await producer.flush();
    };
    await produce(3000);
    const a = track(startApp(broker.bootstrap, tmpDir(), 3000));
    const b = track(startApp(broker.bootstrap, tmpDir(), 3000));
    // One sub-topology on a two-partition input: two tasks, one per instance.
    // (An instance may own its task without committing: the other may have processed its partition before the rebalance.)
    await waitFor(() => a.tasks() === 1 && b.tasks() === 1, 'both instances to own a task');
    await produce(3000);
    b.child.kill('SIGKILL');
    await b.exited;
    await produce(3000);
    await waitFor(() => a.tasks() === 2, 'the survivor to take over the dead instance\'s task');
    let counts = await latest(fjord, 'crash-counts');
    const deadline = Date.now() + 60000;
    while ([...counts.values()].reduce((x, y) => x + y, 0) < sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      counts = await latest(fjord, 'crash-counts');
    }
    a.child.kill('SIGTERM');
    await a.exited;
    expect(Object.fromEntries([...counts].sort())).to.deep.equal(Object.fromEntries([...expected].sort()));
  });
});
