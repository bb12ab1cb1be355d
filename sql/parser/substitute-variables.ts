/**
 * `${name}` substitution, done on the text before lexing as ksqlDB does (so variables work
 * inside quoted strings too: `KAFKA_TOPIC='${topic}'`). Names are case-insensitive.
 */
import { SqlSyntaxError } from './errors.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_@]*)\}/g;

/** Line and 1-based column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `text` with every `${name}` replaced by its value from `variables` (matched without regard
 * to case). Throws a SqlSyntaxError naming the first undefined variable and where it is.
 */
export function substituteVariables(text: string, variables: Readonly<Record<string, string>>): string {
  return substituteInRange(text, 0, text.length, variables);
}

/**
 * Like {@link substituteVariables} for `text.slice(start, end)`, reporting positions within
 * the whole `text`. With `keepUndefined`, undefined variables stay as written instead.
 */
export function substituteInRange(
  text: string,
  start: number,
  end: number,
  variables: Readonly<Record<string, string>>,
  keepUndefined = false,
): string {
  const byUpperName = new Map(Object.entries(variables).map(([k, v]) => [k.toUpperCase(), v]));
  return text.slice(start, end).replace(VARIABLE, (whole, name: string, offset: number) => {
    const value = byUpperName.get(name.toUpperCase());
    if (value !== undefined) return value;
    if (keepUndefined) return whole;
    const { line, column } = positionOf(text, start + offset);
    throw new SqlSyntaxError(
      `line ${line}:${column}: Undefined variable ${whole}: define it first with DEFINE ${name} = '<value>';`,
      { line, column, offendingToken: whole },
    );
  });
}

/** True when `text` refers to any variable. */
export function hasVariables(text: string): boolean {
  return text.includes('${');
}
