import { expect } from 'chai';
import { formatType } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, compileError, evalConst, render } from './helpers.js';

describe('expression compiler: CASE', () => {
  const cols = columns([['ORDERUNITS', T.DOUBLE], ['N', T.INTEGER]]);

  it('searched CASE takes the first true branch; NULL conditions do not match', () => {
    const c = compile("CASE WHEN ORDERUNITS > 2.0 THEN 'foo' ELSE 'default' END", cols);
    expect([c.evaluate([null, 0]), c.evaluate([1.0, 0]), c.evaluate([4.0, 0])]).to.deep.equal(['default', 'default', 'foo']);
  });

  it('without ELSE, no match is NULL', () => {
    const c = compile("CASE WHEN N = 1 THEN 'one' WHEN N = 2 THEN 'two' END", cols);
    expect([1, 2, 3].map((n) => c.evaluate([0, n]))).to.deep.equal(['one', 'two', null]);
  });

  it('branches are evaluated lazily', () => {
    const errors: string[] = [];
    const c = compile('CASE WHEN N = 0 THEN 0 ELSE 10 / N END', cols, { onError: (m) => errors.push(m) });
    expect([c.evaluate([0, 0]), c.evaluate([0, 5])]).to.deep.equal([0, 2]);
    expect(errors).to.deep.equal([]);
  });

  it('the result type is the branches\' common type; NULL branches take it', () => {
    const cases: [string, string, unknown][] = [
      ['CASE WHEN true THEN 1 ELSE 2.0 END', 'DECIMAL(11, 1)', '1.0m'],
      ['CASE WHEN false THEN 1 ELSE 10000000000 END', 'BIGINT', '10000000000n'],
      ["CASE WHEN false THEN NULL ELSE 'x' END", 'STRING', 'x'],
      ["CASE WHEN true THEN NULL ELSE 'x' END", 'STRING', null],
      ['CASE WHEN true THEN 1 END', 'INTEGER', 1],
    ];
    for (const [text, type, value] of cases) {
      const c = compile(text);
      expect(formatType(c.type!), text).to.equal(type);
      expect(render(c.evaluate([])), text).to.deep.equal(value);
    }
  });

  it('simple CASE compares the operand with each WHEN value', () => {
    const c = compile("CASE N WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", cols);
    expect([1, 2, 3, null].map((n) => c.evaluate([0, n]))).to.deep.equal(['one', 'two', 'many', 'many']);
    expect(evalConst("CASE 1.0 WHEN 1 THEN 'yes' END")).to.equal('yes');
  });

  it('rejects bad CASE expressions with ksqlDB\'s messages', () => {
    expect(compileError('CASE WHEN true THEN NULL ELSE NULL END')).to.equal('Invalid Case expression. All case branches have NULL type');
    expect(compileError('CASE WHEN 1 THEN 2 END')).to.equal("WHEN operand type should be boolean.\nType for '1' is INTEGER");
    expect(compileError('CASE WHEN true THEN 1 ELSE true END')).to.equal(
      "Invalid Case expression. Type for the default clause should be the same as for 'THEN' clauses.\nTHEN type: INTEGER.\nDEFAULT type: BOOLEAN.",
    );
    expect(compileError("CASE WHEN N = 100 THEN 'one-hundred' WHEN N = 10 THEN 10 END", cols)).to.equal(
      "Invalid Case expression. Type for all 'THEN' clauses should be the same.\nTHEN expression 'WHEN (N = 10) THEN 10' has type: INTEGER.\n" +
        'Previous THEN expression(s) type: STRING.',
    );
    expect(compileError("CASE WHEN N = 1 THEN 10 WHEN N = 2 THEN 'x' END", cols)).to.contain("THEN expression 'WHEN (N = 2) THEN 'x'' has type: STRING.");
    expect(compileError("CASE WHEN true THEN 1 ELSE '2' END")).to.contain('DEFAULT type: STRING.');
    expect(compileError("CASE N WHEN 'a' THEN 1 END", cols)).to.equal("Cannot compare N (INTEGER) to 'a' (STRING) with EQUAL.");
  });
});
