/**
 * Errors of the SQL engine past the parser. Messages follow ksqlDB's wording so its users
 * recognise them (`SELECT column 'BOB' cannot be resolved.`); `kind` mirrors the Java exception
 * ksqlDB throws, which ksql-test-runner files name in `expectedException.type`.
 */
import { FjordError } from '../core/errors.js';

export type SqlErrorKind =
  /** Statement rejected while analysing or planning (KsqlStatementException). */
  | 'statement'
  /** Rejected by the engine while executing (KsqlException). */
  | 'engine'
  /** Syntax or AST-building failure (ParseFailedException). */
  | 'parse';

export class SqlError extends FjordError {
  constructor(message: string, readonly kind: SqlErrorKind = 'statement', options: { cause?: unknown; line?: number; column?: number } = {}) {
    super('INVALID_ARGUMENT', message, { cause: options.cause, retriable: false });
    this.name = 'SqlError';
    this.line = options.line;
    this.column = options.column;
  }
  readonly line?: number;
  readonly column?: number;
}

/** Prefixes `Line: 3, Col: 70: ` as ksqlDB does for errors tied to a place in the statement. */
export function atLocation(location: { line: number; column: number } | undefined, message: string): string {
  return location === undefined ? message : `Line: ${location.line}, Col: ${location.column}: ${message}`;
}
