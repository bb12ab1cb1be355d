/**
 * What the user has typed so far: lines accumulate until a top-level `;` completes one or more
 * statements (a `;` inside a string, quoted name or comment does not count). Pure.
 */
import { tokenize } from '../lexer/lexer.js';
import { splitStatements } from '../parser/split-statements.js';

/** Bounds a runaway paste: an unfinished statement longer than this is dropped with an error. */
export const pendingCharsMax = 1_000_000;

export class StatementBuffer {
  private pending = '';

  /** True when no unfinished statement is waiting for more lines. */
  get empty(): boolean {
    return this.pending.trim() === '';
  }

  /** The unfinished text typed so far (lines joined with '\n'). */
  get text(): string {
    return this.pending;
  }

  /** Adds one typed line; returns the statements it completed, each through its `;`. */
  push(line: string): string[] {
    const text = this.pending === '' ? line : `${this.pending}\n${line}`;
    const { complete, rest } = splitStatements(text);
    if (rest.length > pendingCharsMax) {
      this.pending = '';
      throw new RangeError(`statement longer than ${pendingCharsMax} characters without a ';'; dropped it`);
    }
    // Keep what follows the last ';' only if it holds something: white space or a finished
    // comment (`SHOW TOPICS; -- why`) is not the start of another statement.
    this.pending = blank(rest) ? '' : rest.replace(/^\s*\n/, '');
    return complete;
  }

  clear(): void {
    this.pending = '';
  }
}

/** True for text without tokens: white space and complete comments only. */
function blank(text: string): boolean {
  if (text.trim() === '') return true;
  const { tokens, errors } = tokenize(text);
  return tokens.length === 0 && errors.length === 0;
}

/** REPL words that are not SQL, recognised only at the start of a statement (`exit`, `quit;`, `help`). */
export type ReplWord = 'exit' | 'help';

export function replWord(line: string): ReplWord | null {
  const word = line.trim().replace(/;$/, '').trim().toLowerCase();
  if (word === 'exit' || word === 'quit') return 'exit';
  if (word === 'help') return 'help';
  return null;
}
