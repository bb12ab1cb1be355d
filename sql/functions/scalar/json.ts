/** JSON functions over JSON text: EXTRACTJSONFIELD, JSON_ARRAY_LENGTH, JSON_CONCAT, JSON_KEYS, JSON_RECORDS, IS_JSON_STRING, TO_JSON_STRING. */
import { type JsonNode, JsonNumber, parseJson, stringifyJson } from '../../types/json.js';
import { valueToJsonNode, formatDate, formatTime, formatTimestamp, decimalPlainString } from '../../types/render.js';
import type { Decimal } from '../../types/decimal.js';
import { type Type, STRING } from '../../types/types.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig, sigBound } from './define.js';

const CAT = 'JSON';

/**
 * Parses JSON text as ksqlDB's Jackson mapper does: the first value counts and anything after it
 * is ignored (`{"a": 1}}` reads as `{"a": 1}`). undefined when no value parses.
 */
function tryParse(text: string): JsonNode | undefined {
  try {
    return parseJson(text);
  } catch {
    const end = firstValueEnd(text);
    if (end < 0 || end >= text.trimEnd().length) return undefined;
    try {
      return parseJson(text.slice(0, end));
    } catch {
      return undefined;
    }
  }
}

/** The index just past the first complete object or array in `text` (strings skipped), or -1. */
function firstValueEnd(text: string): number {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== '{' && text[i] !== '[') return -1;
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** `$.a.b[0]`, `$['a']["b"]`, `$.a[*]`-free JsonPath: the steps, or null when malformed. */
function pathSteps(path: string): (string | number)[] | null {
  const p = path.trim();
  if (!p.startsWith('$')) return null;
  const steps: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[\s*(\d+)\s*\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < p.length) {
    const m = re.exec(p);
    if (m === null) return null;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4])!);
  }
  return steps;
}

/** A node as ksqlDB's JSON functions return it as text: strings unquoted, everything else (null too) as JSON. */
function nodeText(n: JsonNode): string {
  return typeof n === 'string' ? n : stringifyJson(n);
}

function extractJsonField(json: string, path: string): string | null {
  const steps = pathSteps(path);
  let node = tryParse(json);
  if (steps === null || node === undefined) return null;
  for (const s of steps) {
    // As ksqlDB's tokens: on an array every token must be an index, on an object a field name.
    if (Array.isArray(node)) {
      if (!/^-?\d+$/.test(String(s))) return null;
      node = node[Number(s)];
    } else if (node instanceof Map) node = node.get(String(s));
    else return null;
    if (node === undefined) return null;
  }
  // A JSON null is Jackson's NullNode, whose text is "null" (only a missing path gives NULL).
  return node === null ? 'null' : nodeText(node);
}

function jsonConcat(...texts: (string | null)[]): string | null {
  const nodes: JsonNode[] = [];
  for (const t of texts) {
    if (t === null) return null;
    const n = tryParse(t);
    if (n === undefined) return null;
    nodes.push(n);
  }
  if (nodes.length === 0) return null;
  if (nodes.length === 1) return stringifyJson(nodes[0]!);
  if (nodes.every((n) => n instanceof Map)) {
    const out = new Map<string, JsonNode>();
    for (const n of nodes) for (const [k, v] of n as Map<string, JsonNode>) out.set(k, v);
    return stringifyJson(out);
  }
  const out: JsonNode[] = [];
  for (const n of nodes) {
    if (Array.isArray(n)) out.push(...n);
    else out.push(n);
  }
  return stringifyJson(out);
}

/**
 * TO_JSON_STRING's tree, as ksqlDB prepares values for Jackson: DATE / TIME / TIMESTAMP as
 * ksqlDB's text (`2021-03-04`, `16:43:40`, `2021-03-04T12:00:00.000`), BYTES as base64, and
 * struct fields and map keys sorted by name (ksqlDB uses TreeMaps "for predictable order").
 */
