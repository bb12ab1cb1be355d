/**
 * Test cases in ksqlDB's `ksql-test-runner` layout: `statements.sql`, `input.json`
 * (`{"inputs": [...]}`), `output.json` (`{"outputs": [...]}`) and, in a case directory,
 * `meta.json` (properties, topics, expected exception, flags). Parsing is pure (`parseRecords`,
 * `parseMeta`); `readCaseDir` / `readCaseFiles` / `listCaseDirs` do the file I/O. JSON is read
 * with the lossless parser so numbers keep their lexemes (`10.50`, integers past 2^53).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FjordError } from '../../core/errors.js';
import { JsonNumber, parseJson, type JsonNode, type JsonObject } from '../types/json.js';

export interface CaseWindow {
  readonly start: number;
  readonly end: number;
  readonly type: 'time' | 'session';
}

export interface CaseHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/** One input or expected output record. */
export interface CaseRecord {
  readonly topic: string;
  /** null when absent (a null key). */
  readonly key: JsonNode;
  /** null is a tombstone. */
  readonly value: JsonNode;
  /** Inputs: defaults to 0. Outputs: undefined means "not checked". */
  readonly timestamp?: number;
  readonly window?: CaseWindow;
  /** Outputs: undefined means "no headers" (checked as such). Inputs: undefined is none. */
  readonly headers?: readonly CaseHeader[];
}

export interface ExpectedError {
  /** Java class name ksqlDB threw (informational). */
  readonly type?: string;
  /** A substring the message must contain. */
  readonly message?: string;
}

export interface CaseTopic {
  readonly name: string;
  readonly partitions?: number;
  readonly format?: string;
}

export interface TestCase {
  /** The directory name, or the statements file name for `-s/-i/-o`. */
  readonly id: string;
  /** ksqlDB's name for the case, when meta.json gives one. */
  readonly name?: string;
  readonly statements: string;
  readonly inputs: readonly CaseRecord[];
  readonly outputs: readonly CaseRecord[];
  readonly properties: Readonly<Record<string, string>>;
  readonly topics: readonly CaseTopic[];
  readonly expectedError?: ExpectedError;
  readonly flags: readonly string[];
}

/** What meta.json adds to the runner files. */
export interface CaseMeta {
  readonly name?: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly topics: readonly CaseTopic[];
  readonly expectedError?: ExpectedError;
  readonly flags: readonly string[];
}

function caseError(where: string, problem: string): FjordError {
  return new FjordError('INVALID_ARGUMENT', `${where}: ${problem}`);
}

function asObject(node: JsonNode, where: string): JsonObject {
  if (!(node instanceof Map)) throw caseError(where, 'expected a JSON object');
  return node;
}

function optionalString(obj: JsonObject, field: string, where: string): string | undefined {
  const v = obj.get(field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw caseError(where, `"${field}" must be a string`);
  return v;
}

function wholeNumber(node: JsonNode | undefined, what: string, where: string): number {
  const n = node instanceof JsonNumber && node.isIntegral ? Number(node.lexeme) : NaN;
  if (!Number.isSafeInteger(n)) throw caseError(where, `${what} must be a whole number, got ${node instanceof JsonNumber ? node.lexeme : JSON.stringify(node)}`);
  return n;
}

function parseWindow(node: JsonNode, where: string): CaseWindow {
  const w = asObject(node, `${where} window`);
  const type = optionalString(w, 'type', where) ?? 'time';
  if (type !== 'time' && type !== 'session') throw caseError(where, `window type must be "time" or "session", got "${type}"`);
  return { start: wholeNumber(w.get('start'), 'window start', where), end: wholeNumber(w.get('end'), 'window end', where), type };
}

function parseHeaders(node: JsonNode, where: string): CaseHeader[] {
  if (!Array.isArray(node)) throw caseError(where, '"headers" must be an array');
  return node.map((h, i) => {
    const obj = asObject(h, `${where} header ${i}`);
    const key = optionalString(obj, 'KEY', where);
    if (key === undefined) throw caseError(where, `header ${i} has no "KEY"`);
    const value = optionalString(obj, 'VALUE', where);
    return { key, value: value === undefined ? null : Buffer.from(value, 'base64') };
  });
}

/** One record object of input.json / output.json. */
export function parseRecord(node: JsonNode, where: string, isInput: boolean): CaseRecord {
  const obj = asObject(node, where);
  const topic = optionalString(obj, 'topic', where);
  if (topic === undefined) throw caseError(where, 'record has no "topic"');
  const ts = obj.get('timestamp');
  const timestamp = ts === undefined || ts === null ? (isInput ? 0 : undefined) : wholeNumber(ts, 'timestamp', where);
  const window = obj.has('window') && obj.get('window') !== null ? parseWindow(obj.get('window')!, where) : undefined;
  const headers = obj.has('headers') && obj.get('headers') !== null ? parseHeaders(obj.get('headers')!, where) : undefined;
  return { topic, key: obj.get('key') ?? null, value: obj.get('value') ?? null, timestamp, window, headers };
}

/** The records of input.json (`field` = "inputs") or output.json ("outputs"). */
export function parseRecords(text: string, field: 'inputs' | 'outputs', file: string): CaseRecord[] {
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (err) {
    throw caseError(file, (err as Error).message);
  }
  const list = asObject(root, file).get(field);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw caseError(file, `"${field}" must be an array`);
  return list.map((r, i) => parseRecord(r, `${file} ${field}[${i}]`, field === 'inputs'));
}

/** A property value as the engine takes it: strings as they are, numbers by lexeme, booleans as words. */
function propertyText(node: JsonNode, name: string, file: string): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'boolean') return String(node);
  if (node instanceof JsonNumber) return node.lexeme;
  throw caseError(file, `property ${name} must be a string, number or boolean`);
}

