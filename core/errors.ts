/**
 * One error base for Fjord. `code` is a closed union: Kafka's error names (from the error-code
 * table in core/protocol/error-codes.ts) plus Fjord's own codes for things Kafka has no code for.
 * Decoding a Kafka error code is separate from throwing: see `kafkaError()`.
 */
import { KafkaErrorName, errorByCode, errorByName } from './protocol/error-codes.js';

export type FjordOwnErrorCode =
  | 'INVALID_ARGUMENT' // a bad call or bad user input (flag, config value, name)
  | 'CONFIG' // an unknown config key or a value of the wrong type
  | 'CORRUPT_LOG' // bytes on disk that fail validation and cannot be recovered
  | 'DATA_DIR_LOCKED' // another live process holds the data directory
  | 'CLOSED' // the object was closed
  | 'TIMEOUT'; // an operation ran out of its time budget

export type FjordErrorCode = KafkaErrorName | FjordOwnErrorCode;

export interface FjordErrorOptions {
  cause?: unknown;
  retriable?: boolean;
}

export class FjordError extends Error {
  readonly code: FjordErrorCode;
  readonly retriable: boolean;

  constructor(code: FjordErrorCode, message: string, options: FjordErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FjordError';
    this.code = code;
    this.retriable = options.retriable ?? (errorByName(code as KafkaErrorName)?.retriable ?? false);
  }
}

/** Turns a non-zero Kafka error code from a response into a FjordError naming where it happened. */
export function kafkaError(errorCode: number, where: string, detail?: string | null): FjordError {
  const entry = errorByCode(errorCode);
  const name = (entry?.name ?? 'UNKNOWN_SERVER_ERROR') as KafkaErrorName;
  const text = detail ?? entry?.message ?? `error code ${errorCode}`;
  return new FjordError(name, `${name} (${errorCode}) at ${where}: ${text}`, {
    retriable: entry?.retriable ?? false,
  });
}

/** Asserts a programmer assumption. Failures are bugs and are never caught. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
