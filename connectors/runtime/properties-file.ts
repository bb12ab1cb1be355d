/**
 * Java `.properties` text → a string map, as `java.util.Properties.load` reads it: `#`/`!`
 * comments, `=`, `:` or whitespace between key and value, a trailing odd backslash continues the
 * line (leading whitespace of the next line dropped), `\t \n \r \f \uXXXX` escapes and `\x` → `x`.
 * Pure: the caller reads the file; errors name the file and the line.
 */
import { FjordError } from '../../core/errors.js';

/** Parses `.properties` text; `source` (a file name) is used in error messages. */
export function parseProperties(text: string, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = stripLeading(lines[i]);
    if (logical === '' || logical[0] === '#' || logical[0] === '!') continue;
    // Continuation: an odd number of trailing backslashes joins the next line.
    while (endsWithOddBackslashes(logical)) {
      logical = logical.slice(0, -1);
      if (i + 1 >= lines.length) break;
      logical += stripLeading(lines[++i]);
    }
    const [rawKey, rawValue] = splitKeyValue(logical);
    const key = unescape(rawKey, source, startLine);
    out[key] = unescape(rawValue, source, startLine);
  }
  return out;
}

function stripLeading(line: string): string {
  return line.replace(/^[ \t\f]+/, '');
}

function endsWithOddBackslashes(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; then one separator and its whitespace are skipped. */
function splitKeyValue(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') { i += 2; continue; }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    i++;
  }
  const key = line.slice(0, Math.min(i, line.length));
  let j = i;
  while (j < line.length && /[ \t\f]/.test(line[j])) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
  while (j < line.length && /[ \t\f]/.test(line[j])) j++;
  return [key, line.slice(j)];
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(text: string, source: string, line: number): string {
  if (!text.includes('\\')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') { out += c; continue; }
    const next = text[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = text.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new FjordError('CONFIG', `${source}:${line}: malformed \\uxxxx escape '\\u${hex}'`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
