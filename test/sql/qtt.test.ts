/**
 * Runs every ksqlDB query-validation case in ../shared/ksql-qtt (in one worker thread, replaced
 * when a case hangs or crashes it), as `fjord sql-test --cases` does, prints the pass rate over the cases that assert something and
 * the failures by class (and the most common statement errors), and fails when the result drops
 * below the floor recorded in qtt-floor.json.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCaseDirs } from '../../sql/testing/case.js';
import { IsolatedCaseRunner } from '../../sql/testing/isolated-runner.js';
import { failureClassLine, runSuite, summaryLine, type SuiteEntry } from '../../sql/testing/run-suite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const QTT_DIR = path.resolve(here, '..', '..', '..', 'shared', 'ksql-qtt');
const FLOOR_FILE = path.join(here, 'qtt-floor.json');
/** Statement-error messages shown in the report, most frequent first. */
const TOP_ERRORS_SHOWN = 15;

interface Floor {
  passedMin: number;
  passRateMin: number;
}

/** The first words of a message, numbers and quoted names blanked, so alike errors group together. */
function errorShape(message: string): string {
  return message.split('\n')[0].replace(/(^|[^A-Za-z])('[^']*'|`[^`]*`|"[^"]*")/g, "$1'…'").replace(/\d+/g, 'N').slice(0, 90);
}

function topErrors(entries: readonly SuiteEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (e.failureClass !== 'statement-error' && e.failureClass !== 'runner-error') continue;
    const shape = errorShape(e.reason ?? '');
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, TOP_ERRORS_SHOWN).map(([shape, n]) => `${String(n).padStart(5)}  ${shape}`);
}

describe('ksqlDB query-validation cases (../shared/ksql-qtt)', function () {
  this.timeout(600_000);

  it('pass at least as often as the recorded floor', async () => {
    const floor = JSON.parse(fs.readFileSync(FLOOR_FILE, 'utf8')) as Floor;
    const dirs = listCaseDirs(QTT_DIR);
    expect(dirs.length, `cases in ${QTT_DIR}`).to.be.at.least(600);
    const started = Date.now();
    // In a worker thread: a case that blocks the event loop fails alone instead of hanging CI.
    const runner = new IsolatedCaseRunner();
    const { entries, summary } = await runSuite(dirs, (dir) => runner.run(dir)).finally(() => runner.close());
    const asserted = summary.passed + summary.failed;
    const lines = [
      `qtt: ${summaryLine(summary)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `qtt: pass rate ${(summary.passRate * 100).toFixed(1)}% of ${asserted} cases that assert something (floor: ${floor.passedMin} passed, ${(floor.passRateMin * 100).toFixed(1)}%)`,
      `qtt: failures by class: ${failureClassLine(summary) || 'none'}`,
      'qtt: most common statement errors:',
      ...topErrors(entries).map((l) => `qtt: ${l}`),
    ];
    console.log(lines.join('\n'));
    expect(summary.passed, 'cases passed (qtt-floor.json passedMin)').to.be.at.least(floor.passedMin);
    expect(summary.passRate, 'pass rate (qtt-floor.json passRateMin)').to.be.at.least(floor.passRateMin);
  });
});
