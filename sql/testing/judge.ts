/**
 * Judging a case the way ksqlDB's test runner does: only topics named in the expected outputs
 * are checked; per topic, the same number of records in the same order; a missing expected key
 * means a null key; windows by start, end and type; timestamps only where expected (and, when
 * the case had no input records — its data came from INSERT VALUES at wall-clock time — not when
 * expected as 0); values by their SQL type where known (typed-match.ts: DECIMAL by value and
 * scale, DOUBLE by value, ...), else by lexeme; headers exactly (absent means none). Pure.
 */
import { JsonNumber, jsonNodesEqual, stringifyJson, type JsonNode } from '../types/json.js';
import type { Type } from '../types/types.js';
import type { CaseHeader, CaseRecord, CaseWindow, ExpectedError } from './case.js';
import { matchesTyped } from './typed-match.js';

/** A record actually produced, rendered in the output.json shape. */
export interface ActualRecord {
  readonly topic: string;
  readonly key: JsonNode;
  readonly value: JsonNode;
  readonly timestamp: number;
  readonly window?: CaseWindow;
  readonly headers: readonly CaseHeader[];
  /** The key / value came from a text format (DELIMITED): an expected number or boolean matches its text. */
  readonly keyIsText?: boolean;
  readonly valueIsText?: boolean;
  /** The SQL type of the key / value as written (a STRUCT for a row of columns): compared as ksqlDB's runner compares typed values. Absent: by lexeme. */
  readonly keyType?: Type;
  readonly valueType?: Type;
}

/** Why a case failed, coarsely, for counting failures by cause. */
export type FailureClass =
  | 'statement-error' // a statement failed though no error was expected
  | 'error-not-raised' // an error was expected and every statement succeeded
  | 'wrong-error-message' // an error happened but its message lacks the expected text
  | 'record-count'
  | 'key'
  | 'value'
  | 'timestamp'
  | 'window'
  | 'headers'
  | 'timeout'
  | 'runner-error'; // the case could not be read or run (bad files, a crash in the runner)

export type Verdict = { readonly pass: true } | { readonly pass: false; readonly failureClass: FailureClass; readonly reason: string };

export interface JudgeOptions {
  /** The case fed no input records: an expected timestamp of 0 is not checked. */
  readonly ignoreZeroTimestamps: boolean;
}

/** Longest rendering of a value inside a failure reason. */
export const SHOWN_CHARS_MAX = 300;

const PASS: Verdict = { pass: true };

function fail(failureClass: FailureClass, reason: string): Verdict {
  return { pass: false, failureClass, reason };
}

export function show(node: JsonNode | undefined): string {
  const text = node === undefined ? 'absent' : stringifyJson(node);
  return text.length > SHOWN_CHARS_MAX ? `${text.slice(0, SHOWN_CHARS_MAX)}...` : text;
}

/**
 * Equality of an expected node and an actual one: by type when the actual's type is known (see
 * typed-match.ts), else by lexeme; a text-format actual matches a scalar's lexeme.
 */
function matches(expected: JsonNode, actual: JsonNode, actualIsText: boolean, type: Type | undefined): boolean {
  if (type !== undefined && !actualIsText) return matchesTyped(expected, actual, type);
  if (jsonNodesEqual(expected, actual)) return true;
  if (!actualIsText || typeof actual !== 'string') return false;
  return (expected instanceof JsonNumber || typeof expected === 'boolean') && String(expected) === actual;
}

function showWindow(w: CaseWindow | undefined): string {
  return w === undefined ? 'none' : `${w.type} [${w.start}, ${w.end}]`;
}

function showHeaders(h: readonly CaseHeader[]): string {
  return `[${h.map((x) => `${x.key}=${x.value === null ? 'null' : x.value.toString('base64')}`).join(', ')}]`;
}

