/** Identifier, string and error helpers shared by the AST builder files. */
import { CstNode, IToken } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { SourcePosition } from '../ast/node.js';
import { SqlSyntaxError } from './errors.js';
import { onlyChild, tokenPos } from './cst.js';

/**
 * An error found while building the AST, in ksqlDB's "Line: L, Col: C: message" form.
 * `pos` is where the offending construct starts.
 */
export function astError(pos: SourcePosition, message: string): SqlSyntaxError {
  return new SqlSyntaxError(`Line: ${pos.line}, Col: ${pos.column}: ${message}`, pos);
}

/**
 * A syntax error found while building the AST (a construct the grammar is looser about than
 * ksqlDB's), laid out like the parser's own (ast-builder.ts appends the statement text).
 */
export function syntaxError(t: IToken, detail: string): SqlSyntaxError {
  const pos = tokenPos(t);
  const where = `${pos.line}:${pos.column}`;
  return new SqlSyntaxError(
    `Syntax error at or near '${t.image}' at line ${where}\nline ${where}: Syntax Error\n${detail}`,
    { ...pos, offendingToken: t.image },
  );
}

/** The value of a `'...'` literal: quotes removed, `''` turned into `'`. */
export function unquoteString(image: string): string {
  return image.slice(1, -1).replace(/''/g, "'");
}

/**
 * An identifier's name as ksqlDB resolves it: unquoted names upper-cased, `"x"` and `` `x` ``
 * kept as written (doubled quotes undone). A `${var}` left over means the variable was not
 * defined.
 */
export function identifierName(t: IToken): string {
  const type = t.tokenType;
  if (type === T.QuotedIdentifier) return t.image.slice(1, -1).replace(/""/g, '"');
  if (type === T.BackQuotedIdentifier) return t.image.slice(1, -1).replace(/``/g, '`');
  if (type === T.Variable) throw undefinedVariable(t);
  return t.image.toUpperCase();
}

/** The name of an `identifier` CST node. */
export function identifierOf(n: CstNode): string {
  return identifierName(identifierToken(n));
}

/** The token of an `identifier` CST node. */
export function identifierToken(n: CstNode): IToken {
  return onlyChild(n).element as IToken;
}

/** The error for a `${name}` that no DEFINE or option gave a value. */
export function undefinedVariable(t: IToken): SqlSyntaxError {
  const pos = tokenPos(t);
  return new SqlSyntaxError(
    `line ${pos.line}:${pos.column}: Undefined variable ${t.image}: define it with DEFINE ${t.image.slice(2, -1)} = '...'; first`,
    { ...pos, offendingToken: t.image },
  );
}
