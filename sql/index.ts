/**
 * Fjord SQL: a ksqlDB-compatible streaming SQL front end. Text → tokens (lexer/) → CST
 * (parser/parser.ts) → typed AST (ast/, built by parser/ast-builder.ts).
 */
import { parseSql, ParseOptions, ParseResult } from './parser/parse.js';

export { substituteVariables } from './parser/substitute-variables.js';
export { SqlSyntaxError } from './parser/errors.js';
export { tokenize } from './lexer/lexer.js';
export { formatExpression, formatType, formatName } from './ast/format.js';
export { childExpressions, mapChildren, someExpression } from './ast/walk.js';
export { completeAt } from './parser/complete.js';
export { splitStatements } from './parser/split-statements.js';
export type { SplitText } from './parser/split-statements.js';
export type { Completion } from './parser/complete.js';
export type { ParseOptions, ParseResult } from './parser/parse.js';
export type * from './ast/index.js';
export { SqlEngine, type SqlEngineOptions, type TopicSchema } from './engine/engine.js';
export type { StatementResult, ResultColumn } from './engine/results.js';
export type { SqlRuntime, QueryHandle, TopicRecord } from './engine/runtime.js';
export { LiveRuntime, type LiveRuntimeOptions } from './live/live-runtime.js';
export { SqlError } from './errors.js';

/**
 * Parses ksqlDB statements (each ended by `;`). Returns the statements that parsed and one
 * error per statement that did not; never throws for bad input.
 */
export function parseStatements(text: string, options: ParseOptions = {}): ParseResult {
  return parseSql(text, options);
}
