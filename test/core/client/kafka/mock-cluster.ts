/**
 * librdkafka's built-in mock cluster (Debian's python3-confluent-kafka), a Kafka-protocol broker
 * nobody here wrote, started by fixtures/mock-cluster.py and stopped by closing its stdin.
 * Without confluent_kafka the tests are skipped with the install hint, except under CI=true,
 * where a missing tool fails the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's python3-confluent-kafka imports only with Debian's own interpreter. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'mock-cluster.py');
const INSTALL_HINT = 'apt-get install python3-confluent-kafka';
const START_TIMEOUT_MS = 20_000;

export interface MockCluster {
  /** host:port,host:port,... */
  bootstrap: string;
  stop(): Promise<void>;
}

let available: boolean | undefined;

function confluentKafkaAvailable(): boolean {
  available ??= spawnSync(PYTHON, ['-c', 'import confluent_kafka'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return available;
}

/**
 * For a `before` hook: returns if confluent_kafka imports; otherwise skips the suite (titles
 * name the install command) or, under CI=true, fails.
 */
export function requireConfluentKafka(ctx: Mocha.Context): void {
  if (confluentKafkaAvailable()) return;
  const message = `python3-confluent-kafka is not available; install it with: ${INSTALL_HINT}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: the librdkafka mock cluster tests are required)`);
  const suite = ctx.test?.parent;
  for (const test of suite?.tests ?? []) test.title += ` [skipped: ${message}]`;
  ctx.skip();
}

/** Starts a mock cluster of `brokers` brokers and resolves with its bootstrap list. */
export function startMockCluster(brokers: number): Promise<MockCluster> {
  const child = spawn(PYTHON, [SCRIPT, String(brokers)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    child.stdin.end();
    await exited;
  };
  return new Promise<MockCluster>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the mock cluster did not start within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve({ bootstrap: line.trim(), stop });
    });
    child.once('exit', (code) => fail(new Error(`the mock cluster exited with code ${code}: ${stderr}`)));
  });
}
