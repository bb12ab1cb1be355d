/**
 * Logs failures (Kafka's LogReporter) when `errors.log.enable=true`:
 * `Error encountered in task <connector>-<task>. Executing stage '<STAGE>' with class '<class>'[, where consumed record is {...}]. <error>`.
 * The record is described only with `errors.log.include.messages=true`.
 */
import type { Logger } from '../../../core/io/logger.js';
import { errorClassName } from '../../api/errors.js';
import type { ErrorCounts } from './error-counts.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter, TaskId } from './dead-letter-queue.js';
import type { ProcessingContext } from './processing-context.js';

/** Logs failures in Kafka's wording (see the file comment). */
export class LogReporter implements ErrorReporter {
  constructor(
    private readonly config: Pick<ErrorHandlingConfig, 'logEnable' | 'logIncludeMessages'>,
    private readonly taskId: TaskId,
    private readonly logger: Logger,
    private readonly counts: ErrorCounts,
  ) {}

  async report(context: ProcessingContext): Promise<void> {
    if (!this.config.logEnable) return;
    const err = context.error;
    const cause = err instanceof Error ? `${errorClassName(err)}: ${err.message}` : String(err);
    this.logger.error(`Error encountered in task ${this.taskId.connector}-${this.taskId.task}. ${context.describe(this.config.logIncludeMessages)} ${cause}`);
    this.counts.recordErrorLogged();
  }
}
