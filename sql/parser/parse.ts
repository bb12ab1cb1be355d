/**
 * Parses SQL text into statements. The text is lexed once and split at `;` tokens; each
 * statement is parsed on its own, so one bad statement does not hide the others. Variables
 * (`${name}`) are substituted per statement, with `DEFINE` / `UNDEFINE` earlier in the same
 * text taking effect for the statements after them, as in a ksqlDB script.
 */
import { IRecognitionException, IToken } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { LexError, tokenize } from '../lexer/lexer.js';
import { Statement } from '../ast/statements.js';
import { SqlParser } from './parser.js';
import { buildStatement } from './ast-builder.js';
import { SqlSyntaxError } from './errors.js';
import { detailMessages, syntaxErrorFrom } from './syntax-errors.js';
import { hasVariables, positionOf, substituteInRange } from './substitute-variables.js';

/** Options of {@link parseSql}. */
export interface ParseOptions {
  /** Variables for `${name}` substitution (DEFINE statements in the text add to them). */
  variables?: Readonly<Record<string, string>>;
}

/** The statements that parsed, in order, and an error for each one that did not. */
export interface ParseResult {
  statements: Statement[];
  errors: SqlSyntaxError[];
}

let sharedParser: SqlParser | undefined;

/** The one parser instance (building it analyses the grammar, which takes a while). */
export function sqlParser(): SqlParser {
  sharedParser ??= new SqlParser(detailMessages);
  return sharedParser;
}

/** Parses every statement of `text`. Never throws for bad input. */
export function parseSql(text: string, options: ParseOptions = {}): ParseResult {
  const variables: Record<string, string> = { ...(options.variables ?? {}) };
  const { tokens, errors: lexErrors } = tokenize(text);
  const result: ParseResult = { statements: [], errors: [] };
  let previousEnd = 0;
  for (const slice of splitAtSemicolons(tokens)) {
    const start = slice[0].startOffset;
    const end = (slice[slice.length - 1].endOffset ?? start) + 1;
    const lexError = lexErrors.find((e) => e.offset >= previousEnd && e.offset < end);
    previousEnd = end;
    if (lexError) {
      result.errors.push(fromLexError(lexError));
      continue;
    }
    try {
      const statement = parseOne(text, start, end, slice, variables);
      if (statement.kind === 'DefineVariable') variables[statement.name] = statement.value;
      if (statement.kind === 'UndefineVariable') deleteVariable(variables, statement.name);
      result.statements.push(statement);
    } catch (err) {
      if (!(err instanceof SqlSyntaxError)) throw err;
      result.errors.push(err);
    }
  }
  for (const e of lexErrors.filter((e) => e.offset >= previousEnd)) result.errors.push(fromLexError(e));
  return result;
}

function deleteVariable(variables: Record<string, string>, name: string): void {
  for (const key of Object.keys(variables)) if (key.toUpperCase() === name.toUpperCase()) delete variables[key];
}

/** Token runs each ending with `;` (the last may lack it); empty statements are dropped. */
function splitAtSemicolons(tokens: IToken[]): IToken[][] {
  const slices: IToken[][] = [];
  let current: IToken[] = [];
  for (const t of tokens) {
    current.push(t);
    if (t.tokenType === T.Semicolon) {
      if (current.length > 1) slices.push(current);
      current = [];
    }
  }
  if (current.length > 0) slices.push(current);
  return slices;
}

function fromLexError(e: LexError): SqlSyntaxError {
  return new SqlSyntaxError(e.message, { line: e.line, column: e.column });
}

/** Parses the statement spanning `[start, end)` of `text`, whose tokens are `slice`. */
function parseOne(text: string, start: number, end: number, slice: IToken[], variables: Record<string, string>): Statement {
  let statementText = text.slice(start, end);
  let tokens = slice;
  if (hasVariables(statementText) && !/^UNDEFINE\b/i.test(statementText)) {
    // As in ksqlDB, a DEFINE's value may use defined variables; undefined ones stay as written.
    const isDefine = /^DEFINE\b/i.test(statementText);
    statementText = substituteInRange(text, start, end, variables, isDefine);
    tokens = relex(statementText, text, start);
  }
  const parser = sqlParser();
  parser.input = tokens;
  const cst = parser.singleStatement();
  const failure = parser.errors[0] as IRecognitionException | undefined;
  if (failure) {
    const before = tokens.filter((t) => t.startOffset < failure.token.startOffset || Number.isNaN(failure.token.startOffset));
    throw syntaxErrorFrom(failure, statementText, tokens, () =>
      parser.computeContentAssist('singleStatement', before).map((p) => p.nextTokenType),
    );
  }
  return buildStatement(cst, statementText);
}

/** Lexes substituted statement text, placing its tokens where the statement sits in `text`. */
function relex(statementText: string, text: string, start: number): IToken[] {
  const { tokens, errors } = tokenize(statementText);
  const base = positionOf(text, start);
  const shift = (t: IToken): IToken => {
    const line = t.startLine ?? 1;
    return {
      ...t,
      startOffset: t.startOffset + start,
      endOffset: (t.endOffset ?? t.startOffset) + start,
      startLine: line + base.line - 1,
      endLine: (t.endLine ?? line) + base.line - 1,
      startColumn: line === 1 ? (t.startColumn ?? 1) + base.column - 1 : t.startColumn,
      endColumn: (t.endLine ?? line) === 1 ? (t.endColumn ?? 1) + base.column - 1 : t.endColumn,
    };
  };
  if (errors.length > 0) {
    const e = errors[0];
    const line = e.line + base.line - 1;
    const column = e.line === 1 ? e.column + base.column - 1 : e.column;
    const detail = e.message.slice(e.message.indexOf('\n') + 1);
    throw new SqlSyntaxError(`line ${line}:${column}: Syntax Error\n${detail}`, { line, column });
  }
  return tokens.map(shift);
}
