import { expect } from 'chai';
import { expr } from '../parse-helpers.js';

const col = (name: string, source?: string) => (source ? { kind: 'ColumnRef', name, source } : { kind: 'ColumnRef', name });
const int = (value: number) => ({ kind: 'IntegerLiteral', value });

describe('sql parser: expressions', () => {
  describe('literals', () => {
    it('parses NULL, booleans and strings with escaped quotes', () => {
      expect(expr('NULL')).to.deep.equal({ kind: 'NullLiteral' });
      expect(expr('true')).to.deep.equal({ kind: 'BooleanLiteral', value: true });
      expect(expr("'it''s'")).to.deep.equal({ kind: 'StringLiteral', value: "it's" });
    });

    it('makes integers INT within 32 bits and BIGINT beyond, without precision loss', () => {
      expect(expr('2147483647')).to.deep.equal(int(2147483647));
      expect(expr('2147483648')).to.deep.equal({ kind: 'BigIntLiteral', value: '2147483648n' });
      expect(expr('-9223372036854775807')).to.deep.equal({ kind: 'BigIntLiteral', value: '-9223372036854775807n' });
    });

    it('folds a minus into a number literal, typed by the magnitude as ksqlDB does', () => {
      expect(expr('-00002147483647')).to.deep.equal(int(-2147483647));
      expect(expr('-2147483648')).to.deep.equal({ kind: 'BigIntLiteral', value: '-2147483648n' });
    });

    it('makes 1.50 a DECIMAL keeping its digits, precision and scale', () => {
      expect(expr('1.50')).to.deep.equal({ kind: 'DecimalLiteral', lexeme: '1.50', precision: 3, scale: 2 });
      expect(expr('0.05')).to.deep.equal({ kind: 'DecimalLiteral', lexeme: '0.05', precision: 2, scale: 2 });
    });

    it('makes exponent notation a DOUBLE', () => {
      expect(expr('1.5E-3')).to.deep.equal({ kind: 'DoubleLiteral', value: 0.0015, lexeme: '1.5E-3' });
    });

    it('parses a "DECIMAL" \'digits\' type constructor as a decimal literal', () => {
      expect(expr('"DECIMAL" \'-1.50\'')).to.deep.equal({ kind: 'DecimalLiteral', lexeme: '-1.50', precision: 3, scale: 2 });
    });
  });

  describe('columns and structure access', () => {
    it('upper-cases unquoted names and keeps quoted ones', () => {
      expect(expr('abc')).to.deep.equal(col('ABC'));
      expect(expr('`abc`')).to.deep.equal(col('abc'));
      expect(expr('"a""b"')).to.deep.equal(col('a"b'));
    });

    it('parses a qualified column', () => {
      expect(expr('s.col')).to.deep.equal(col('COL', 'S'));
    });

    it('parses pseudo columns as plain column references', () => {
      for (const name of ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND']) {
        expect(expr(name)).to.deep.equal(col(name));
      }
    });

    it('accepts non-reserved keywords as column names', () => {
      expect(expr('key')).to.deep.equal(col('KEY'));
      expect(expr('timestamp')).to.deep.equal(col('TIMESTAMP'));
    });

    it('parses struct dereference chains', () => {
      expect(expr('a->b->c')).to.deep.equal({
        kind: 'Dereference',
        base: { kind: 'Dereference', base: col('A'), field: 'B' },
        field: 'C',
      });
    });

    it('parses array and map subscripts', () => {
      expect(expr("a[1]['k']")).to.deep.equal({
        kind: 'Subscript',
        base: { kind: 'Subscript', base: col('A'), index: int(1) },
        index: { kind: 'StringLiteral', value: 'k' },
      });
    });
  });

  describe('operators and precedence', () => {
    it('binds * tighter than + and + tighter than ||', () => {
      expect(expr("'x' || 1 + 2 * 3")).to.deep.equal({
        kind: 'FunctionCall',
        name: 'CONCAT',
        star: false,
        args: [
          { kind: 'StringLiteral', value: 'x' },
          { kind: 'ArithmeticBinary', op: '+', left: int(1), right: { kind: 'ArithmeticBinary', op: '*', left: int(2), right: int(3) } },
        ],
      });
    });

    it('folds same-precedence operators left to right', () => {
      expect(expr('10 - 3 - 2')).to.deep.equal({
        kind: 'ArithmeticBinary',
        op: '-',
        left: { kind: 'ArithmeticBinary', op: '-', left: int(10), right: int(3) },
        right: int(2),
      });
    });

    it('parses % and unary minus on a column', () => {
      expect(expr('-a % 2')).to.deep.equal({
        kind: 'ArithmeticBinary',
        op: '%',
        left: { kind: 'ArithmeticUnary', op: '-', operand: col('A') },
        right: int(2),
      });
    });

    it('binds AND tighter than OR and NOT tighter than AND', () => {
      expect(expr('NOT a OR b AND c')).to.deep.equal({
        kind: 'LogicalBinary',
        op: 'OR',
        left: { kind: 'Not', operand: col('A') },
        right: { kind: 'LogicalBinary', op: 'AND', left: col('B'), right: col('C') },
      });
    });

    it('names comparison operators as ksqlDB does, != being <>', () => {
      const ops = ['=', '<>', '!=', '<', '<=', '>', '>='].map((op) => (expr(`a ${op} 1`) as { op: string }).op);
      expect(ops).to.deep.equal([
        'EQUAL', 'NOT_EQUAL', 'NOT_EQUAL', 'LESS_THAN', 'LESS_THAN_OR_EQUAL', 'GREATER_THAN', 'GREATER_THAN_OR_EQUAL',
      ]);
    });

    it('parses IS [NOT] NULL and IS [NOT] DISTINCT FROM', () => {
      expect(expr('a IS NOT NULL')).to.deep.equal({ kind: 'IsNull', value: col('A'), negated: true });
      expect(expr('a IS DISTINCT FROM b')).to.deep.equal({ kind: 'Comparison', op: 'IS_DISTINCT_FROM', left: col('A'), right: col('B') });
      expect((expr('a IS NOT DISTINCT FROM b') as { op: string }).op).to.equal('IS_NOT_DISTINCT_FROM');
    });

    it('parses [NOT] BETWEEN', () => {
      expect(expr('a NOT BETWEEN 1 AND 2')).to.deep.equal({ kind: 'Between', value: col('A'), min: int(1), max: int(2), negated: true });
    });

    it('parses [NOT] LIKE with ESCAPE', () => {
      expect(expr("a NOT LIKE 'x!%' ESCAPE '!'")).to.deep.equal({
        kind: 'Like', value: col('A'), pattern: { kind: 'StringLiteral', value: 'x!%' }, escape: '!', negated: true,
      });
    });

    it('parses [NOT] IN with a list of expressions', () => {
      expect(expr('a IN (1, b + 1)')).to.deep.equal({
        kind: 'InList',
        value: col('A'),
        list: [int(1), { kind: 'ArithmeticBinary', op: '+', left: col('B'), right: int(1) }],
        negated: false,
      });
    });

    it('honours parentheses', () => {
      expect(expr('(1 + 2) * 3')).to.deep.equal({
        kind: 'ArithmeticBinary', op: '*', left: { kind: 'ArithmeticBinary', op: '+', left: int(1), right: int(2) }, right: int(3),
      });
    });
  });

  describe('CASE, CAST and constructors', () => {
    it('parses a searched CASE with ELSE', () => {
      expect(expr("CASE WHEN a > 1 THEN 'big' ELSE 'small' END")).to.deep.equal({
        kind: 'SearchedCase',
        whens: [{ condition: { kind: 'Comparison', op: 'GREATER_THAN', left: col('A'), right: int(1) }, result: { kind: 'StringLiteral', value: 'big' } }],
        else: { kind: 'StringLiteral', value: 'small' },
      });
    });

    it('parses a simple CASE', () => {
      expect(expr("CASE a WHEN 1 THEN 'one' END")).to.deep.equal({
        kind: 'SimpleCase', operand: col('A'), whens: [{ condition: int(1), result: { kind: 'StringLiteral', value: 'one' } }],
      });
    });

    it('parses CAST to primitive, decimal and nested types', () => {
      expect(expr('CAST(a AS DECIMAL(10, 2))')).to.deep.equal({ kind: 'Cast', expression: col('A'), type: { kind: 'Decimal', precision: 10, scale: 2 } });
      expect((expr('CAST(a AS MAP<STRING, ARRAY<BIGINT>>)') as { type: unknown }).type).to.deep.equal({
        kind: 'Map', key: { kind: 'Primitive', name: 'STRING' }, value: { kind: 'Array', element: { kind: 'Primitive', name: 'BIGINT' } },
      });
    });

    it('maps type aliases to ksqlDB names and keeps unknown names as custom types', () => {
      const typeOf = (t: string) => (expr(`CAST(a AS ${t})`) as { type: unknown }).type;
      expect(typeOf('INT')).to.deep.equal({ kind: 'Primitive', name: 'INTEGER' });
      expect(typeOf('VARCHAR')).to.deep.equal({ kind: 'Primitive', name: 'STRING' });
      expect(typeOf('ADDRESS')).to.deep.equal({ kind: 'Custom', name: 'ADDRESS' });
    });

    it('parses ARRAY[...], MAP(k := v) and STRUCT(f := v)', () => {
      expect(expr('ARRAY[1, 2]')).to.deep.equal({ kind: 'ArrayConstructor', elements: [int(1), int(2)] });
      expect(expr("MAP('a' := 1)")).to.deep.equal({ kind: 'MapConstructor', entries: [{ key: { kind: 'StringLiteral', value: 'a' }, value: int(1) }] });
      expect(expr('STRUCT(f := 1)')).to.deep.equal({ kind: 'StructConstructor', fields: [{ name: 'F', value: int(1) }] });
    });

    it('still reads ARRAY and MAP as column names where no constructor follows', () => {
      expect(expr('map')).to.deep.equal(col('MAP'));
    });
  });

  describe('function calls', () => {
    it('parses COUNT(*)', () => {
      expect(expr('COUNT(*)')).to.deep.equal({ kind: 'FunctionCall', name: 'COUNT', args: [], star: true });
    });

    it('parses a call with no arguments and with several', () => {
      expect(expr('now()')).to.deep.equal({ kind: 'FunctionCall', name: 'NOW', args: [], star: false });
      expect(expr('substring(a, 1, 2)')).to.deep.equal({ kind: 'FunctionCall', name: 'SUBSTRING', args: [col('A'), int(1), int(2)], star: false });
    });

    it('parses single- and multi-parameter lambdas as arguments', () => {
      expect(expr('transform(m, (k, v) => v + 1, x => x)')).to.deep.equal({
        kind: 'FunctionCall',
        name: 'TRANSFORM',
        star: false,
        args: [
          col('M'),
          { kind: 'Lambda', params: ['K', 'V'], body: { kind: 'ArithmeticBinary', op: '+', left: { kind: 'LambdaVariable', name: 'V' }, right: int(1) } },
          { kind: 'Lambda', params: ['X'], body: { kind: 'LambdaVariable', name: 'X' } },
        ],
      });
    });

    it('binds parameters of enclosing lambdas in nested lambda bodies, but not other columns', () => {
      const call = expr('transform(arr, x => filter(x, y => y > x AND y > z))') as { args: { body: { args: { body: unknown }[] } }[] };
      expect(call.args[1].body.args[1].body).to.deep.equal({
        kind: 'LogicalBinary',
        op: 'AND',
        left: { kind: 'Comparison', op: 'GREATER_THAN', left: { kind: 'LambdaVariable', name: 'Y' }, right: { kind: 'LambdaVariable', name: 'X' } },
        right: { kind: 'Comparison', op: 'GREATER_THAN', left: { kind: 'LambdaVariable', name: 'Y' }, right: col('Z') },
      });
    });

    it('parses a time unit argument', () => {
      expect(expr('TIMESTAMPADD(MINUTES, 5, ts)')).to.deep.equal({
        kind: 'FunctionCall', name: 'TIMESTAMPADD', star: false, args: [{ kind: 'IntervalUnit', unit: 'MINUTES' }, int(5), col('TS')],
      });
    });
  });
});
