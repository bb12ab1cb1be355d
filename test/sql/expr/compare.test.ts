import { expect } from 'chai';
import { compareValues, valuesEqual } from '../../../sql/expr/index.js';
import { Decimal } from '../../../sql/types/decimal.js';
import * as T from '../../../sql/types/types.js';
import { columns, compile, compileError, evalConst } from './helpers.js';

const d = (s: string): Decimal => Decimal.parse(s);

describe('expression compiler: comparisons', () => {
  const constants: [string, boolean][] = [
    ['1 = 1', true], ['1 <> 2', true], ['1 < 2', true], ['2 <= 2', true], ['3 > 2', true], ['2 >= 3', false],
    ['1 = 1.0', true], ['1 = 1E0', true], ['10000000000 > 1', true], ['1.10 = 1.1', true], ['1.10 < 1.12E0', true],
    ["'abc' < 'abd'", true], ["'B' < 'a'", true], ["'a' = 'a'", true],
    ['true = true', true], ['true <> false', true],
    ['1 IS DISTINCT FROM 2', true], ['1 IS NOT DISTINCT FROM 1', true],
    ['ARRAY[1, 2] = ARRAY[1, 2]', true], ['ARRAY[1, 2] <> ARRAY[1]', true],
    ["MAP('a' := 1, 'b' := 2) = MAP('b' := 2, 'a' := 1)", true],
    ['STRUCT(A := 1) = STRUCT(A := 1)', true], ['STRUCT(A := 1) = STRUCT(A := 2)', false],
  ];
  for (const [text, value] of constants) {
    it(`${text} is ${value}`, () => expect(evalConst(text)).to.equal(value));
  }

  it('is false (not NULL) when an operand is NULL; IS DISTINCT FROM treats NULLs as values', () => {
    const cols = columns([['A', T.INTEGER], ['B', T.BIGINT]]);
    const rows: [number | null, bigint | null][] = [[1, 1n], [1, null], [null, 1n], [null, null]];
    const expected: Record<string, unknown[]> = {
      'A = B': [true, false, false, false],
      'A <> B': [false, false, false, false],
      'A < B': [false, false, false, false],
      'A IS DISTINCT FROM B': [false, true, true, false],
      'A IS NOT DISTINCT FROM B': [true, false, false, true],
    };
    for (const [text, outs] of Object.entries(expected)) {
      const c = compile(text, cols);
      expect(rows.map((r) => c.evaluate(r)), text).to.deep.equal(outs);
    }
  });

  it('ARRAY, MAP and STRUCT operands of different types compare as Java objects', () => {
    const cols = columns([
      ['AI', T.array(T.INTEGER)], ['AD', T.array(T.DOUBLE)], ['AI2', T.array(T.INTEGER)],
      ['S1', T.struct([{ name: 'A', type: T.INTEGER }])], ['S2', T.struct([{ name: 'A', type: T.INTEGER }, { name: 'B', type: T.STRING }])],
    ]);
    const row = [[1, 2], [1, 2], [1, 2], { A: 1 }, { A: 1, B: null }];
    expect(compile('AI = AD', cols).evaluate(row)).to.equal(false);
    expect(compile('AI = AI2', cols).evaluate(row)).to.equal(true);
    expect(compile('S1 = S2', cols).evaluate(row)).to.equal(false);
    expect(compile('S1 <> S2', cols).evaluate(row)).to.equal(true);
    expect(compile('AI = AD', cols).evaluate([[], [], [], null, null])).to.equal(true);
  });

  it('compares DOUBLEs as Java primitives: NaN is unordered, -0.0 equals 0.0', () => {
    const cols = columns([['X', T.DOUBLE], ['Y', T.DOUBLE]]);
    const ops = ['X = Y', 'X <> Y', 'X < Y', 'X >= Y', 'X IS DISTINCT FROM Y'];
    const table = (x: number, y: number): unknown[] => ops.map((op) => compile(op, cols).evaluate([x, y]));
    expect(table(NaN, NaN)).to.deep.equal([false, false, false, false, false]);
    expect(table(NaN, 1)).to.deep.equal([false, false, false, false, false]);
    expect(table(-0, 0)).to.deep.equal([true, false, false, true, false]);
    expect(table(1, 2)).to.deep.equal([false, true, true, false, true]);
  });

  it('compares DECIMAL columns of different scales and with DOUBLE', () => {
    const cols = columns([['A', T.decimal(4, 2)], ['B', T.decimal(5, 3)], ['C', T.DOUBLE]]);
    expect(compile('A < B', cols).evaluate([d('10.01'), d('10.012'), 0])).to.equal(true);
    expect(compile('A = B', cols).evaluate([d('10.01'), d('10.010'), 0])).to.equal(true);
    expect(compile('A >= C', cols).evaluate([d('1.10'), d('0.000'), 1.1])).to.equal(true);
    expect(compile('A > C', cols).evaluate([d('1.10'), d('0.000'), 1.1])).to.equal(false);
  });

  it('compares temporal values with each other and with strings', () => {
    const cols = columns([['TS', T.TIMESTAMP], ['D', T.DATE], ['TM', T.TIME], ['S', T.STRING]]);
    const row = [Date.UTC(2020, 0, 2, 10), 18263 /* 2020-01-02 */, 36_000_000, '2020-01-02T10:00:00'];
    expect(compile('TS = S', cols).evaluate(row)).to.equal(true);
    expect(compile("TS > '2020-01-02'", cols).evaluate(row)).to.equal(true);
    expect(compile("'2020-01-03' > TS", cols).evaluate(row)).to.equal(true);
    expect(compile('TS > D', cols).evaluate(row)).to.equal(true);
    expect(compile("D = '2020-01-02'", cols).evaluate(row)).to.equal(true);
    expect(compile("TM = '10:00'", cols).evaluate(row)).to.equal(true);
    expect(compile("TM < '10:00:00.001'", cols).evaluate(row)).to.equal(true);
  });

  it('converts a constant operand once and still compares correctly', () => {
    const cols = columns([['D', T.decimal(4, 2)], ['TS', T.TIMESTAMP]]);
    const c = compile('D > 1', cols);
    expect([c.evaluate([d('1.01'), 0]), c.evaluate([d('1.00'), 0]), c.evaluate([null, 0])]).to.deep.equal([true, false, false]);
    const b = compile("TS BETWEEN '2020-01-01' AND '2020-01-02'", cols);
    expect([b.evaluate([null, Date.UTC(2020, 0, 1, 12)]), b.evaluate([null, Date.UTC(2020, 0, 3)])]).to.deep.equal([true, false]);
  });

  it('reads strings compared with ROWTIME, WINDOWSTART or WINDOWEND as timestamps (ksqlDB\'s magic conversion)', () => {
    const cols = columns([['ROWTIME', T.BIGINT], ['WINDOWSTART', T.BIGINT]]);
    const b = compile("ROWTIME BETWEEN '2018-01-01T00:00:00.001' AND '2018-01-01T00:00:01'", cols);
    expect([1514764799999n, 1514764800001n, 1514764801000n, 1514764801001n].map((t) => b.evaluate([t, 0n]))).to.deep.equal([false, true, true, false]);
    expect(compile("'2018-01-01' < WINDOWSTART", cols).evaluate([0n, 1514764800001n])).to.equal(true);
    expect(compileError("ROWTIME > 'yesterday'", cols)).to.contain("Failed to parse timestamp 'yesterday'");
  });

  it('an unparsable temporal string fails the row', () => {
    const errors: string[] = [];
    const c = compile("TS = 'nope'", columns([['TS', T.TIMESTAMP]]), { onError: (m) => errors.push(m) });
    expect(c.evaluate([0])).to.equal(null);
    expect(errors[0]).to.contain("Cannot parse 'nope' as TIMESTAMP");
  });

  it('rejects incompatible operands with ksqlDB\'s messages', () => {
    expect(compileError("ID >= 'not an int'", columns([['ID', T.INTEGER]]))).to.equal(
      "Cannot compare ID (INTEGER) to 'not an int' (STRING) with GREATER_THAN_OR_EQUAL.",
    );
    const s = T.struct([{ name: 'ID', type: T.INTEGER }]);
    expect(compileError('B < C', columns([['B', s], ['C', s]]))).to.equal(
      'Cannot compare B (STRUCT<`ID` INTEGER>) to C (STRUCT<`ID` INTEGER>) with LESS_THAN.',
    );
    expect(compileError('true < false')).to.equal('Cannot compare true (BOOLEAN) to false (BOOLEAN) with LESS_THAN.');
    expect(compileError("X'00' = 1".replace("X'00'", 'B'), columns([['B', T.BYTES]]))).to.equal('Cannot compare B (BYTES) to 1 (INTEGER) with EQUAL.');
    expect(compileError('NULL <> NULL')).to.equal("Comparison with NULL not supported: NULL <> NULL\nUse 'IS NULL' or 'IS NOT NULL' instead.");
    expect(compileError('A = NULL', columns([['A', T.INTEGER]]))).to.equal("Comparison with NULL not supported: INTEGER = NULL\nUse 'IS NULL' or 'IS NOT NULL' instead.");
  });

  it('compareValues orders values of one type; valuesEqual is Java equals', () => {
    expect(compareValues(1, 2, T.INTEGER)).to.equal(-1);
    expect(compareValues(5n, 2n, T.BIGINT)).to.equal(1);
    expect(compareValues(NaN, 1, T.DOUBLE)).to.equal(1);
    expect(compareValues(d('1.5'), d('1.50'), T.decimal(3, 2))).to.equal(0);
    expect(compareValues(false, true, T.BOOLEAN)).to.equal(-1);
    expect(compareValues([1, 2], [1, 3], T.array(T.INTEGER))).to.equal(-1);
    expect(compareValues(null, 1, T.INTEGER)).to.equal(-1);
    expect(valuesEqual(new Map([['a', [1]]]), new Map([['a', [1]]]))).to.equal(true);
    expect(valuesEqual({ A: 1, B: null }, { A: 1 })).to.equal(true);
    expect(valuesEqual(1, 1n)).to.equal(false);
    expect(valuesEqual(NaN, NaN)).to.equal(true);
    expect(valuesEqual(Buffer.from('ab'), Buffer.from('ab'))).to.equal(true);
    expect(valuesEqual(d('1.0'), d('1.00'))).to.equal(false);
  });
});

