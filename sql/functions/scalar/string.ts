/** ksqlDB's string (and bytes-as-string) scalar functions. */
import { createHash } from 'node:crypto';
import { SqlError } from '../../errors.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig } from './define.js';
import { javaRegex, javaSplit, javaReplacement } from './java-regex.js';

const CAT = 'STRING';
const REGEX = 'REGULAR EXPRESSION';

/** CONCAT_WS's separator (its first argument); ksqlDB checks the count at run time. */
function concatWsSeparator<V>(xs: readonly (V | null)[]): V | null {
  if (xs.length < 2) throw new SqlError('Function Concat_WS expects at least two input arguments.');
  return xs[0]!;
}

/** SUBSTRING's start index (0-based) from a 1-based, possibly negative position. */
function startIndex(length: number, pos: number): number {
  return pos < 0 ? Math.max(length + pos, 0) : Math.max(Math.min(pos - 1, length), 0);
}
function endIndex(length: number, start: number, len: number): number {
  return Math.max(Math.min(start + len, length), start);
}

/** Java's String.trim: strips characters up to U+0020 at both ends. */
function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

type Sliceable = string | Buffer;
const sliceOf = <V extends Sliceable>(v: V, a: number, b?: number): V => (typeof v === 'string' ? v.slice(a, b) : Buffer.from(v.subarray(a, b))) as V;
const concatOf = <V extends Sliceable>(parts: V[], bytes: boolean): V => (bytes ? Buffer.concat(parts as Buffer[]) : (parts as string[]).join('')) as V;

/** LPAD / RPAD for strings and bytes: NULL for a negative length or empty padding. */
function pad<V extends Sliceable>(left: boolean, input: V, targetLen: number, padding: V): V | null {
  if (targetLen < 0 || padding.length === 0) return null;
  const bytes = Buffer.isBuffer(input);
  if (input.length >= targetLen) return sliceOf(input, 0, targetLen);
  const need = targetLen - input.length;
  const parts: V[] = [];
  let have = 0;
  while (have < need) {
    const piece = have + padding.length <= need ? padding : sliceOf(padding, 0, need - have);
    parts.push(piece);
    have += piece.length;
  }
  const fill = concatOf(parts, bytes);
  return concatOf(left ? [fill, input] : [input, fill], bytes);
}

/** Commons-lang ordinalIndexOf: index of the n-th occurrence, or -1. */
function ordinalIndexOf(s: string, sub: string, n: number): number {
  if (n <= 0) return -1;
  let found = -1;
  for (let i = 0; i < n; i++) {
    found = s.indexOf(sub, found + (i === 0 ? 0 : sub.length === 0 ? 1 : sub.length));
    if (found < 0) return -1;
  }
  return found;
}

function instr(str: string | null, sub: string | null, position = 1, occurrence = 1): number {
  if (str === null || sub === null) return 0;
  if (Math.abs(position) > str.length) return 0;
  if (position < 0) {
    const rs = [...str].reverse().join('');
    const rsub = [...sub].reverse().join('');
    const i = ordinalIndexOf(rs.slice(-position - 1), rsub, occurrence);
    return i < 0 ? 0 : str.length + position - i;
  }
  const i = ordinalIndexOf(str.slice(Math.max(position - 1, 0)), sub, occurrence);
  return i < 0 ? 0 : i + position;
}

/** ksqlDB's INITCAP: lower-cases, then upper-cases the first character of each run of non-whitespace (Java's \\s). */
function initCap(s: string): string {
  return s.toLowerCase().replace(/[^ \t\n\x0B\f\r]+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1));
}

function splitString(s: string, delim: string): string[] {
  if (delim === '') return s === '' ? [''] : s.split('');
  return s.split(delim);
}

function splitBytes(b: Buffer, delim: Buffer): Buffer[] {
  if (delim.length === 0) return b.length === 0 ? [Buffer.alloc(0)] : [...b].map((x) => Buffer.from([x]));
  const out: Buffer[] = [];
  let from = 0;
  for (let i = b.indexOf(delim, from); i >= 0; i = b.indexOf(delim, from)) {
    out.push(Buffer.from(b.subarray(from, i)));
    from = i + delim.length;
  }
  out.push(Buffer.from(b.subarray(from)));
  return out;
}