function headersEqual(a: readonly CaseHeader[], b: readonly CaseHeader[]): boolean {
  return a.length === b.length && a.every((h, i) => h.key === b[i].key && (h.value === null ? b[i].value === null : b[i].value !== null && h.value.equals(b[i].value!)));
}

/** Compares one expected record with the actual one at the same place; null when they match. */
export function compareRecord(expected: CaseRecord, actual: ActualRecord, options: JudgeOptions): { failureClass: FailureClass; problem: string } | null {
  if (!matches(expected.key, actual.key, actual.keyIsText === true, actual.keyType)) return { failureClass: 'key', problem: `key: expected ${show(expected.key)}, got ${show(actual.key)}` };
  if (!matches(expected.value, actual.value, actual.valueIsText === true, actual.valueType)) return { failureClass: 'value', problem: `value: expected ${show(expected.value)}, got ${show(actual.value)}` };
  const ts = expected.timestamp;
  if (ts !== undefined && !(options.ignoreZeroTimestamps && ts === 0) && ts !== actual.timestamp) {
    return { failureClass: 'timestamp', problem: `timestamp: expected ${ts}, got ${actual.timestamp}` };
  }
  const ew = expected.window;
  const aw = actual.window;
  if ((ew === undefined) !== (aw === undefined) || (ew !== undefined && aw !== undefined && (ew.start !== aw.start || ew.end !== aw.end || ew.type !== aw.type))) {
    return { failureClass: 'window', problem: `window: expected ${showWindow(ew)}, got ${showWindow(aw)}` };
  }
  const eh = expected.headers ?? [];
  if (!headersEqual(eh, actual.headers)) return { failureClass: 'headers', problem: `headers: expected ${showHeaders(eh)}, got ${showHeaders(actual.headers)}` };
  return null;
}

/** The topics named in the expected outputs, in order of first appearance. */
export function expectedTopics(expected: readonly CaseRecord[]): string[] {
  return [...new Set(expected.map((r) => r.topic))];
}

/** Judges the records produced to each expected topic against the expected outputs. */
export function judgeOutputs(expected: readonly CaseRecord[], actualByTopic: ReadonlyMap<string, readonly ActualRecord[]>, options: JudgeOptions): Verdict {
  for (const topic of expectedTopics(expected)) {
    const want = expected.filter((r) => r.topic === topic);
    const got = actualByTopic.get(topic) ?? [];
    const n = Math.min(want.length, got.length);
    let firstDiff: { index: number; failureClass: FailureClass; problem: string } | null = null;
    for (let i = 0; i < n && firstDiff === null; i++) {
      const diff = compareRecord(want[i], got[i], options);
      if (diff !== null) firstDiff = { index: i, ...diff };
    }
    if (want.length !== got.length) {
      const detail = firstDiff === null ? '' : `; first difference at record ${firstDiff.index}: ${firstDiff.problem}`;
      return fail('record-count', `topic ${topic}: expected ${want.length} records, got ${got.length}${detail}`);
    }
    if (firstDiff !== null) return fail(firstDiff.failureClass, `topic ${topic} record ${firstDiff.index}: ${firstDiff.problem}`);
  }
  return PASS;
}

/**
 * Judges a case by whether the statements failed: with an expected error, the run must fail
 * with a message containing the expected text (when one is given); without one, it must not fail.
 * Returns null when the statements succeeded and no error was expected (judge the outputs next).
 */
export function judgeError(expected: ExpectedError | undefined, actualError: string | null): Verdict | null {
  if (expected === undefined) return actualError === null ? null : fail('statement-error', actualError);
  if (actualError === null) return fail('error-not-raised', `expected an error${expected.message === undefined ? '' : ` containing ${JSON.stringify(expected.message)}`}, but every statement succeeded`);
  if (expected.message !== undefined && !actualError.includes(expected.message)) {
    return fail('wrong-error-message', `expected an error containing ${JSON.stringify(expected.message)}, got ${JSON.stringify(actualError)}`);
  }
  return PASS;
}