/** meta.json of a case directory. */
export function parseMeta(text: string, file: string): CaseMeta {
  let root: JsonNode;
  try {
    root = parseJson(text);
  } catch (err) {
    throw caseError(file, (err as Error).message);
  }
  const meta = asObject(root, file);
  const properties: Record<string, string> = {};
  const props = meta.get('properties');
  if (props !== undefined && props !== null) for (const [k, v] of asObject(props, `${file} properties`)) properties[k] = propertyText(v, k, file);
  const topicsNode = meta.get('topics') ?? [];
  if (!Array.isArray(topicsNode)) throw caseError(file, '"topics" must be an array');
  const topics = topicsNode.map((t, i): CaseTopic => {
    const obj = asObject(t, `${file} topics[${i}]`);
    const name = optionalString(obj, 'name', file);
    if (name === undefined) throw caseError(file, `topics[${i}] has no "name"`);
    const p = obj.get('partitions');
    return { name, partitions: p === undefined || p === null ? undefined : wholeNumber(p, 'partitions', file), format: optionalString(obj, 'format', file) };
  });
  const ex = meta.get('expectedException');
  const expectedError = ex === undefined || ex === null ? undefined : { type: optionalString(asObject(ex, file), 'type', file), message: optionalString(asObject(ex, file), 'message', file) };
  const flagsNode = meta.get('flags') ?? [];
  const flags = Array.isArray(flagsNode) ? flagsNode.filter((f): f is string => typeof f === 'string') : [];
  return { name: optionalString(meta, 'name', file), properties, topics, expectedError, flags };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw caseError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The runner's own files: `-s statements.sql [-i input.json] -o output.json`. */
export function readCaseFiles(files: { statements: string; input?: string; output?: string }): TestCase {
  return {
    id: path.basename(files.statements),
    statements: readText(files.statements),
    inputs: files.input === undefined ? [] : parseRecords(readText(files.input), 'inputs', files.input),
    outputs: files.output === undefined ? [] : parseRecords(readText(files.output), 'outputs', files.output),
    properties: {},
    topics: [],
    flags: [],
  };
}

/** A case directory: statements.sql plus, when present, input.json, output.json and meta.json. */
export function readCaseDir(dir: string): TestCase {
  const file = (name: string): string | undefined => (fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
  const statements = file('statements.sql');
  if (statements === undefined) throw caseError(dir, 'not a test case directory (no statements.sql)');
  const base = readCaseFiles({ statements, input: file('input.json'), output: file('output.json') });
  const metaFile = file('meta.json');
  const meta = metaFile === undefined ? undefined : parseMeta(readText(metaFile), metaFile);
  return { ...base, id: path.basename(path.resolve(dir)), ...(meta ?? {}) };
}

/** Case directories get at most this deep below the root given to `--cases`. */
export const CASE_DEPTH_MAX = 4;

/** Every directory at or below `root` holding a statements.sql, sorted by path. */
export function listCaseDirs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (fs.existsSync(path.join(dir, 'statements.sql'))) {
      found.push(dir);
      return;
    }
    if (depth >= CASE_DEPTH_MAX) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name), depth + 1);
    }
  };
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw caseError(root, 'not a directory');
  walk(root, 0);
  return found.sort();
}