/** SPLIT_TO_MAP: empty or equal delimiters give NULL; entries without `kvDelim` are dropped; later keys win. */
function splitToMap(input: string, entryDelim: string, kvDelim: string): Map<string, string> | null {
  if (entryDelim === '' || kvDelim === '' || entryDelim === kvDelim) return null;
  const out = new Map<string, string>();
  for (const entry of input.split(entryDelim)) {
    if (entry === '' || !entry.includes(kvDelim)) continue;
    const kv = entry.split(kvDelim);
    out.set(kv[0]!, kv[1]!);
  }
  return out;
}

function regexpExtract(pattern: string, s: string, group = 0): string | null {
  const m = javaRegex(pattern).exec(s);
  if (m === null) return null;
  if (group < 0 || group >= m.length) throw new SqlError(`No group ${group}`);
  return m[group] ?? null;
}

function regexpExtractAll(pattern: string, s: string, group = 0): (string | null)[] {
  const re = javaRegex(pattern);
  const out: (string | null)[] = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (group < 0 || group >= m.length) throw new SqlError(`No group ${group}`);
    out.push(m[group] ?? null);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function chrFromCode(code: number): string | null {
  if (code < 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

/** CHR(STRING): a Java `\\uXXXX` escape (several may follow each other), unescaped. */
function chrFromString(s: string): string | null {
  if (s.length < 6 || !s.startsWith('\\u')) return null;
  return s.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export const stringFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('concat', CAT, 'Concatenate an arbitrary number of string or bytes fields together; NULL inputs are skipped.', [
    sig('STRING', ['...STRING'], (...xs: (string | null)[]) => xs.filter((x) => x !== null).join(''), { nulls: true }),
    sig('BYTES', ['...BYTES'], (...xs: (Buffer | null)[]) => Buffer.concat(xs.filter((x): x is Buffer => x !== null)), { nulls: true }),
  ]),
  scalar('concat_ws', CAT, 'Concatenate several strings or bytes, inserting a separator passed as the first argument between each one.', [
    sig('STRING', ['...STRING'], (...xs: (string | null)[]) => {
      const sep = concatWsSeparator(xs);
      return sep === null ? null : xs.slice(1).filter((x) => x !== null).join(sep);
    }, { nulls: true }),
    sig('BYTES', ['...BYTES'], (...xs: (Buffer | null)[]) => {
      const sep = concatWsSeparator(xs);
      if (sep === null) return null;
      const parts = xs.slice(1).filter((x): x is Buffer => x !== null);
      return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [sep, p])));
    }, { nulls: true }),
  ]),
  scalar('lcase', CAT, 'Converts a string to lower-case.', [sig('STRING', ['STRING'], (s: string) => s.toLowerCase())]),
  scalar('ucase', CAT, 'Converts a string to upper-case.', [sig('STRING', ['STRING'], (s: string) => s.toUpperCase())]),
  scalar('trim', CAT, 'Removes whitespace (and control characters) from both ends of a string.', [sig('STRING', ['STRING'], javaTrim)]),
  scalar('ltrim', CAT, 'Removes leading whitespace from a string.', [sig('STRING', ['STRING'], (s: string) => s.replace(/^[\s\u0000-\u0020]+/, ''))]),
  scalar('rtrim', CAT, 'Removes trailing whitespace from a string.', [sig('STRING', ['STRING'], (s: string) => s.replace(/[\s\u0000-\u0020]+$/, ''))]),
  scalar('len', CAT, 'The length of a string (UTF-16 code units) or of a bytes value.', [
    sig('INTEGER', ['STRING'], (s: string) => s.length),
    sig('INTEGER', ['BYTES'], (b: Buffer) => b.length),
  ]),
  scalar('lpad', CAT, 'Pads the input on the left with padding up to the given length (truncating a longer input).', [
    sig('STRING', ['STRING', 'INTEGER', 'STRING'], (s: string, n: number, p: string) => pad(true, s, n, p)),
    sig('BYTES', ['BYTES', 'INTEGER', 'BYTES'], (s: Buffer, n: number, p: Buffer) => pad(true, s, n, p)),
  ]),
  scalar('rpad', CAT, 'Pads the input on the right with padding up to the given length (truncating a longer input).', [
    sig('STRING', ['STRING', 'INTEGER', 'STRING'], (s: string, n: number, p: string) => pad(false, s, n, p)),
    sig('BYTES', ['BYTES', 'INTEGER', 'BYTES'], (s: Buffer, n: number, p: Buffer) => pad(false, s, n, p)),
  ]),
  scalar('substring', CAT, 'Returns the portion of the string or bytes passed in value.', [
    sig('STRING', ['STRING', 'INTEGER'], (s: string, pos: number) => s.slice(startIndex(s.length, pos))),
    sig('STRING', ['STRING', 'INTEGER', 'INTEGER'], (s: string, pos: number, len: number) => {
      const a = startIndex(s.length, pos);
      return s.slice(a, endIndex(s.length, a, len));
    }),
    sig('BYTES', ['BYTES', 'INTEGER'], (b: Buffer, pos: number) => Buffer.from(b.subarray(startIndex(b.length, pos)))),
    sig('BYTES', ['BYTES', 'INTEGER', 'INTEGER'], (b: Buffer, pos: number, len: number) => {
      const a = startIndex(b.length, pos);
      return Buffer.from(b.subarray(a, endIndex(b.length, a, len)));
    }),
  ]),
  scalar('replace', CAT, 'Replaces every occurrence of a substring with another.', [
    sig('STRING', ['STRING', 'STRING', 'STRING'], (s: string, t: string, r: string) => s.replaceAll(t, () => r)),
  ]),
  scalar('regexp_extract', REGEX, 'Extracts the first match of a regular expression, or of its capture group.', [
    sig('STRING', ['STRING', 'STRING'], (p: string, s: string) => regexpExtract(p, s)),
    sig('STRING', ['STRING', 'STRING', 'INTEGER'], regexpExtract),
  ]),
  scalar('regexp_extract_all', REGEX, 'Extracts every match of a regular expression, or of its capture group.', [
    sig('ARRAY<STRING>', ['STRING', 'STRING'], (p: string, s: string) => regexpExtractAll(p, s)),
    sig('ARRAY<STRING>', ['STRING', 'STRING', 'INTEGER'], regexpExtractAll),
  ]),
  scalar('regexp_replace', REGEX, 'Replaces every match of a regular expression.', [
    sig('STRING', ['STRING', 'STRING', 'STRING'], (s: string, p: string, r: string) => s.replace(javaRegex(p), javaReplacement(r))),
  ]),
  scalar('regexp_split_to_array', REGEX, 'Splits a string around matches of a regular expression.', [
    sig('ARRAY<STRING>', ['STRING', 'STRING'], javaSplit),
  ]),
  scalar('split', CAT, 'Splits a string or bytes value around a delimiter; an empty delimiter splits every character.', [
    sig('ARRAY<STRING>', ['STRING', 'STRING'], splitString),
    sig('ARRAY<BYTES>', ['BYTES', 'BYTES'], splitBytes),
  ]),
  scalar('split_to_map', CAT, 'Splits a string into key-value pairs and creates a map from them.', [
    sig('MAP<STRING, STRING>', ['STRING', 'STRING', 'STRING'], splitToMap),
  ]),
  scalar('instr', CAT, 'The 1-based position of a substring (0 when absent); a negative position searches backwards.', [
    sig('INTEGER', ['STRING', 'STRING'], (s: string | null, t: string | null) => instr(s, t), { nulls: true }),
    sig('INTEGER', ['STRING', 'STRING', 'INTEGER'], (s: string | null, t: string | null, p: number) => instr(s, t, p), { nulls: true }),
    sig('INTEGER', ['STRING', 'STRING', 'INTEGER', 'INTEGER'], instr, { nulls: true }),
  ]),
  scalar('initcap', CAT, 'Capitalizes the first letter of each word and lower-cases the rest.', [sig('STRING', ['STRING'], initCap)]),
  scalar('chr', CAT, 'The character of a Unicode code point, given as a decimal INTEGER or as a \\uXXXX string.', [
    sig('STRING', ['INTEGER'], chrFromCode),
    sig('STRING', ['STRING'], chrFromString),
  ]),
  scalar('elt', CAT, 'The n-th (1-based) of the following strings, or NULL when n is out of range.', [
    sig('STRING', ['INTEGER', '...STRING'], (n: number | null, ...xs: (string | null)[]) =>
      (n === null || n < 1 || n > xs.length ? null : xs[n - 1]), { nulls: true }),
  ]),
  scalar('field', CAT, 'The 1-based position of the first string among the rest, or 0.', [
    sig('INTEGER', ['STRING', '...STRING'], (s: string | null, ...xs: (string | null)[]) =>
      (s === null ? 0 : xs.indexOf(s) + 1), { nulls: true }),
  ]),
  scalar('md5', CAT, 'The hex-encoded MD5 hash of a string\'s UTF-8 bytes.', [
    sig('STRING', ['STRING'], (s: string) => createHash('md5').update(s, 'utf8').digest('hex')),
  ]),
];
