/**
 * JSON text without precision loss, for the JSON converter. JSON.parse turns 2^53+1 into 2^53
 * and cannot write bigints, so:
 *  - `parseJson` returns integers beyond Number.MAX_SAFE_INTEGER as `bigint`, and non-integers
 *    with more than 15 significant digits as `JsonDecimal` (their exact text), everything else
 *    as JSON.parse would. Text with no run of 16+ digits/dots takes the JSON.parse fast path:
 *    any number with at most 15 significant digits round-trips exactly through a double.
 *  - `stringifyJson` writes bigints and `JsonDecimal`s as bare numbers, and non-finite numbers
 *    as the strings "NaN", "Infinity", "-Infinity" (what Jackson writes by default).
 */

/** A JSON number kept as its exact text. */
export class JsonDecimal {
  constructor(readonly text: string) {}
  toNumber(): number {
    return Number(this.text);
  }
}

/** A value `stringifyJson` can write. */
export type JsonTree =
  | null | boolean | number | bigint | string | JsonDecimal
  | JsonTree[] | { [key: string]: JsonTree };

/** Digits and dots in a row that may hold more precision than a double keeps. */
const LONG_DIGIT_RUN_MIN = 16;

/**
 * Whether `text` may hold a number JSON.parse would round (a run of 16+ digits or dots). When
 * false, JSON.parse's result is exact and holds only plain values (no bigint, no JsonDecimal).
 * Any run of LONG_DIGIT_RUN_MIN characters covers exactly one position p with
 * p % LONG_DIGIT_RUN_MIN === LONG_DIGIT_RUN_MIN - 1, so only those positions are looked at, and
 * the run around one of them measured: about a sixteenth of the characters of a record's text
 * (several times faster than a loop over every character, itself twice as fast as a regex).
 */
export function needsExactParse(text: string): boolean {
  const n = text.length;
  for (let p = LONG_DIGIT_RUN_MIN - 1; p < n; p += LONG_DIGIT_RUN_MIN) {
    if (!isDigitOrDot(text.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isDigitOrDot(text.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < n && end - start < LONG_DIGIT_RUN_MIN && isDigitOrDot(text.charCodeAt(end))) end++;
    if (end - start >= LONG_DIGIT_RUN_MIN) return true;
  }
  return false;
}

function isDigitOrDot(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

/** Parses JSON text exactly (see the module comment). Throws SyntaxError with a position. */
export function parseJson(text: string): JsonTree {
  if (!needsExactParse(text)) return JSON.parse(text) as JsonTree;
  const parser = new ExactParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

class ExactParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private fail(what: string): never {
    throw new SyntaxError(`${what} in JSON at position ${this.pos}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  end(): void {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('Unexpected non-whitespace character after JSON');
  }

  value(): JsonTree {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(c === undefined ? 'Unexpected end of JSON input' : `Unexpected token '${c}'`);
  }

  private object(): JsonTree {
    const out: { [key: string]: JsonTree } = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('Expected a property name');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail("Expected ':' after property name");
      // defineProperty: a "__proto__" key must become an own property, as with JSON.parse.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const sep = this.text[this.pos++];
      if (sep === '}') return out;
      if (sep !== ',') this.fail("Expected ',' or '}' after property value");
    }
  }

  private array(): JsonTree {
    const out: JsonTree[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const sep = this.text[this.pos++];
      if (sep === ']') return out;
      if (sep !== ',') this.fail("Expected ',' or ']' after array element");
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    return this.fail('Unterminated string');
  }

  private number(): JsonTree {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 4096));
    if (!match) return this.fail('No number after minus sign');
    this.pos += match[0].length;
    const text = match[0];
    if (match[2] === undefined && match[3] === undefined) {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    const significant = text.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
    return significant.length > 15 ? new JsonDecimal(text) : Number(text);
  }
}

/** Writes JSON text; bigints and JsonDecimals as bare numbers. */
export function stringifyJson(value: JsonTree): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? String(value) : `"${value}"`;
    case 'boolean': case 'bigint': return String(value);
  }
  if (value instanceof JsonDecimal) return value.text;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stringifyJson(value[i]);
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${stringifyJson(item)}`;
    first = false;
  }
  return `${out}}`;
}