function toJsonTree(value: unknown, type: Type): JsonNode {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'DATE': return formatDate(value as number);
    case 'TIME': return formatTime(value as number);
    case 'TIMESTAMP': return formatTimestamp(value as number);
    // ksqlDB's mapper writes BigDecimals plain (WRITE_BIGDECIMAL_AS_PLAIN).
    case 'DECIMAL': return new JsonNumber(decimalPlainString(value as Decimal));
    case 'ARRAY': return (value as unknown[]).map((v) => toJsonTree(v, type.element));
    case 'MAP': {
      const entries = [...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), toJsonTree(v, type.value)] as [string, JsonNode]);
      return new Map(entries.sort(byKey));
    }
    case 'STRUCT': {
      const rec = value as Record<string, unknown>;
      return new Map(type.fields.map((f) => [f.name, toJsonTree(rec[f.name] ?? null, f.type)] as [string, JsonNode]).sort(byKey));
    }
    default: return valueToJsonNode(value, type);
  }
}

const byKey = (a: [string, JsonNode], b: [string, JsonNode]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Does JSON element `e` equal `val` of SQL type `kind`, as Jackson token kinds match Java types? */
function jsonElementEquals(e: JsonNode, val: unknown, kind: string | null): boolean {
  if (e === null || val === null) return e === null && val === null;
  if (typeof e === 'string' || typeof e === 'boolean') return e === val;
  if (!(e instanceof JsonNumber)) return false;
  if (e.isIntegral) return (kind === 'INTEGER' || kind === 'BIGINT') && BigInt(e.lexeme) === BigInt(val as number | bigint);
  return kind === 'DOUBLE' && e.toNumber() === val;
}

/** JSON_ARRAY_CONTAINS: whether a top-level element equals `val` (nested arrays and objects never match). */
function jsonArrayContains(json: string | null, val: unknown, kind: string | null): boolean {
  const n = json === null ? undefined : tryParse(json);
  return Array.isArray(n) && n.some((e) => jsonElementEquals(e, val, kind));
}

export const jsonFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('extractjsonfield', CAT, 'Given a STRING that contains JSON data, extracts the value at the given JSONPath; NULL when absent.', [
    sig('STRING', ['STRING', 'STRING'], extractJsonField),
  ]),
  scalar('json_array_contains', CAT, 'Whether a JSON array contains a value (false for anything else).', [
    sigBound('BOOLEAN', ['STRING', 'T'], (c) => {
      const kind = c.args[1]?.kind ?? null;
      return (json: string | null, val: unknown) => jsonArrayContains(json, val, kind);
    }, { nulls: true }),
  ]),
  scalar('json_items', CAT, 'The objects of a JSON array, each as JSON text; NULL unless every element is an object.', [
    sig('ARRAY<STRING>', ['STRING'], (s: string) => {
      const n = tryParse(s);
      if (!Array.isArray(n) || !n.every((e) => e instanceof Map)) return null;
      return n.map((e) => stringifyJson(e));
    }),
  ]),
  scalar('json_array_length', CAT, 'The number of elements of a JSON array; NULL for anything else.', [
    sig('INTEGER', ['STRING'], (s: string) => {
      const n = tryParse(s);
      return Array.isArray(n) ? n.length : null;
    }),
  ]),
  scalar('json_concat', CAT, 'Merges JSON objects (later keys win), or concatenates arrays (other values become elements).', [
    sig('STRING', ['...STRING'], jsonConcat, { nulls: true }),
  ]),
  scalar('json_keys', CAT, 'The keys of a JSON object; NULL for anything else.', [
    sig('ARRAY<STRING>', ['STRING'], (s: string) => {
      const n = tryParse(s);
      return n instanceof Map ? [...n.keys()] : null;
    }),
  ]),
  scalar('json_records', CAT, 'The key-value pairs of a JSON object, values as JSON text (strings unquoted); NULL for anything else.', [
    sig('MAP<STRING, STRING>', ['STRING'], (s: string) => {
      const n = tryParse(s);
      if (!(n instanceof Map)) return null;
      return new Map([...n].map(([k, v]) => [k, v === null ? 'null' : nodeText(v)]));
    }),
  ]),
  scalar('is_json_string', CAT, 'Whether a string is valid JSON.', [
    sig('BOOLEAN', ['STRING'], (s: string | null) => s !== null && tryParse(s) !== undefined, { nulls: true }),
  ]),
  scalar('to_json_string', CAT, 'Converts any value to its JSON text.', [
    sigBound('STRING', ['T'], (c) => {
      const t = c.args[0] ?? STRING;
      return (v: unknown) => stringifyJson(toJsonTree(v, t));
    }, { nulls: true }),
  ]),
];

