/**
 * Running many case directories in one process (`fjord sql-test --cases`, the qtt CI test):
 * each case is read, classified (skipped when it needs ksqlDB's test-only UDFs; "asserts nothing"
 * when it has neither expected outputs nor an expected error), run and judged; one line per case
 * and a summary with the pass rate over the cases that assert something and failures by class.
 */
import { readCaseDir, type TestCase } from './case.js';
import type { FailureClass } from './judge.js';
import { runCase, type CaseResult, type RunCaseOptions } from './run-case.js';

export type CaseStatus = 'pass' | 'fail' | 'skipped' | 'asserts-nothing';

export interface SuiteEntry {
  readonly id: string;
  readonly status: CaseStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  readonly failureClass?: FailureClass;
  /** Absent for skipped cases and cases that could not be read. */
  readonly result?: CaseResult;
}

export interface SuiteSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly assertsNothing: number;
  /** passed / (passed + failed); 0 when nothing was asserted. */
  readonly passRate: number;
  readonly byFailureClass: Readonly<Partial<Record<FailureClass, number>>>;
}

/** Whether a case is run and judged, skipped, or run without counting. */
export function classifyCase(c: TestCase): CaseStatus | 'run' {
  if (c.flags.includes('needs-test-only-udfs')) return 'skipped';
  if (c.expectedError === undefined && (c.outputs.length === 0 || c.flags.includes('no-expected-outputs'))) return 'asserts-nothing';
  return 'run';
}

/** Reads, classifies and runs the case in `dir`. Never throws. */
export async function runCaseDir(dir: string, options: RunCaseOptions): Promise<SuiteEntry> {
  let c: TestCase;
  try {
    c = readCaseDir(dir);
  } catch (err) {
    return { id: dir, status: 'fail', failureClass: 'runner-error', reason: `cannot read the case: ${(err as Error).message}` };
  }
  const kind = classifyCase(c);
  if (kind === 'skipped') return { id: c.id, status: 'skipped', reason: 'needs ksqlDB test-only UDFs' };
  const result = await runCase(c, options);
  if (kind === 'asserts-nothing') return { id: c.id, status: 'asserts-nothing', reason: 'no expected outputs and no expected error', result };
  if (result.verdict.pass) return { id: c.id, status: 'pass', result };
  return { id: c.id, status: 'fail', failureClass: result.verdict.failureClass, reason: result.verdict.reason, result };
}

/** Runs one case directory: `runCaseDir` in this process, or an IsolatedCaseRunner's `run`. */
export type CaseDirRunner = (dir: string) => Promise<SuiteEntry>;

/** Runs the cases one after another, calling `onEntry` as each finishes. */
export async function runSuite(dirs: readonly string[], runOne: CaseDirRunner, onEntry: (e: SuiteEntry) => void | Promise<void> = () => {}): Promise<{ entries: SuiteEntry[]; summary: SuiteSummary }> {
  const entries: SuiteEntry[] = [];
  for (const dir of dirs) {
    const entry = await runOne(dir);
    entries.push(entry);
    await onEntry(entry);
  }
  return { entries, summary: summarize(entries) };
}

export function summarize(entries: readonly SuiteEntry[]): SuiteSummary {
  const count = (s: CaseStatus): number => entries.filter((e) => e.status === s).length;
  const passed = count('pass');
  const failed = count('fail');
  const byFailureClass: Partial<Record<FailureClass, number>> = {};
  for (const e of entries) if (e.failureClass !== undefined) byFailureClass[e.failureClass] = (byFailureClass[e.failureClass] ?? 0) + 1;
  return { passed, failed, skipped: count('skipped'), assertsNothing: count('asserts-nothing'), passRate: passed + failed === 0 ? 0 : passed / (passed + failed), byFailureClass };
}

/** Longest reason printed on a case's line. */
export const REASON_CHARS_MAX = 400;

/** One line per case: `PASS id`, `FAIL id: reason`, `SKIP id: reason`, `NONE id: reason`. */
export function entryLine(e: SuiteEntry): string {
  const oneLine = (s: string): string => {
    const flat = s.replace(/\s*\n\s*/g, ' ').trim();
    return flat.length > REASON_CHARS_MAX ? `${flat.slice(0, REASON_CHARS_MAX)}...` : flat;
  };
  switch (e.status) {
    case 'pass': return `PASS ${e.id}`;
    case 'fail': return `FAIL ${e.id}: ${oneLine(e.reason ?? '')}`;
    case 'skipped': return `SKIP ${e.id}: ${e.reason ?? ''}`;
    case 'asserts-nothing': return `NONE ${e.id}: asserts nothing (${e.reason ?? ''})`;
  }
}

/** `N passed, N failed` and, when there are any, the skipped and asserting-nothing counts. */
export function summaryLine(s: SuiteSummary): string {
  const extra = [s.skipped > 0 ? `${s.skipped} skipped` : '', s.assertsNothing > 0 ? `${s.assertsNothing} asserting nothing` : ''].filter(Boolean);
  return `${s.passed} passed, ${s.failed} failed${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

/** The failure classes, most frequent first: `value 12, record-count 5`. */
export function failureClassLine(s: SuiteSummary): string {
  return Object.entries(s.byFailureClass).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${n}`).join(', ');
}
