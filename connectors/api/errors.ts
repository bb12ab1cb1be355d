/**
 * Connect's data errors. `DataException` is what Kafka Connect throws when a value does not fit
 * its schema or bytes cannot be converted; the dead-letter queue reports `connectClassName` in
 * `__connect.errors.exception.class.name` so Kafka tooling recognises it.
 */
import { FjordError, type FjordErrorCode, type FjordErrorOptions } from '../../core/errors.js';

/** A value that does not match its schema, or bytes a converter cannot read (Kafka's DataException). */
export class DataException extends FjordError {
  /** Kafka's class name for this error. */
  readonly connectClassName = 'org.apache.kafka.connect.errors.DataException';

  constructor(message: string, options: FjordErrorOptions = {}) {
    super('INVALID_RECORD', message, options);
    this.name = 'DataException';
  }
}

/** Kafka's Java class name for an error, as DLQ headers show it (falls back to the JS name). */
export function errorClassName(err: unknown): string {
  if (err && typeof err === 'object') {
    const named = (err as { connectClassName?: unknown }).connectClassName;
    if (typeof named === 'string') return named;
    if (err instanceof Error) return err.name;
  }
  return typeof err;
}

/**
 * An error worth retrying (Kafka's RetriableException): a connection dropped, a lock timed out.
 * The runtime retries operations that throw it for up to `errors.retry.timeout`. Any FjordError
 * with `retriable: true` counts the same.
 */
export class RetriableException extends FjordError {
  readonly connectClassName = 'org.apache.kafka.connect.errors.RetriableException';

  constructor(message: string, options: FjordErrorOptions & { code?: FjordErrorCode } = {}) {
    super(options.code ?? 'NETWORK_EXCEPTION', message, { ...options, retriable: true });
    this.name = 'RetriableException';
  }
}

/** Whether the runtime should retry after this error. */
export function isRetriable(err: unknown): boolean {
  return err instanceof FjordError ? err.retriable : (err as { retriable?: unknown } | null)?.retriable === true;
}
