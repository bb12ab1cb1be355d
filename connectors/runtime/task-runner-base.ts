/**
 * The lifecycle every task runner shares: start the task, run its loop until stopped or until it
 * throws (then FAILED, with the error's stack as Kafka's `trace`), pause and resume, and always
 * call the task's stop() at the end. Subclasses supply startTask / loop / stopTask.
 */
import type { Logger } from '../../core/io/logger.js';
import type { TimerHandle, Timers } from '../../core/io/timers.js';

export type TaskState = 'RUNNING' | 'PAUSED' | 'FAILED' | 'UNASSIGNED';

export interface TaskRunnerOptions {
  connector: string;
  id: number;
  /** The task's config (one of the connector's taskConfigs()). */
  props: Record<string, string>;
  timers: Timers;
  logger: Logger;
  /** Called on every state change; trace is set for FAILED. */
  onStatus(state: TaskState, trace: string | null): void;
}

/** A thrown value's stack (Kafka shows the Java stack trace), falling back to its message. */
export function traceOf(err: unknown): string {
  if (err instanceof Error) {
    let trace = err.stack ?? `${err.name}: ${err.message}`;
    for (let cause = err.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
      trace += `\nCaused by: ${cause.stack ?? cause.message}`;
    }
    return trace;
  }
  return String(err);
}

/**
 * Records a task loop handles between two turns of the event loop. A poll answered from buffered
 * or embedded data never waits on I/O, so a busy loop would otherwise run on microtasks alone and
 * starve the worker's REST API, timers and sockets (in `fjord dev`, the broker's listener too);
 * yielding after every poll instead costs small-batch sources a fifth of their speed.
 */
export const YIELD_EVERY_RECORDS = 2000;

export abstract class TaskRunnerBase {
  protected stopping = false;
  protected paused = false;
  private handledSinceYield = 0;
  private done: Promise<void> = Promise.resolve();
  private wake: (() => void) | null = null;
  private failed = false;

  constructor(private readonly base: TaskRunnerOptions) {}

  get name(): string {
    return `${this.base.connector}-${this.base.id}`;
  }

  get id(): number {
    return this.base.id;
  }

  /** Whether the task ended with an error (its status is FAILED). */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Starts the task and its loop in the background; `paused` starts it idle (target state PAUSED). */
  start(paused: boolean): void {
    this.paused = paused;
    this.done = this.run();
  }

  private async run(): Promise<void> {
    let started = false;
    try {
      await this.startTask();
      started = true;
      this.base.onStatus(this.paused ? 'PAUSED' : 'RUNNING', null);
      await this.loop();
    } catch (err) {
      this.fail(err);
    } finally {
      try {
        if (started || this.failed) await this.stopTask();
      } catch (err) {
        if (!this.failed) this.fail(err);
        else this.base.logger.warn(`${this.name}: stopping after a failure also failed: ${(err as Error).message}`);
      }
    }
  }

  private fail(err: unknown): void {
    this.failed = true;
    this.base.logger.error(`task ${this.name} failed: ${(err as Error).message ?? String(err)}`);
    this.base.onStatus('FAILED', traceOf(err));
  }

  pause(): void {
    if (this.failed || this.paused) return;
    this.paused = true;
    this.base.onStatus('PAUSED', null);
  }

  resume(): void {
    if (this.failed || !this.paused) return;
    this.paused = false;
    this.base.onStatus('RUNNING', null);
    this.wakeLoop();
  }

  /** Stops the loop, calls the task's stop() and waits, at most `timeoutMs` (then gives up waiting, as Kafka does). */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wakeLoop();
    let timer: TimerHandle | null = null;
    const timeout = new Promise<boolean>((resolve) => (timer = this.base.timers.setTimeout(() => resolve(false), timeoutMs)));
    const finished = await Promise.race([this.done.then(() => true), timeout]);
    if (timer) this.base.timers.clearTimeout(timer);
    if (!finished) this.base.logger.warn(`task ${this.name} did not stop within ${timeoutMs} ms (task.shutdown.graceful.timeout.ms)`);
  }

  /** Resolves when the task's run is over (stopped or failed). */
  whenDone(): Promise<void> {
    return this.done;
  }

  protected abstract startTask(): Promise<void>;
  protected abstract loop(): Promise<void>;
  protected abstract stopTask(): Promise<void>;

  /** Counts `records` handled; once YIELD_EVERY_RECORDS have been, lets the event loop run. */
  protected async handled(records: number): Promise<void> {
    this.handledSinceYield += records;
    if (this.handledSinceYield < YIELD_EVERY_RECORDS) return;
    this.handledSinceYield = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Interrupts a sleep() or waitForResume(). */
  protected wakeLoop(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Waits `ms`, or less if woken (stop, resume); `uninterruptible` ignores wake-ups. */
  protected sleep(ms: number, uninterruptible = false): Promise<void> {
    return new Promise<void>((resolve) => {
      const handle = this.base.timers.setTimeout(() => {
        if (this.wake === done) this.wake = null;
        resolve();
      }, ms);
      const done = (): void => {
        this.base.timers.clearTimeout(handle);
        resolve();
      };
      if (!uninterruptible) this.wake = done;
    });
  }

  protected async waitForResume(): Promise<void> {
    while (this.paused && !this.stopping) await this.sleep(1000);
  }
}
