import { expect } from 'chai';
import type { TestCase } from '../../../sql/testing/case.js';
import { classifyCase, entryLine, failureClassLine, summarize, summaryLine, type SuiteEntry } from '../../../sql/testing/run-suite.js';

const base: TestCase = { id: 'c', statements: '', inputs: [], outputs: [{ topic: 'T', key: null, value: null }], properties: {}, topics: [], flags: [] };

describe('running a suite of cases', () => {
  it('skips cases needing test-only UDFs and counts cases that assert nothing apart', () => {
    expect(classifyCase(base)).to.equal('run');
    expect(classifyCase({ ...base, flags: ['needs-test-only-udfs'] })).to.equal('skipped');
    expect(classifyCase({ ...base, outputs: [] })).to.equal('asserts-nothing');
    expect(classifyCase({ ...base, outputs: [], flags: ['no-expected-outputs'], expectedError: { message: 'x' } })).to.equal('run');
  });

  it('computes the pass rate over the cases that assert something, and failures by class', () => {
    const entries: SuiteEntry[] = [
      { id: 'a', status: 'pass' }, { id: 'b', status: 'pass' }, { id: 'c', status: 'pass' },
      { id: 'd', status: 'fail', failureClass: 'value', reason: 'r' },
      { id: 'e', status: 'skipped' }, { id: 'f', status: 'asserts-nothing' },
    ];
    const s = summarize(entries);
    expect([s.passed, s.failed, s.skipped, s.assertsNothing, s.passRate]).to.deep.equal([3, 1, 1, 1, 0.75]);
    expect(summaryLine(s)).to.equal('3 passed, 1 failed (1 skipped, 1 asserting nothing)');
    expect(failureClassLine(summarize([...entries, { id: 'g', status: 'fail', failureClass: 'key' }, { id: 'h', status: 'fail', failureClass: 'key' }]))).to.equal('key 2, value 1');
  });

  it('prints one line per case, a failure\'s reason flattened to one line', () => {
    expect(entryLine({ id: 'a', status: 'pass' })).to.equal('PASS a');
    expect(entryLine({ id: 'b', status: 'fail', reason: 'line 1:2: Syntax Error\nmissing x\n' })).to.equal('FAIL b: line 1:2: Syntax Error missing x');
    expect(entryLine({ id: 'c', status: 'skipped', reason: 'why' })).to.equal('SKIP c: why');
  });
});
