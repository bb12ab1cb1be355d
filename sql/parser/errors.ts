/**
 * The error every SQL front-end failure is reported as. The message starts like ksqlDB's
 * (`line 2:74: Syntax Error\nmissing ')' at ','`) so its users recognise it.
 */
import { FjordError } from '../../core/errors.js';

/** A syntax or AST-building error in SQL text, with the 1-based line and column it names. */
export class SqlSyntaxError extends FjordError {
  readonly line: number;
  readonly column: number;
  /** The text of the offending token, when the error is about one. */
  readonly offendingToken?: string;
  /** What the parser would have accepted there, in ksqlDB's notation (`'SELECT'`, `IDENTIFIER`). */
  readonly expected: string[];

  constructor(message: string, where: { line: number; column: number; offendingToken?: string; expected?: string[] }) {
    super('INVALID_ARGUMENT', message);
    this.name = 'SqlSyntaxError';
    this.line = where.line;
    this.column = where.column;
    this.offendingToken = where.offendingToken;
    this.expected = where.expected ?? [];
  }
}
