/**
 * A real `fjord broker` child process for the third-party client tests: started on a free
 * loopback port (`--listen 127.0.0.1:0`, the port read back from its ready line) with a fresh
 * temporary data dir, stopped with SIGTERM after the suite, which also checks it exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** `fjord broker listening on HOST:PORT (data dir DIR, node N)`, printed once the broker serves. */
const readyLine = /fjord broker listening on (\S+):(\d+) \(data dir (.*), node (-?\d+)\)/;
const readyTimeoutMsDefault = 30_000;
const stopTimeoutMs = 15_000;
/** Output kept for failure messages: enough for the last few dozen log lines. */
const outputCharsMax = 200_000;

export interface BrokerOptions {
  /** Flags added after `broker --listen ... --data-dir ...`. */
  args?: string[];
  readyTimeoutMs?: number;
}

/** A running broker. */
export interface BrokerProcess {
  host: string;
  port: number;
  /** `host:port`, for `bootstrap.servers`, `-b` and kafkajs' `brokers`. */
  bootstrap: string;
  nodeId: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the broker wrote so far (tail-trimmed). */
  output(): { stdout: string; stderr: string };
  /** SIGTERM, wait for the exit, remove the data dir; resolves to the exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  // A crashed test run must not leave brokers behind.
  for (const child of running) child.kill('SIGKILL');
});

function appendTrimmed(acc: string, chunk: string): string {
  const all = acc + chunk;
  return all.length > outputCharsMax ? all.slice(all.length - outputCharsMax) : all;
}

/** Starts `fjord broker` and resolves once it prints its ready line. */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjord-third-party-'));
  const args = ['--import', 'tsx', 'cli/main.ts', 'broker', '--listen', '127.0.0.1:0', '--data-dir', dataDir, ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout = appendTrimmed(stdout, d)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = appendTrimmed(stderr, d)));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => {
    running.delete(child);
    resolve(code ?? (signal !== null ? -1 : null));
  }));

  const ready = await waitForReady(child, () => stdout, exited, options.readyTimeoutMs ?? readyTimeoutMsDefault).catch((err: Error) => {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${err.message}\nbroker stdout:\n${stdout}\nbroker stderr:\n${stderr}`);
  });
  const [, host, port, , nodeId] = ready;
  return {
    host: host!,
    port: Number(port),
    bootstrap: `${host}:${port}`,
    nodeId: Number(nodeId),
    dataDir,
    child,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

function waitForReady(child: ChildProcess, stdout: () => string, exited: Promise<number | null>, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`fjord broker did not print its ready line within ${timeoutMs} ms`)), timeoutMs);
    const check = (): void => {
      const m = readyLine.exec(stdout());
      if (m) done(null, m);
    };
    const done = (err: Error | null, m?: RegExpExecArray): void => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      if (err) reject(err);
      else resolve(m!);
    };
    child.stdout!.on('data', check);
    child.on('error', (err) => done(err));
    void exited.then((code) => done(new Error(`fjord broker exited with ${code} before it was ready`)));
  });
}

/**
 * Mocha wiring: a broker per suite, started in `before` and stopped in `after`, where a non-zero
 * exit on SIGTERM fails the suite. Returns a getter for the running broker.
 */
export function useBroker(options: BrokerOptions = {}): () => BrokerProcess {
  let broker: BrokerProcess | undefined;
  before(async function () {
    this.timeout((options.readyTimeoutMs ?? readyTimeoutMsDefault) + 5_000);
    broker = await startBroker(options);
  });
  after(async function () {
    this.timeout(stopTimeoutMs + 5_000);
    if (broker === undefined) return;
    const b = broker;
    broker = undefined;
    const code = await b.stop();
    if (code !== 0) throw new Error(`fjord broker exited with ${code} on SIGTERM\nstderr:\n${b.output().stderr}`);
  });
  return () => {
    if (broker === undefined) throw new Error('the broker is not running (useBroker() must be called inside a describe)');
    return broker;
  };
}
