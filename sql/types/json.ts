/**
 * Lossless JSON: a parser and writer that keep every number's lexeme (`10.50` stays `10.50`,
 * `9007199254740993` keeps every digit), for ksqlDB's JSON format and for comparing test records.
 *
 * The tree (`JsonNode`):
 * | JSON    | node                                                        |
 * |---------|-------------------------------------------------------------|
 * | null    | `null`                                                      |
 * | boolean | `boolean`                                                   |
 * | string  | `string`                                                    |
 * | number  | `JsonNumber` (its lexeme exactly as written)                |
 * | array   | `JsonNode[]`                                                |
 * | object  | `Map<string, JsonNode>` in the order written (a repeated key keeps its first place and its last value, as Jackson does) |
 */

/** A JSON number as written. Compare and convert through the lexeme; never through a JS number unless asked. */
export class JsonNumber {
  constructor(readonly lexeme: string) {}

  /** The nearest double (what `JSON.parse` would give). */
  toNumber(): number {
    return Number(this.lexeme);
  }

  /** True when the lexeme has no fraction and no exponent (`12`, `-3`). */
  get isIntegral(): boolean {
    return !/[.eE]/.test(this.lexeme);
  }

  toString(): string {
    return this.lexeme;
  }
}

export type JsonObject = Map<string, JsonNode>;
export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;

/** A JSON syntax error; the message names the line and column (1-based) of the problem. */
export class JsonParseError extends Error {
  constructor(readonly problem: string, readonly line: number, readonly column: number, readonly offset: number) {
    super(`Invalid JSON at line ${line}:${column}: ${problem}`);
    this.name = 'JsonParseError';
  }
}

