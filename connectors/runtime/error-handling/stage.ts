/**
 * Where in a task's pipeline an operation runs (Kafka's errors.Stage). Converters and
 * transforms may fail on any error and still be tolerated (`errors.tolerance=all`); task
 * put/poll and Kafka produce/consume are tolerated only for retriable errors (Kafka's
 * TOLERABLE_EXCEPTIONS), anything else fails the task.
 */
export type Stage =
  | 'KEY_CONVERTER' | 'VALUE_CONVERTER' | 'HEADER_CONVERTER' | 'TRANSFORMATION'
  | 'TASK_PUT' | 'TASK_POLL' | 'KAFKA_PRODUCE' | 'KAFKA_CONSUME';

const ANY_ERROR_TOLERABLE: ReadonlySet<Stage> = new Set(['KEY_CONVERTER', 'VALUE_CONVERTER', 'HEADER_CONVERTER', 'TRANSFORMATION']);

/** Whether a non-retriable error at this stage may be tolerated. */
export function toleratesAnyError(stage: Stage): boolean {
  return ANY_ERROR_TOLERABLE.has(stage);
}
