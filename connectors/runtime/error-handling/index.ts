/** Error handling for connector tasks: retries, tolerance, error logging, dead-letter queue. */
export { ErrorCounts, type ErrorCountsSnapshot } from './error-counts.js';
export { DEFAULT_ERROR_HANDLING, errorHandlingConfig, type ErrorHandlingConfig } from './error-handling-config.js';
export { ProcessingContext, type ConsumedRecord } from './processing-context.js';
export {
  DeadLetterQueueReporter, ERROR_HEADERS, ERROR_HEADER_PREFIX, buildDeadLetterRecord, contextHeaders, type ErrorReporter, type TaskId,
} from './dead-letter-queue.js';
export { LogReporter } from './log-reporter.js';
export { RETRY_DELAY_MIN_MS, RetryWithToleranceOperator, ToleranceExceededError, type OperatorDeps } from './retry-with-tolerance-operator.js';
export { executingClassName } from './class-name.js';
export { toleratesAnyError, type Stage } from './stage.js';
