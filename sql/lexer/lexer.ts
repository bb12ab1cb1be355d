/**
 * Turns SQL text into tokens. Pure: no I/O. Unrecognised characters become errors naming
 * their line and column; lexing continues after them so every bad character is reported.
 */
import { ILexingError, IToken, Lexer } from 'chevrotain';
import { allTokens } from './tokens.js';

const sqlLexer = new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: false });

/** A character the lexer could not turn into a token. */
export interface LexError {
  message: string;
  line: number;
  /** 1-based. */
  column: number;
  offset: number;
}

/** Tokens of `text`, comments and white space dropped, plus any lexing errors. */
export function tokenize(text: string): { tokens: IToken[]; errors: LexError[] } {
  const result = sqlLexer.tokenize(text);
  return { tokens: result.tokens, errors: result.errors.map((e) => lexError(text, e)) };
}

function lexError(text: string, e: ILexingError): LexError {
  const line = e.line ?? 1;
  const column = e.column ?? 1;
  const bad = text.slice(e.offset, e.offset + e.length);
  const detail = describeBadInput(bad);
  return { message: `line ${line}:${column}: Syntax Error\n${detail}`, line, column, offset: e.offset };
}

function describeBadInput(bad: string): string {
  const first = bad[0] ?? '';
  if (first === "'") return 'unterminated string literal: missing closing quote (\')';
  if (first === '"') return 'unterminated quoted identifier: missing closing quote (")';
  if (first === '`') return 'unterminated quoted identifier: missing closing backtick (`)';
  if (bad.startsWith('/*')) return "unterminated comment: missing '*/'";
  return `token recognition error at: '${bad}'`;
}