describe('expression compiler: predicates', () => {
  it('BETWEEN is inclusive, false on NULL, and NOT BETWEEN is its negation', () => {
    const cols = columns([['A', T.INTEGER], ['B', T.BIGINT], ['C', T.DOUBLE], ['D', T.decimal(4, 3)], ['E', T.STRING]]);
    const rows: unknown[][] = [
      [-1, 9n, 0.99, d('1.180'), 'doo'],
      [0, 10n, 1.0, d('1.190'), 'eoo'],
      [2, 12n, 1.11, d('1.210'), 'goo'],
      [3, 13n, 1.12, d('1.220'), 'hoo'],
    ];
    const texts = ['A NOT BETWEEN 0 AND 2', 'B NOT BETWEEN 10 AND 12', 'C NOT BETWEEN 1.0 AND 1.11', 'D NOT BETWEEN 1.19 AND 1.21', "E NOT BETWEEN 'eoo' AND 'goo'"];
    for (const text of texts) {
      const c = compile(text, cols);
      expect(rows.map((r) => c.evaluate(r)), text).to.deep.equal([true, false, false, true]);
    }
    const between = compile('B BETWEEN 2 AND 4', cols);
    expect(between.evaluate([0, null, 0, null, null])).to.equal(false);
    expect(compile('B NOT BETWEEN 2 AND 4', cols).evaluate([0, null, 0, null, null])).to.equal(true);
    expect(compileError("A BETWEEN 'a' AND 2", cols)).to.equal("Cannot compare A (INTEGER) to 'a' (STRING) with GREATER_THAN_OR_EQUAL.");
  });

  it('IN widens the list to a common type and reads string literals as numbers', () => {
    const cols = columns([['I', T.INTEGER], ['L', T.BIGINT], ['F', T.DOUBLE], ['S', T.STRING]]);
    const row = [10, 10000000000n, 1.5, 'x'];
    const cases: [string, unknown][] = [
      ['I IN (1, 10)', true], ['I IN (1, 2)', false], ['I NOT IN (1, 2)', true],
      ['I IN (10000000000, 10)', true], ['L IN (10000000000)', true], ["L IN ('10000000000')", true],
      ["I IN ('10', 11)", true], ['F IN (1.5)', true], ['F IN (1, 2)', false], ["F IN ('1.5')", true],
      ["S IN ('x', 'y')", true], ["S IN ('a', NULL)", false], ['I IN (NULL, 10)', true],
    ];
    for (const [text, out] of cases) expect(compile(text, cols).evaluate(row), text).to.equal(out);
    expect(compile('I IN (1, 2)', cols).evaluate([null, 0n, 0, ''])).to.equal(false);
    expect(compile('I NOT IN (1, 2)', cols).evaluate([null, 0n, 0, ''])).to.equal(true);
  });

  it('IN reads literals among strings as their text', () => {
    const cols = columns([['S', T.STRING], ['D', T.DOUBLE]]);
    const c = compile("S IN (true, 10, '10.1', 10.30)", cols);
    expect(['true', '10', '10.1', '10.3', '10.30', 'x'].map((v) => c.evaluate([v, 0]))).to.deep.equal([true, true, true, false, true, false]);
    expect(compileError('S IN (10, D)', cols)).to.equal('Invalid Predicate: operator does not exist: STRING = DOUBLE (D)\nHint: You might need to add explicit type casts.');
  });

  it('IN compares structured values after widening them', () => {
    const cols = columns([['A', T.array(T.BIGINT)], ['B', T.array(T.INTEGER)], ['M', T.map(T.STRING, T.INTEGER)], ['V', T.struct([{ name: 'F0', type: T.BIGINT }])]]);
    expect(compile('A IN (B)', cols).evaluate([[1n, 2n], [1, 2], null, null])).to.equal(true);
    expect(compile('A IN (B)', cols).evaluate([[2147483648n], [-2147483648], null, null])).to.equal(false);
    expect(compile("M IN (MAP('a' := 1))", cols).evaluate([null, null, new Map([['a', 1]]), null])).to.equal(true);
    const structIn = compile('V IN (STRUCT(F0 := 10), STRUCT(`f0` := 20))', cols);
    expect(structIn.evaluate([null, null, null, { F0: 10n }])).to.equal(true);
    expect(structIn.evaluate([null, null, null, { F0: 20n }])).to.equal(false);
  });

  it('IN rejects lists without a common type with ksqlDB\'s messages', () => {
    const cols = columns([
      ['VAL0', T.DOUBLE], ['VAL', T.STRING], ['B', T.BOOLEAN], ['L', T.BIGINT], ['DEC', T.decimal(12, 2)],
      ['A', T.array(T.BIGINT)], ['VAL1', T.BOOLEAN],
    ]);
    expect(compileError('VAL0 IN (VAL)', cols)).to.equal('Invalid Predicate: operator does not exist: DOUBLE = STRING (VAL)\nHint: You might need to add explicit type casts.');
    expect(compileError('B IN (VAL)', cols)).to.equal('Invalid Predicate: operator does not exist: BOOLEAN = STRING (VAL)\nHint: You might need to add explicit type casts.');
    expect(compileError('L IN (true)', cols)).to.contain('Invalid Predicate: operator does not exist: BIGINT = BOOLEAN (true)');
    expect(compileError('DEC IN (true)', cols)).to.contain('Invalid Predicate: operator does not exist: DECIMAL(12, 2) = BOOLEAN (true)');
    expect(compileError("L IN ('10 - not a number')", cols)).to.equal('Invalid Predicate: invalid input syntax for type BIGINT: "10 - not a number".');
    expect(compileError('A IN (ARRAY[VAL1])', cols)).to.contain('Invalid Predicate: operator does not exist: ARRAY<BIGINT> = ARRAY<BOOLEAN> (ARRAY[VAL1])');
    expect(compileError("B IN ('maybe')", cols)).to.equal('Invalid Predicate: invalid input syntax for type BOOLEAN: "maybe".');
  });

  it('LIKE matches % and _, honours ESCAPE, and is case-sensitive', () => {
    const cases: [string, unknown][] = [
      ["'abc' LIKE 'a%'", true], ["'abc' LIKE 'a_c'", true], ["'abc' LIKE 'A%'", false], ["'abc' LIKE '%b%'", true],
      ["'a.c' LIKE 'a.c'", true], ["'abc' LIKE 'a.c'", false], ["'%' LIKE '!%' ESCAPE '!'", true], ["'x' LIKE '!%' ESCAPE '!'", false],
      ["'a\nb' LIKE 'a%'", false], ["'a\nb' LIKE 'a_b'", false], ["'a😀b' LIKE 'a_b'", true], ["'a-b' LIKE 'a-_'", true], ["'a!!' LIKE 'a!!' ESCAPE '!'", false], ["'a!' LIKE 'a!!' ESCAPE '!'", true], ["'abc' NOT LIKE 'f%'", true], ["'(x)' LIKE '(%)'", true], ["'' LIKE '%'", true],
    ];
    for (const [text, out] of cases) expect(evalConst(text), text).to.equal(out);
    const cols = columns([['V', T.STRING], ['P', T.STRING]]);
    const like = compile("V LIKE P ESCAPE '!'", cols);
    expect(like.evaluate(['%', '!%'])).to.equal(true);
    expect(like.evaluate(['x', '!%'])).to.equal(false);
    expect(like.evaluate([null, '%'])).to.equal(null);
    const errors: string[] = [];
    const trailing = compile("V LIKE P ESCAPE '!'", cols, { onError: (m) => errors.push(m) });
    expect(trailing.evaluate(['a', 'a!'])).to.equal(null);
    expect(errors[0]).to.contain('LIKE pattern must not end with escape character');
    expect(compileError("1 LIKE 'a'")).to.contain('LIKE requires STRING operands');
  });

  it('IS [NOT] NULL', () => {
    const c = compile('A IS NULL', columns([['A', T.INTEGER]]));
    expect([c.evaluate([null]), c.evaluate([1])]).to.deep.equal([true, false]);
    expect(evalConst('NULL IS NOT NULL')).to.equal(false);
  });

  it('AND, OR and NOT follow three-valued logic', () => {
    const cols = columns([['A', T.BOOLEAN], ['B', T.BOOLEAN]]);
    const values = [true, false, null];
    const and = compile('A AND B', cols);
    const or = compile('A OR B', cols);
    const not = compile('NOT A', cols);
    const table: unknown[] = [];
    for (const a of values) for (const b of values) table.push([a, b, and.evaluate([a, b]), or.evaluate([a, b])]);
    expect(table).to.deep.equal([
      [true, true, true, true], [true, false, false, true], [true, null, null, true],
      [false, true, false, true], [false, false, false, false], [false, null, false, null],
      [null, true, null, true], [null, false, false, null], [null, null, null, null],
    ]);
    expect(values.map((a) => not.evaluate([a, null]))).to.deep.equal([false, true, null]);
    expect(compileError('1 AND true')).to.equal('Logical binary expects two boolean values.  Actual INTEGER and BOOLEAN');
    expect(compileError("NOT 'x'")).to.equal('Not expression expects a boolean value.  Actual STRING');
  });

  it('AND does not evaluate its right side when the left is false', () => {
    const errors: string[] = [];
    const c = compile('A AND (1 / B = 1)', columns([['A', T.BOOLEAN], ['B', T.INTEGER]]), { onError: (m) => errors.push(m) });
    expect(c.evaluate([false, 0])).to.equal(false);
    expect(errors).to.deep.equal([]);
  });
});
