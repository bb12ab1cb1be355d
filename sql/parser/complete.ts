/**
 * Syntactic completion for the REPL: which keywords (and whether a name) may come next at the
 * end of some partial SQL text, using Chevrotain's content assist over the grammar.
 */
import { IToken, TokenType } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { tokenize } from '../lexer/lexer.js';
import { sqlParser } from './parse.js';

/** What may be typed at the end of the text. */
export interface Completion {
  /** The partial word at the end of the text ('' after white space or punctuation). */
  prefix: string;
  /** Keywords that may come next and start with `prefix` (upper-case, sorted). */
  keywords: string[];
  /** True when a name (source, column, function, ...) may come next. */
  identifier: boolean;
}

const NAME_TYPES: TokenType[] = [
  T.Identifier, T.NonReserved, T.AnyKeyword, T.QuotedIdentifier, T.BackQuotedIdentifier, T.DigitIdentifier,
];

function isWord(t: IToken): boolean {
  return /^[A-Za-z_][A-Za-z0-9_@]*$/.test(t.image);
}

/** Completion at the end of `text` (the statement being typed is the part after the last `;`). */
export function completeAt(text: string): Completion {
  const { tokens } = tokenize(text);
  let start = 0;
  tokens.forEach((t, i) => {
    if (t.tokenType === T.Semicolon) start = i + 1;
  });
  const statement = tokens.slice(start);
  const last = statement[statement.length - 1];
  const endsInWord = last !== undefined && isWord(last) && (last.endOffset ?? 0) + 1 === text.length;
  const prefix = endsInWord ? last.image : '';
  const preceding = endsInWord ? statement.slice(0, -1) : statement;
  let next: TokenType[] = [];
  try {
    next = sqlParser().computeContentAssist('singleStatement', preceding).map((p) => p.nextTokenType);
  } catch {
    next = []; // the text before the cursor is already invalid: nothing to suggest
  }
  const upperPrefix = prefix.toUpperCase();
  const keywords = [
    ...new Set(
      next
        .map((type) => type.LABEL ?? '')
        .filter((label) => /^'[A-Z_]+'$/.test(label))
        .map((label) => label.slice(1, -1))
        .filter((word) => word.startsWith(upperPrefix)),
    ),
  ].sort();
  const identifier = next.some((type) => NAME_TYPES.includes(type));
  return { prefix, keywords, identifier };
}
