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

/**
 * The byte at `i`, or -1 at or past `end`, the end of the range being checked: every scan stops
 * there, so a range inside a larger buffer (a record's value in a fetched batch) is checked
 * without a view of it and never reads its neighbours.
 */
function at(b: Uint8Array, i: number, end: number): number {
  return i < end ? b[i]! : -1;
}

/** Whether bytes[start, end) is JSON text (see the module comment). */
export function isJsonText(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  const stop = value(bytes, skipWs(bytes, start, end), 0, end);
  return stop !== FAIL && skipWs(bytes, stop, end) === end;
}

/** `isJsonText`, and the text is not `null` (which a JSON serde reads as a null value). */
export function isNonNullJsonText(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  return at(bytes, skipWs(bytes, start, end), end) !== 0x6e && isJsonText(bytes, start, end);
}

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== C.SPACE && c !== C.LF && c !== C.CR && c !== C.TAB) break;
    i++;
  }
  return i;
}

/** Scans one value starting at `i` (no leading whitespace); returns the index after it, or FAIL. */
function value(b: Uint8Array, i: number, depth: number, end: number): number {
  if (i >= end) return FAIL;
  const c = b[i]!;
  if (c === C.QUOTE) return string(b, i, end);
  if (c === C.LBRACE) return depth >= JSON_CHECK_DEPTH_MAX ? FAIL : object(b, i, depth + 1, end);
  if (c === C.LBRACKET) return depth >= JSON_CHECK_DEPTH_MAX ? FAIL : array(b, i, depth + 1, end);
  if (c === C.MINUS || (c >= C.ZERO && c <= C.NINE)) return number(b, i, end);
  if (c === 0x74) return literal(b, i, 'true', end);
  if (c === 0x66) return literal(b, i, 'false', end);
  if (c === 0x6e) return literal(b, i, 'null', end);
  return FAIL;
}

function object(b: Uint8Array, i: number, depth: number, end: number): number {
  i = skipWs(b, i + 1, end);
  if (at(b, i, end) === C.RBRACE) return i + 1;
  for (;;) {
    if (at(b, i, end) !== C.QUOTE) return FAIL;
    i = string(b, i, end);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i, end);
    if (at(b, i, end) !== C.COLON) return FAIL;
    i = value(b, skipWs(b, i + 1, end), depth, end);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i, end);
    const c = at(b, i, end);
    if (c === C.RBRACE) return i + 1;
    if (c !== C.COMMA) return FAIL;
    i = skipWs(b, i + 1, end);
  }
}

function array(b: Uint8Array, i: number, depth: number, end: number): number {
  i = skipWs(b, i + 1, end);
  if (at(b, i, end) === C.RBRACKET) return i + 1;
  for (;;) {
    i = value(b, i, depth, end);
    if (i === FAIL) return FAIL;
    i = skipWs(b, i, end);
    const c = at(b, i, end);
    if (c === C.RBRACKET) return i + 1;
    if (c !== C.COMMA) return FAIL;
    i = skipWs(b, i + 1, end);
  }
}

/** A string from its opening quote; raw control characters are not allowed (JSON.parse rejects them). */
function string(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = b[i]!;
    // Bytes a string holds as they are: all but the quote, the backslash and control characters
    // (compared, not looked up in a table: a quarter faster per byte).
    if (c >= 0x20 && c !== C.QUOTE && c !== C.BACKSLASH) {
      i++;
      continue;
    }
    if (c === C.QUOTE) return i + 1;
    if (c !== C.BACKSLASH) return FAIL; // a control character
    const e = at(b, i + 1, end);
    if (e === 0x75) {
      for (let k = i + 2; k < i + 6; k++) if (!isHex(at(b, k, end))) return FAIL;
      i += 6;
    } else if (e >= 0 && e < 128 && SIMPLE_ESCAPES[e] === 1) i += 2;
    else return FAIL;
  }
  return FAIL;
}

function isHex(c: number): boolean {
  return (c >= C.ZERO && c <= C.NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
function number(b: Uint8Array, i: number, end: number): number {
  if (at(b, i, end) === C.MINUS) i++;
  const first = at(b, i, end);
  if (first === C.ZERO) i++;
  else if (isDigit(first)) i = digits(b, i + 1, end);
  else return FAIL;
  if (at(b, i, end) === C.DOT) {
    if (!isDigit(at(b, i + 1, end))) return FAIL;
    i = digits(b, i + 2, end);
  }
  const e = at(b, i, end);
  if (e === C.LOWER_E || e === C.UPPER_E) {
    i++;
    const sign = at(b, i, end);
    if (sign === C.PLUS || sign === C.MINUS) i++;
    if (!isDigit(at(b, i, end))) return FAIL;
    i = digits(b, i + 1, end);
  }
  return i;
}

/** The index after the run of digits starting at `i`. */
function digits(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c < C.ZERO || c > C.NINE) break;
    i++;
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= C.ZERO && c <= C.NINE;
}

function literal(b: Uint8Array, i: number, word: string, end: number): number {
  for (let k = 0; k < word.length; k++) if (at(b, i + k, end) !== word.charCodeAt(k)) return FAIL;
  return i + word.length;
}
