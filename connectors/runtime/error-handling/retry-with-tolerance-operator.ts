/**
 * Kafka Connect's RetryWithToleranceOperator: the runtime runs each stage of each record
 * (conversion, transforms, put/poll, produce) through `execute`, which
 *  1. retries retriable errors (`isRetriable`) with exponential back-off — 300 ms, 600 ms, ...,
 *     a random delay below `errors.retry.delay.max.ms` once the doubling passes it, never past
 *     the `errors.retry.timeout` deadline (0 = no retries, -1 = forever);
 *  2. on a final failure counts it, reports it (log, dead-letter queue) and then either throws
 *     (`errors.tolerance=none`, or an error the stage may not tolerate: non-retriable errors in
 *     TASK_PUT/TASK_POLL/KAFKA_*) or returns null so the record is skipped (`all`).
 * Once a record's context has failed, later stages for it return null without running.
 * Difference: Kafka skips a record whose retries ran out even with tolerance none; Fjord fails
 * the task, as "none" promises.
 */
import { FjordError } from '../../../core/errors.js';
import { systemClock, type Clock } from '../../../core/io/clock.js';
import { systemTimers, type Timers } from '../../../core/io/timers.js';
import { isRetriable } from '../../api/errors.js';
import { ErrorCounts } from './error-counts.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter } from './dead-letter-queue.js';
import type { ProcessingContext } from './processing-context.js';
import { toleratesAnyError, type Stage } from './stage.js';

/** Kafka's RETRIES_DELAY_MIN_MS: the first back-off. */
export const RETRY_DELAY_MIN_MS = 300;

/** Thrown when an error is not tolerated: the task must fail. `cause` is the original error. */
export class ToleranceExceededError extends FjordError {
  constructor(message: string, readonly stage: Stage, cause: unknown) {
    super(cause instanceof FjordError ? cause.code : 'UNKNOWN_SERVER_ERROR', message, { cause, retriable: false });
    this.name = 'ToleranceExceededError';
  }
}

/** What the operator needs from outside; all optional (system clock/timers, Math.random). */
export interface OperatorDeps {
  clock?: Clock;
  timers?: Timers;
  /** Uniform in [0, 1): the jitter once back-off reaches the maximum. */
  random?: () => number;
  reporters?: ErrorReporter[];
  counts?: ErrorCounts;
}

/** Kafka's RetryWithToleranceOperator (see the file comment). */
export class RetryWithToleranceOperator {
  readonly counts: ErrorCounts;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly reporters: ErrorReporter[];
  private totalFailures = 0;
  private stopping = false;
  private wakeSleeper: (() => void) | null = null;

  constructor(private readonly config: ErrorHandlingConfig, deps: OperatorDeps = {}) {
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? systemTimers;
    this.random = deps.random ?? Math.random;
    this.reporters = deps.reporters ?? [];
    this.counts = deps.counts ?? new ErrorCounts();
  }

  /** Whether errors.tolerance=all. */
  get toleratesErrors(): boolean {
    return this.config.tolerance === 'all';
  }

  /** Failures seen so far (tolerated or not). */
  get failures(): number {
    return this.totalFailures;
  }

  /**
   * Runs `operation` for the record of `context` at `stage`. Returns its result, or null when
   * the record failed and is tolerated (skip it). Throws ToleranceExceededError otherwise.
   */
  async execute<T>(context: ProcessingContext, stage: Stage, executingClass: string, operation: () => T | Promise<T>): Promise<T | null> {
    if (context.failed) return null;
    context.stage = stage;
    context.executingClass = executingClass;
    context.attempts = 1;
    try {
      return await operation();
    } catch (err) {
      return this.recover(context, stage, executingClass, err, operation);
    }
  }

  /**
   * Like `execute`, but synchronous while `operation` succeeds: only a throw goes async (to
   * `recover`). For per-record stages where an await per record would cost throughput.
   */
  run<T>(context: ProcessingContext, stage: Stage, executingClass: string, operation: () => T): T | Promise<T | null> {
    if (context.failed) return Promise.resolve(null);
    context.stage = stage;
    context.executingClass = executingClass;
    context.attempts = 1;
    try {
      return operation();
    } catch (err) {
      return this.recover(context, stage, executingClass, err, operation);
    }
  }

  /**
   * Carries on after `retry`'s first attempt threw `error`: retries while retriable and within
   * `errors.retry.timeout` (counted from now), then reports and tolerates or throws as `execute`.
   */
  async recover<T>(context: ProcessingContext, stage: Stage, executingClass: string, error: unknown, retry: () => T | Promise<T>): Promise<T | null> {
    context.stage = stage;
    context.executingClass = executingClass;
    this.counts.recordFailure();
    let last = error;
    const deadlineMs = this.config.retryTimeoutMs < 0 ? Infinity : this.clock.nowMs() + this.config.retryTimeoutMs;
    for (let attempt = 1; isRetriable(last) && !this.stopping && this.clock.nowMs() < deadlineMs; attempt++) {
      await this.backoff(attempt, deadlineMs);
      this.counts.recordRetry();
      context.attempts = attempt + 1;
      try {
        return await retry();
      } catch (err) {
        this.counts.recordFailure();
        last = err;
      }
    }
    return this.fail(context, stage, executingClass, last);
  }

  /** A final failure: count, report, then skip (null) or throw. */
  private async fail(context: ProcessingContext, stage: Stage, executingClass: string, error: unknown): Promise<null> {
    this.totalFailures++;
    context.error = error;
    this.counts.recordError(this.clock.nowMs());
    await this.report(context);
    const where = `stage ${stage} with class ${executingClass}`;
    const detail = error instanceof Error ? error.message : String(error);
    if (!toleratesAnyError(stage) && !isRetriable(error)) {
      throw new ToleranceExceededError(`Unhandled exception in error handler at ${where}: ${detail}`, stage, error);
    }
    if (this.config.tolerance === 'none') {
      throw new ToleranceExceededError(`Tolerance exceeded in error handler at ${where}: ${detail}`, stage, error);
    }
    this.counts.recordSkipped();
    return null;
  }

  /** The delay before retry number `attempt` (Kafka's backoff()). Pure, for tests. */
  backoffDelayMs(attempt: number, nowMs: number, deadlineMs: number): number {
    let delay = RETRY_DELAY_MIN_MS * 2 ** (attempt - 1);
    if (delay > this.config.retryDelayMaxMs) delay = Math.floor(this.random() * this.config.retryDelayMaxMs);
    if (delay + nowMs > deadlineMs) delay = Math.max(0, deadlineMs - nowMs);
    return delay;
  }

  private backoff(attempt: number, deadlineMs: number): Promise<void> {
    const delay = this.backoffDelayMs(attempt, this.clock.nowMs(), deadlineMs);
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.wakeSleeper = null;
        resolve();
      }, delay);
      this.wakeSleeper = () => {
        this.timers.clearTimeout(handle);
        this.wakeSleeper = null;
        resolve();
      };
    });
  }

  private async report(context: ProcessingContext): Promise<void> {
    for (const reporter of this.reporters) await reporter.report(context);
  }

  /** The task is stopping: cut short any back-off and retry no more. */
  triggerStop(): void {
    this.stopping = true;
    this.wakeSleeper?.();
  }
}
