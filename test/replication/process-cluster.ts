/**
 * Three (or more) `fjord broker --controller-quorum` processes on loopback ports, combined
 * broker + controller as `fjord cluster dev` runs them, for the slow real-process tests. Each
 * broker keeps its port, quorum address and data directory across a kill and a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from '../../core/client/admin.js';
import { tmpDir } from '../helpers/tmp-dir.js';
import { freePorts, waitFor } from '../cluster/quorum-helpers.js';
import { tail } from '../third-party/helpers/child-run.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BrokerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  /** What the broker wrote to stderr so far (its log). */
  log(): string;
}

export interface ProcessClusterOptions {
  readonly brokers?: number;
  /** Prefix of the data directories' names. */
  readonly dirPrefix?: string;
  /** Arguments added to every `fjord broker` command line (timeouts, `--config`, `--verbose`). */
  readonly args?: readonly string[];
}

export class ProcessCluster {
  readonly procs = new Map<number, BrokerProcess>();
  readonly ids: number[];

  private constructor(
    private readonly ports: readonly number[],
    private readonly dirs: readonly string[],
    private readonly args: readonly string[],
  ) {
    this.ids = dirs.map((_, i) => i + 1);
  }

  /** Starts every broker and resolves once each is listening. */
  static async start(options: ProcessClusterOptions = {}): Promise<ProcessCluster> {
    const n = options.brokers ?? 3;
    const ports = await freePorts(2 * n);
    const dirs = Array.from({ length: n }, () => tmpDir(options.dirPrefix ?? 'fjord-proc-'));
    const cluster = new ProcessCluster(ports, dirs, options.args ?? []);
    await Promise.all(cluster.ids.map((id) => cluster.startBroker(id)));
    return cluster;
  }

  /** The client listener of broker `id`. */
  address(id: number): string {
    return `127.0.0.1:${this.ports[id - 1]}`;
  }

  /** Every broker's client listener, comma-separated (or only those of `ids`). */
  bootstrap(ids: readonly number[] = this.ids): string {
    return ids.map((id) => this.address(id)).join(',');
  }

  private get quorum(): string {
    return this.ids.map((id) => `${id}@127.0.0.1:${this.ports[this.ids.length + id - 1]}`).join(',');
  }

  /** Starts broker `id` (again) on its port and data directory. */
  startBroker(id: number): Promise<BrokerProcess> {
    const child = spawn(process.execPath, [
      '--import', 'tsx', 'cli/main.ts', 'broker', '--node-id', String(id), '--listen', this.address(id),
      '--controller-quorum', this.quorum, '--data-dir', this.dirs[id - 1]!, '--default-replication-factor', String(Math.min(3, this.ids.length)),
      ...this.args,
    ], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let log = '';
    child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const proc: BrokerProcess = { child, exited, log: () => log };
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('listening on')) {
          this.procs.set(id, proc);
          resolve(proc);
        }
      });
      void exited.then(() => reject(new Error(`broker ${id} exited while starting: ${tail(log)}`)));
    });
  }

  /** SIGKILLs broker `id` and resolves once its process is gone. */
  kill(id: number): Promise<void> {
    return this.signal(id, 'SIGKILL');
  }

  /** Stops broker `id` cleanly (SIGTERM: it asks to be fenced first) and resolves once it exited. */
  terminate(id: number): Promise<void> {
    return this.signal(id, 'SIGTERM');
  }

  /** Stops every broker still running (SIGTERM: a clean shutdown). */
  async stop(): Promise<void> {
    for (const id of [...this.procs.keys()]) await this.signal(id, 'SIGTERM');
  }

  private async signal(id: number, signal: NodeJS.Signals): Promise<void> {
    const proc = this.procs.get(id);
    if (proc === undefined) return;
    proc.child.kill(signal);
    await proc.exited;
    this.procs.delete(id);
  }
}

/** Creates a topic as soon as enough brokers have registered for its replication factor (retrying until then). */
export async function createTopicOnceRegistered(admin: Admin, topic: Parameters<Admin['createTopics']>[0][number]): Promise<void> {
  await waitFor('enough registered brokers', async () => {
    try {
      await admin.createTopics([topic]);
      return true;
    } catch (err) {
      if ((err as Error).message.includes('TOPIC_ALREADY_EXISTS')) return true;
      throw err;
    }
  }, 60000);
}
