/**
 * Runs case directories in a worker thread, so a case that blocks the event loop (a synchronous
 * endless loop in the engine) or crashes the thread fails only itself: after its time is up the
 * worker is stopped and a fresh one runs the next case. In-process timeouts (`runCase`) cannot
 * interrupt synchronous code; this can.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseJson } from '../types/json.js';
import type { CaseResult } from './run-case.js';
import { CASE_TIMEOUT_MS_DEFAULT } from './run-case.js';
import type { SuiteEntry } from './run-suite.js';

export interface WorkerRequest {
  readonly seq: number;
  readonly dir: string;
  readonly timeoutMs: number;
}

/** What a worker posts once it has loaded (before that, its loading time would count against a case). */
export interface WorkerReady {
  readonly ready: true;
}

export interface WorkerReply {
  readonly seq: number;
  readonly entry: Omit<SuiteEntry, 'result'>;
  /** The result with `actual` as JSON text. */
  readonly result?: Omit<CaseResult, 'actual'> & { readonly actual: string };
}

/** Extra time the worker gets beyond the case timeout (its own in-process timeout fires first). */
export const WORKER_GRACE_MS = 5_000;
/** A worker that has not loaded (posted WorkerReady) after this long fails the case it was started for. */
export const WORKER_START_MS_MAX = 120_000;

interface StartedWorker {
  readonly worker: Worker;
  /** Resolves when the worker posted WorkerReady; rejects if it failed or exited first, or took too long. */
  readonly ready: Promise<void>;
}

/** case-worker next to this file: the .ts source when running from source, else the compiled .js. */
export const DEFAULT_WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './case-worker.ts' : './case-worker.js', import.meta.url);

/** Starts a worker on `entry`; a TypeScript entry goes through tsx's loader (a dev dependency of a checkout). */
function startWorker(entry: URL): StartedWorker {
  let worker: Worker;
  if (!entry.href.endsWith('.ts')) worker = new Worker(entry);
  else {
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
    worker = new Worker(boot, { eval: true });
  }
  const ready = new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', done);
      worker.off('exit', onExit);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onMessage = (m: unknown): void => {
      if ((m as Partial<WorkerReady>)?.ready === true) done();
    };
    const onExit = (code: number): void => done(new Error(`the case worker exited with code ${code} while loading`));
    const timer = setTimeout(() => done(new Error(`the case worker did not load within ${WORKER_START_MS_MAX} ms`)), WORKER_START_MS_MAX);
    worker.on('message', onMessage);
    worker.on('error', done);
    worker.on('exit', onExit);
  });
  ready.catch(() => {}); // observed by run(); never an unhandled rejection
  return { worker, ready };
}

export interface IsolatedCaseRunnerOptions {
  readonly timeoutMs?: number;
  /** The worker module (answers WorkerRequests with WorkerReplies); tests pass their own. */
  readonly workerUrl?: URL;
  /** Extra time beyond `timeoutMs` before the worker is stopped (default WORKER_GRACE_MS). */
  readonly graceMs?: number;
}

export class IsolatedCaseRunner {
  private started: StartedWorker | null = null;
  private seq = 0;
  private readonly timeoutMs: number;
  private readonly workerUrl: URL;
  private readonly graceMs: number;

  constructor(options: IsolatedCaseRunnerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? CASE_TIMEOUT_MS_DEFAULT;
    this.workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
    this.graceMs = options.graceMs ?? WORKER_GRACE_MS;
  }

  /** Runs the case in `dir`. Never throws. */
  async run(dir: string): Promise<SuiteEntry> {
    const started = (this.started ??= startWorker(this.workerUrl));
    const seq = ++this.seq;
    const id = path.basename(path.resolve(dir));
    try {
      await started.ready;
    } catch (err) {
      this.started = null;
      await started.worker.terminate().catch(() => {});
      return { id, status: 'fail', failureClass: 'runner-error', reason: (err as Error).message };
    }
    const worker = started.worker;
    const reply = await new Promise<WorkerReply | { failed: 'timeout' | 'crash'; message: string }>((resolve) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (r: WorkerReply): void => {
        if (r.seq !== seq) return;
        cleanup();
        resolve(r);
      };
      const onError = (err: Error): void => {
        cleanup();
        resolve({ failed: 'crash', message: `the case crashed its worker: ${err.message}` });
      };
      const onExit = (code: number): void => {
        cleanup();
        resolve({ failed: 'crash', message: `the worker running the case exited with code ${code}` });
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve({ failed: 'timeout', message: `the case did not finish within ${this.timeoutMs} ms (its worker was stopped)` });
      }, this.timeoutMs + this.graceMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ seq, dir, timeoutMs: this.timeoutMs } satisfies WorkerRequest);
    });
    if ('failed' in reply) {
      this.started = null;
      await worker.terminate().catch(() => {});
      return { id, status: 'fail', failureClass: reply.failed === 'timeout' ? 'timeout' : 'runner-error', reason: reply.message };
    }
    const result = reply.result === undefined ? undefined : { ...reply.result, actual: parseJson(reply.result.actual) };
    return { ...reply.entry, result };
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (started !== null) await started.worker.terminate();
  }
}
