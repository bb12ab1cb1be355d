/**
 * Runs a third-party tool as a child process with a hard time limit: bytes in on stdin, stdout as
 * bytes, stderr as text. Long-running members (group consumers) use `startChild` and are stopped
 * by signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface ChildOptions {
  input?: Buffer | string;
  /** Killed (SIGKILL) after this long; the promise then rejects with its output so far. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Set FJORD_TP_DEBUG=1 to see every child's stderr (client debug logs) as it runs. */
export const debugChildren = process.env.FJORD_TP_DEBUG === '1';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A started child: its output so far, a promise of its end, and a way to stop it. */
export interface RunningChild {
  child: ChildProcess;
  stdout(): Buffer;
  stderr(): string;
  done: Promise<ChildResult>;
  /** Sends `signal` (SIGTERM by default) and waits, SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ChildResult>;
}

export function startChild(command: string, args: readonly string[], options: { input?: Buffer | string; keepStdinOpen?: boolean; env?: NodeJS.ProcessEnv } = {}): RunningChild {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  running.add(child);
  const out: Buffer[] = [];
  let err = '';
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    if (debugChildren) process.stderr.write(`[${command}] ${d}`);
  });
  child.stdin!.on('error', () => undefined); // a child that exits early closes its stdin
  if (options.input !== undefined) child.stdin!.write(options.input);
  if (!options.keepStdinOpen) child.stdin!.end();
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err });
    });
  });
  return {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    done,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs to completion; rejects (with stderr) if it takes longer than `timeoutMs`. */
export async function runChild(command: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  const started = startChild(command, args, { ...(options.input !== undefined ? { input: options.input } : {}), ...(options.env ? { env: options.env } : {}) });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      started.child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${options.timeoutMs} ms\nstderr:\n${tail(started.stderr())}`));
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([started.done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last `chars` characters of a log, for failure messages. */
export function tail(text: string, chars = 6000): string {
  return text.length > chars ? `…${text.slice(text.length - chars)}` : text;
}

/** Polls `check` until it returns true; fails naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