/** Containers (arrays and objects) nested deeper than this are rejected rather than risking the JS stack. */
export const JSON_DEPTH_MAX = 1000;

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses one JSON document (surrounding whitespace allowed). Throws `JsonParseError`. */
export function parseJson(text: string): JsonNode {
  const p = new Parser(text);
  p.skipWs();
  const node = p.value(0);
  p.skipWs();
  if (p.pos < text.length) p.fail(`unexpected ${p.describeHere()} after the JSON value`);
  return node;
}

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(problem: string, at: number = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonParseError(problem, line, at - lineStart + 1, at);
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return 'end of input';
    return `character ${JSON.stringify(this.text[this.pos])}`;
  }

  skipWs(): void {
    const t = this.text;
    let i = this.pos;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.pos = i;
  }

  value(depth: number): JsonNode {
    const c = this.text.charCodeAt(this.pos);
    if ((c === 123 || c === 91) && depth >= JSON_DEPTH_MAX) this.fail(`nesting deeper than ${JSON_DEPTH_MAX}`);
    switch (c) {
      case 123: return this.object(depth);
      case 91: return this.array(depth);
      case 34: return this.string();
      case 116: return this.literal('true', true);
      case 102: return this.literal('false', false);
      case 110: return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail(`unexpected ${this.describeHere()}, expected a value`);
    }
  }

  literal<T extends JsonNode>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected ${this.describeHere()}, expected a value`);
    this.pos += word.length;
    return v;
  }

  number(): JsonNumber {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) return this.fail('malformed number');
    const end = this.pos + m[0].length;
    const next = this.text.charCodeAt(end);
    // `01`, `1.`, `1e` leave a digit, dot or e behind the longest valid prefix.
    if ((next >= 48 && next <= 57) || next === 46 || next === 101 || next === 69) this.fail('malformed number', end);
    this.pos = end;
    return new JsonNumber(m[0]);
  }

  string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= t.length) this.fail('unterminated string', this.pos);
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) this.fail('control character in string', i);
      if (c === 92) {
        out += t.slice(runStart, i);
        i = this.escape(i, (s) => (out += s));
        runStart = i;
        continue;
      }
      i++;
    }
    out += t.slice(runStart, i);
    this.pos = i + 1;
    return out;
  }

  /** Decodes the escape at `i` (the backslash); returns the index after it. */
  escape(i: number, emit: (s: string) => void): number {
    const e = this.text[i + 1];
    const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      emit(simple);
      return i + 2;
    }
    if (e === 'u') {
      const hex = this.text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape', i);
      emit(String.fromCharCode(parseInt(hex, 16)));
      return i + 6;
    }
    return this.fail('bad escape in string', i);
  }

  array(depth: number): JsonNode[] {
    this.pos++;
    const out: JsonNode[] = [];
    this.skipWs();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth + 1));
      this.skipWs();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return out;
      if (c !== 44) this.fail(`unexpected ${this.describeAt(this.pos - 1)}, expected ',' or ']'`, this.pos - 1);
    }
  }

  object(depth: number): JsonObject {
    this.pos++;
    const out: JsonObject = new Map();
    this.skipWs();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.text.charCodeAt(this.pos) !== 34) this.fail(`unexpected ${this.describeHere()}, expected a field name`);
      const key = this.string();
      this.skipWs();
      if (this.text.charCodeAt(this.pos) !== 58) this.fail(`unexpected ${this.describeHere()}, expected ':'`);
      this.pos++;
      this.skipWs();
      out.set(key, this.value(depth + 1));
      this.skipWs();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return out;
      if (c !== 44) this.fail(`unexpected ${this.describeAt(this.pos - 1)}, expected ',' or '}'`, this.pos - 1);
    }
  }

  describeAt(at: number): string {
    const saved = this.pos;
    this.pos = at;
    const d = this.describeHere();
    this.pos = saved;
    return d;
  }
}

/** Writes compact JSON (`{"A":1.50,"B":[1,"x"]}`); numbers are written as their lexemes. */
export function stringifyJson(node: JsonNode): string {
  const parts: string[] = [];
  write(node, parts);
  return parts.join('');
}

function write(node: JsonNode, out: string[]): void {
  if (node === null) out.push('null');
  else if (typeof node === 'boolean') out.push(node ? 'true' : 'false');
  else if (typeof node === 'string') out.push(JSON.stringify(node));
  else if (node instanceof JsonNumber) out.push(node.lexeme);
  else if (Array.isArray(node)) {
    out.push('[');
    for (let i = 0; i < node.length; i++) {
      if (i > 0) out.push(',');
      write(node[i]!, out);
    }
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const [k, v] of node) {
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(v, out);
    }
    out.push('}');
  }
}

/**
 * Deep equality for comparing expected and actual records: numbers are equal only when their
 * lexemes are (`1.50` ≠ `1.5`, `1` ≠ `1.0`), object key order does not matter, array order does.
 */
export function jsonNodesEqual(a: JsonNode, b: JsonNode): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof JsonNumber) return b instanceof JsonNumber && a.lexeme === b.lexeme;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonNodesEqual(a[i]!, b[i]!)) return false;
    return true;
  }
  if (!(b instanceof Map) || a.size !== b.size) return false;
  for (const [k, v] of a) {
    if (!b.has(k) || !jsonNodesEqual(v, b.get(k)!)) return false;
  }
  return true;
}

/** Helpers to build nodes in code and tests. */
export const jsonNumber = (lexeme: string | number | bigint): JsonNumber => new JsonNumber(String(lexeme));
export const jsonObject = (entries: Iterable<readonly [string, JsonNode]> | Record<string, JsonNode>): JsonObject =>
  Symbol.iterator in entries ? new Map(entries as Iterable<[string, JsonNode]>) : new Map(Object.entries(entries));

/**
 * Converts a plain `JSON.parse`-style value (numbers as JS numbers, objects as plain objects) to a
 * node. Numbers are written as JS prints them, so use it only for values whose numbers are exact.
 */
export function fromPlain(value: unknown): JsonNode {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`JSON has no ${value}`);
    return new JsonNumber(String(value));
  }
  if (typeof value === 'bigint') return new JsonNumber(value.toString());
  if (value instanceof JsonNumber) return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [String(k), fromPlain(v)]));
  if (typeof value === 'object') return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)]));
  throw new TypeError(`not representable in JSON: ${typeof value}`);
}

/** A node to a plain value for display or loose use: numbers become JS numbers (lossy), objects plain objects. */
export function toPlain(node: JsonNode): unknown {
  if (node instanceof JsonNumber) return node.toNumber();
  if (Array.isArray(node)) return node.map(toPlain);
  if (node instanceof Map) return Object.fromEntries([...node].map(([k, v]) => [k, toPlain(v)]));
  return node;
}
