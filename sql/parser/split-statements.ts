/**
 * Splits typed text into complete statements (ended by a `;` outside strings, quoted names and
 * comments) and the unfinished rest — what a REPL needs to know when to run what was typed.
 */
import * as T from '../lexer/tokens.js';
import { tokenize } from '../lexer/lexer.js';

/** Complete statements (each through its `;`) and the text after the last of them. */
export interface SplitText {
  complete: string[];
  rest: string;
}

/** Splits `text` after every top-level `;`. An unterminated string or comment stays in `rest`. */
export function splitStatements(text: string): SplitText {
  const { tokens, errors } = tokenize(text);
  const stopOffset = errors.length > 0 ? errors[0].offset : text.length;
  const complete: string[] = [];
  let start = 0;
  for (const t of tokens) {
    if (t.startOffset >= stopOffset) break;
    if (t.tokenType !== T.Semicolon) continue;
    const statement = text.slice(start, t.startOffset + 1).trim();
    if (statement !== ';') complete.push(statement);
    start = t.startOffset + 1;
  }
  return { complete, rest: text.slice(start) };
}
