/**
 * Turns Chevrotain's parse failures into ksqlDB-style messages:
 *
 *     Syntax error at or near ',' at line 2:74
 *     line 2:74: Syntax Error
 *     missing ')' at ','
 *     Statement: CREATE TABLE OUTPUT AS SELECT ... GROUP BY f3, (f2, f1);
 *
 * The detail line is `missing X at Y` when one token was expected, `Expecting {...}` when one
 * of several was, and `mismatched input Y expecting {...}` when the statement could have ended.
 */
import { EOF, IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { SqlSyntaxError } from './errors.js';

/** Marks a mismatch where `;` was expected; the detail then lists every possible next token. */
const END_EXPECTED = '\u0000end-expected';
/** Marks a mismatch of one expected token (its type name follows). */
const TOKEN_EXPECTED = '\u0000token-expected:';

const tokenTypesByName = new Map(T.allTokens.map((t) => [t.name, t]));

const tokenOrder = new Map(T.allTokens.map((t, i) => [t, i]));

/** How ksqlDB names a token type in "expecting" lists: `'SELECT'`, `')'`, `IDENTIFIER`. */
export function tokenLabel(type: TokenType): string {
  if (type === EOF) return '<EOF>';
  return type.LABEL ?? type.name;
}

/** How ksqlDB shows an offending token: its text in quotes, or `<EOF>`. */
export function tokenDisplay(t: IToken): string {
  return t.tokenType === EOF ? "'<EOF>'" : `'${t.image}'`;
}

/** `{'(', 'AS', 'WHERE', IDENTIFIER}`: quoted names first (alphabetically), each once. */
export function expectingSet(types: TokenType[]): string {
  const unique = [...new Set(types)].sort((a, b) => {
    const [labelA, labelB] = [tokenLabel(a), tokenLabel(b)];
    const quotedA = labelA.startsWith("'") ? 0 : 1;
    const quotedB = labelB.startsWith("'") ? 0 : 1;
    if (quotedA !== quotedB) return quotedA - quotedB;
    if (quotedA === 0) return labelA < labelB ? -1 : labelA > labelB ? 1 : 0;
    return (tokenOrder.get(a) ?? 0) - (tokenOrder.get(b) ?? 0);
  });
  return `{${[...new Set(unique.map(tokenLabel))].join(', ')}}`;
}

function firstTokens(paths: TokenType[][]): TokenType[] {
  return paths.filter((p) => p.length > 0).map((p) => p[0]);
}

/** Chevrotain message provider producing the detail line. */
export const detailMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected === T.Semicolon) return END_EXPECTED;
    return actual.tokenType === EOF ? `missing ${tokenLabel(expected)} at '<EOF>'` : TOKEN_EXPECTED + expected.name;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `extraneous input ${tokenDisplay(firstRedundant)} expecting <EOF>`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt }) {
    return `Expecting ${expectingSet(firstTokens(expectedPathsPerAlt.flat()))}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths }) {
    return `Expecting ${expectingSet(firstTokens(expectedIterationPaths))}`;
  },
};

function matches(t: IToken | undefined, type: TokenType): boolean {
  return t !== undefined && (t.tokenType === type || (t.tokenType.CATEGORIES ?? []).includes(type));
}

/**
 * ANTLR's wording for one missing token, which ksqlDB shows: `extraneous input 'x' expecting
 * ')'` when dropping the offending token would let parsing go on, else `missing ')' at 'x'`.
 */
function oneTokenDetail(expectedName: string, offending: IToken, tokens: IToken[]): string {
  const expected = tokenTypesByName.get(expectedName) ?? T.Identifier;
  const index = tokens.findIndex((t) => t.startOffset === offending.startOffset);
  if (matches(tokens[index + 1], expected)) {
    return `extraneous input ${tokenDisplay(offending)} expecting ${tokenLabel(expected)}`;
  }
  return `missing ${tokenLabel(expected)} at ${tokenDisplay(offending)}`;
}

/**
 * The SqlSyntaxError for a parse failure of the statement made of `tokens`. `nextTokens` lists
 * what could follow the tokens before the offending one (used when the statement could have
 * ended there).
 */
export function syntaxErrorFrom(
  e: IRecognitionException,
  statementText: string,
  tokens: IToken[],
  nextTokens: () => TokenType[],
): SqlSyntaxError {
  const lastToken = tokens[tokens.length - 1];
  const t = e.token.tokenType === EOF && lastToken ? endOf(lastToken) : e.token;
  const line = t.startLine ?? 1;
  const column = t.startColumn ?? 1;
  const offending = tokenDisplay(e.token);
  const detail =
    e.message === END_EXPECTED
      ? `mismatched input ${offending} expecting ${expectingSet(nextTokens())}`
      : e.message.startsWith(TOKEN_EXPECTED)
        ? oneTokenDetail(e.message.slice(TOKEN_EXPECTED.length), e.token, tokens)
        : e.message;
  const message =
    `Syntax error at or near ${offending} at line ${line}:${column}\n` +
    `line ${line}:${column}: Syntax Error\n${detail}\n${reservedWordHint(e.token, detail)}Statement: ${statementText}`;
  return new SqlSyntaxError(message, {
    line,
    column,
    offendingToken: e.token.tokenType === EOF ? '<EOF>' : e.token.image,
    expected: expectedIn(detail),
  });
}

/** ksqlDB's hint when a reserved word stands where a name could have: how to quote it. */
function reservedWordHint(t: IToken, detail: string): string {
  if (t.tokenType === EOF || !T.isReservedWord(t.image) || !detail.includes('IDENTIFIER')) return '';
  const word = t.image.toUpperCase();
  return `"${word}" is a reserved keyword and it can't be used as an identifier. You can use it as an identifier by escaping it as \`${word}\`\n`;
}

/** A position just after `t` (where a missing token at end of input belongs). */
function endOf(t: IToken): IToken {
  const column = (t.endColumn ?? t.startColumn ?? 0) + 1;
  return { ...t, startLine: t.endLine ?? t.startLine, startColumn: column };
}

/** The expected token names a detail line mentions. */
function expectedIn(detail: string): string[] {
  if (detail.startsWith('missing ')) return [detail.split(' ')[1]];
  if (detail.includes('{')) return listOf(detail);
  const expecting = detail.indexOf(' expecting ');
  return expecting >= 0 ? [detail.slice(expecting + ' expecting '.length)] : [];
}

function listOf(detail: string): string[] {
  const inside = detail.slice(detail.indexOf('{') + 1, detail.lastIndexOf('}'));
  return inside.length === 0 ? [] : inside.split(', ');
}
