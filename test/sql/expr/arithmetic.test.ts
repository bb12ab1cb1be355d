import { expect } from 'chai';
import { Decimal } from '../../../sql/types/decimal.js';
import { formatType } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, compileError, evalConst, render } from './helpers.js';

describe('expression compiler: arithmetic', () => {
  const cases: [string, unknown, string][] = [
    ['1 + 2', 3, 'INTEGER'],
    ['2147483647 + 1', -2147483648, 'INTEGER'],
    ['-2147483647 - 2', 2147483647, 'INTEGER'],
    ['65536 * 65536', 0, 'INTEGER'],
    ['7 / 2', 3, 'INTEGER'],
    ['-7 / 2', -3, 'INTEGER'],
    ['7 % -3', 1, 'INTEGER'],
    ['-7 % 3', -1, 'INTEGER'],
    ['-4 % 2', 0, 'INTEGER'],
    ['6 % 4 / 2 * 6', 6, 'INTEGER'],
    ['6 / 2 % 2 * 2', 2, 'INTEGER'],
    ['2 * 3 % 4', 2, 'INTEGER'],
    ['9223372036854775807 + 1', '-9223372036854775808n', 'BIGINT'],
    ['1 + 9223372036854775807', '-9223372036854775808n', 'BIGINT'],
    ['3000000000 * 4000000000', `${BigInt.asIntN(64, 12000000000000000000n)}n`, 'BIGINT'],
    ['-7000000000 / 2', '-3500000000n', 'BIGINT'],
    ['7000000001 % 2', '1n', 'BIGINT'],
    ['1.5E0 + 1', 2.5, 'DOUBLE'],
    ['1E0 / 0', Infinity, 'DOUBLE'],
    ['-1E0 / 0', -Infinity, 'DOUBLE'],
    ['5.5E0 % 2', 1.5, 'DOUBLE'],
    ['1.5 + 1E0', 2.5, 'DOUBLE'],
    ["'ab' + 'cd'", 'abcd', 'STRING'],
    ['-(5)', -5, 'INTEGER'],
    ['-(-2147483647 - 1)', -2147483648, 'INTEGER'],
    ['+(5)', 5, 'INTEGER'],
    ['-(1.50)', '-1.50m', 'DECIMAL(3, 2)'],
    ['-(9223372036854775807)', '-9223372036854775807n', 'BIGINT'],
  ];
  for (const [text, value, type] of cases) {
    it(`${text} is ${String(value)} (${type})`, () => {
      const c = compile(text);
      expect(c.type && formatType(c.type)).to.equal(type);
      expect(render(c.evaluate([]))).to.deep.equal(value);
    });
  }

  it('integer division and modulo by zero give NULL and report the failure', () => {
    for (const text of ['A / 0', 'A % 0', 'B / 0', 'B % 0']) {
      const errors: string[] = [];
      const c = compile(text, columns([['A', T.INTEGER], ['B', T.BIGINT]]), { onError: (m) => errors.push(m) });
      expect(c.evaluate([5, 5n]), text).to.equal(null);
      expect(errors, text).to.have.length(1);
      expect(errors[0]).to.contain('/ by zero');
    }
  });

  it('a NULL operand fails the whole expression, as ksqlDB\'s unboxing does', () => {
    const errors: string[] = [];
    const cols = columns([['A', T.INTEGER], ['B', T.BIGINT]]);
    const c = compile('A + B', cols, { onError: (m) => errors.push(m) });
    expect(c.type).to.deep.equal(T.BIGINT);
    expect(c.evaluate([null, 1n])).to.equal(null);
    expect(c.evaluate([1, null])).to.equal(null);
    expect(c.evaluate([1, 2n])).to.equal(3n);
    expect(errors).to.have.length(2);
    expect(compile('(A + 1) IS NULL', cols).evaluate([null, null])).to.equal(null);
    expect(compile('-A', cols).evaluate([null, null])).to.equal(null);
    expect(compile('(A + 1) IS NULL', cols).evaluate([1, null])).to.equal(false);
  });

  it('string + reads a NULL operand as "null", as Java\'s string concatenation does', () => {
    const c = compile("S + '!'", columns([['S', T.STRING]]));
    expect([c.evaluate(['a']), c.evaluate([null])]).to.deep.equal(['a!', 'null!']);
  });

  it('the NULL literal takes the other operand type', () => {
    const c = compile('NULL + A', columns([['A', T.INTEGER]]));
    expect(c.type).to.deep.equal(T.INTEGER);
    expect(c.evaluate([1])).to.equal(null);
  });

  it('mixed columns widen INTEGER → BIGINT → DECIMAL → DOUBLE', () => {
    const cols = columns([['I', T.INTEGER], ['L', T.BIGINT], ['D', T.decimal(4, 2)], ['F', T.DOUBLE]]);
    const row = [3, 4n, new Decimal(150n, 2), 0.5];
    const expected: [string, string, unknown][] = [
      ['I + L', 'BIGINT', '7n'],
      ['L * I', 'BIGINT', '12n'],
      ['I + D', 'DECIMAL(13, 2)', '4.50m'],
      ['L - D', 'DECIMAL(22, 2)', '2.50m'],
      ['D * I', 'DECIMAL(15, 2)', '4.50m'],
      ['D + F', 'DOUBLE', 2],
      ['I * F', 'DOUBLE', 1.5],
      ['L / F', 'DOUBLE', 8],
    ];
    for (const [text, type, value] of expected) {
      const c = compile(text, cols);
      expect(c.type && formatType(c.type), text).to.equal(type);
      expect(render(c.evaluate(row)), text).to.deep.equal(value);
    }
  });

  it('rejects non-numeric operands with ksqlDB\'s message', () => {
    expect(compileError('true + 1.5')).to.equal('Error processing expression: (true + 1.5). Unsupported arithmetic types. BOOLEAN DECIMAL');
    expect(compileError("'a' - 'b'")).to.equal("Error processing expression: ('a' - 'b'). Unsupported arithmetic types. STRING STRING");
    expect(compileError("A * 2", columns([['A', T.array(T.INTEGER)]]))).to.equal('Error processing expression: (A * 2). Unsupported arithmetic types. ARRAY INTEGER');
    expect(compileError("-'a'")).to.contain('Unsupported arithmetic type: STRING');
  });

  it('constant arithmetic is folded; column arithmetic is not constant', () => {
    expect(compile('1 + 2').constant).to.equal(true);
    expect(compile('A + 2', columns([['A', T.INTEGER]])).constant).to.equal(false);
  });

  it('a constant that always fails is reported per evaluation', () => {
    const errors: string[] = [];
    const c = compile('1 / 0', [], { onError: (m) => errors.push(m) });
    expect(c.evaluate([])).to.equal(null);
    expect(c.evaluate([])).to.equal(null);
    expect(errors).to.deep.equal(['Error computing expression (1 / 0): / by zero', 'Error computing expression (1 / 0): / by zero']);
    expect(evalConst('1 % 0')).to.equal(null);
  });
});
