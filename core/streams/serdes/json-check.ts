/**
 * `isJsonText(bytes)`: whether `JSON.parse(bytes.toString('utf8'))` would succeed, decided by
 * scanning the bytes without building the value (`isNonNullJsonText`: and not return null). Fjord uses it where a record's value must be
 * valid (a bad one is reported as Kafka Streams would) but is never read: count() needs only to
 * know a value is not null. It must never say yes where JSON.parse would throw; a false no
 * (nesting deeper than `JSON_CHECK_DEPTH_MAX`) only costs the caller a real parse.
 *
 * UTF-8 needs no check: the decoder replaces bad sequences with U+FFFD, which JSON allows inside
 * strings, and bytes below 0x80 always decode as themselves, so the ASCII structure the grammar
 * looks at is what JSON.parse sees. Outside strings every byte >= 0x80 is rejected (JSON.parse
 * rejects every non-ASCII character there too).
 */

/** Nesting the scan follows before it gives up and answers "cannot tell" (false). */
export const JSON_CHECK_DEPTH_MAX = 64;

const enum C {
  TAB = 0x09, LF = 0x0a, CR = 0x0d, SPACE = 0x20, QUOTE = 0x22, PLUS = 0x2b, COMMA = 0x2c, MINUS = 0x2d, DOT = 0x2e,
  SLASH = 0x2f, ZERO = 0x30, NINE = 0x39, COLON = 0x3a, UPPER_E = 0x45, LBRACKET = 0x5b, BACKSLASH = 0x5c,
  RBRACKET = 0x5d, LOWER_E = 0x65, LBRACE = 0x7b, RBRACE = 0x7d,
}

/** The escape letters JSON allows after a backslash (besides `u`): " \ / b f n r t. */
const SIMPLE_ESCAPES = new Uint8Array(128);
for (const ch of '"\\/bfnrt') SIMPLE_ESCAPES[ch.charCodeAt(0)] = 1;

const FAIL = -1;

export function isJsonText(bytes: Uint8Array): boolean {
  const end = value(bytes, skipWs(bytes, 0), 0);
  return end !== FAIL && skipWs(bytes, end) === bytes.length;
}

/** `isJsonText`, and the text is not `null` (which a JSON serde reads as a null value). */
export function isNonNullJsonText(bytes: Uint8Array): boolean {
  return bytes[skipWs(bytes, 0)] !== 0x6e && isJsonText(bytes);
}

function skipWs(b: Uint8Array, i: number): number {
  while (i < b.length) {
    const c = b[i]!;
    if (c !== C.SPACE && c !== C.LF && c !== C.CR && c !== C.TAB) break;
    i++;
  }
  return i;
}

/** Scans one value starting at `i` (no leading whitespace); returns the index after it, or FAIL. */
function value(b: Uint8Array, i: number, depth: number): number {
  if (i >= b.length) return FAIL;
  const c = b[i]!;
  if (c === C.QUOTE) return string(b, i);
  if (c === C.LBRACE) return depth >= JSON_CHECK_DEPTH_MAX ? FAIL : object(b, i, depth + 1);
  if (c === C.LBRACKET) return depth >= JSON_CHECK_DEPTH_MAX ? FAIL : array(b, i, depth + 1);
  if (c === C.MINUS || (c >= C.ZERO && c <= C.NINE)) return number(b, i);
  if (c === 0x74) return literal(b, i, 'true');
  if (c === 0x66) return literal(b, i, 'false');
  if (c === 0x6e) return literal(b, i, 'null');
  return FAIL;
}

function object(b: Uint8Array, i: number, depth: number): number {
  i = skipWs(b, i + 1);
  if (b[i] === C.RBRACE) return i + 1;
  for (;;) {
    if (b[i] !== C.QUOTE) return FAIL;
    i = string(b, i);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i);
    if (b[i] !== C.COLON) return FAIL;
    i = value(b, skipWs(b, i + 1), depth);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i);
    if (b[i] === C.RBRACE) return i + 1;
    if (b[i] !== C.COMMA) return FAIL;
    i = skipWs(b, i + 1);
  }
}

function array(b: Uint8Array, i: number, depth: number): number {
  i = skipWs(b, i + 1);
  if (b[i] === C.RBRACKET) return i + 1;
  for (;;) {
    i = value(b, i, depth);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i);
    if (b[i] === C.RBRACKET) return i + 1;
    if (b[i] !== C.COMMA) return FAIL;
    i = skipWs(b, i + 1);
  }
}

/** A string from its opening quote; raw control characters are not allowed (JSON.parse rejects them). */
function string(b: Uint8Array, i: number): number {
  i++;
  const length = b.length;
  while (i < length) {
    const c = b[i]!;
    // Bytes a string holds as they are: all but the quote, the backslash and control characters
    // (compared, not looked up in a table: a quarter faster per byte).
    if (c >= 0x20 && c !== C.QUOTE && c !== C.BACKSLASH) {
      i++;
      continue;
    }
    if (c === C.QUOTE) return i + 1;
    if (c !== C.BACKSLASH) return FAIL; // a control character
    const e = b[i + 1];
    if (e === undefined) return FAIL;
    if (e === 0x75) {
      for (let k = i + 2; k < i + 6; k++) if (!isHex(b[k])) return FAIL;
      i += 6;
    } else if (e < 128 && SIMPLE_ESCAPES[e] === 1) i += 2;
    else return FAIL;
  }
  return FAIL;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= C.ZERO && c <= C.NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(b: Uint8Array, i: number): number {
  if (b[i] === C.MINUS) i++;
  if (b[i] === C.ZERO) i++;
  else if (isDigit(b[i])) i = digits(b, i + 1);
  else return FAIL;
  if (b[i] === C.DOT) {
    if (!isDigit(b[i + 1])) return FAIL;
    i = digits(b, i + 2);
  }
  const e = b[i];
  if (e === C.LOWER_E || e === C.UPPER_E) {
    i++;
    if (b[i] === C.PLUS || b[i] === C.MINUS) i++;
    if (!isDigit(b[i])) return FAIL;
    i = digits(b, i + 1);
  }
  return i;
}

/** The index after the run of digits starting at `i`. */
function digits(b: Uint8Array, i: number): number {
  const length = b.length;
  while (i < length) {
    const c = b[i]!;
    if (c < C.ZERO || c > C.NINE) break;
    i++;
  }
  return i;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= C.ZERO && c <= C.NINE;
}

function literal(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return FAIL;
  return i + word.length;
}
