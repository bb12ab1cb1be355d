import { expect } from 'chai';
import { formatExpression, formatType, parseStatements } from '../../../sql/index.js';
import type { Expression, SqlType } from '../../../sql/index.js';

/** Parses `text` as the first select item of a query over sources S, I1, I2, L, R, T. */
function parseExpr(text: string): Expression {
  const { statements, errors } = parseStatements(`SELECT ${text} FROM S JOIN L ON 1 = 1 JOIN R ON 1 = 1 JOIN T ON 1 = 1 JOIN INPUT ON 1 = 1 JOIN LEFT_TABLE ON 1 = 1;`);
  expect(errors.map((e) => e.message)).to.deep.equal([]);
  const statement = statements[0];
  if (statement.kind !== 'QueryStatement' || statement.query.select[0].kind !== 'SingleColumn') throw new Error('not an expression');
  return statement.query.select[0].expression;
}

function parseType(text: string): SqlType {
  const e = parseExpr(`CAST(x AS ${text})`);
  if (e.kind !== 'Cast') throw new Error('not a cast');
  return e.type;
}

describe('sql AST formatting', () => {
  it('prints expressions as ksqlDB does in its messages', () => {
    const cases: [string, string][] = [
      ['true + 1.5', '(true + 1.5)'],
      ['f1 * sum(f2)', '(F1 * SUM(F2))'],
      ['l.a = r.a AND l.a = r.a', '((L.A = R.A) AND (L.A = R.A))'],
      ['t.id = 0', '(T.ID = 0)'],
      ['substring(region, 7, 1)', 'SUBSTRING(REGION, 7, 1)'],
      ['abs(input.id)', 'ABS(INPUT.ID)'],
      ['cast(left_table.foreign_key as string)', 'CAST(LEFT_TABLE.FOREIGN_KEY AS STRING)'],
      ["map('a' := val1)", "MAP('a':=VAL1)"],
      ['struct(f0 := val1)', 'STRUCT(F0:=VAL1)'],
      ['array[val1]', 'ARRAY[VAL1]'],
      ['NULL <> NULL', '(null <> null)'],
    ];
    expect(cases.map(([sql]) => formatExpression(parseExpr(sql)))).to.deep.equal(cases.map(([, printed]) => printed));
  });

  it('prints predicates, CASE, lambdas, subscripts and dereferences', () => {
    const cases: [string, string][] = [
      ['a NOT BETWEEN 1 AND 2', '(A NOT BETWEEN 1 AND 2)'],
      ["a IN (1, 'x')", "(A IN (1, 'x'))"],
      ["a NOT LIKE 'x%' ESCAPE '!'", "(A NOT LIKE 'x%' ESCAPE '!')"],
      ['a IS NOT NULL', '(A IS NOT NULL)'],
      ["CASE WHEN a THEN 'it''s' ELSE 'b' END", "(CASE WHEN A THEN 'it''s' ELSE 'b' END)"],
      ['transform(arr, (k, v) => v + 1)', 'TRANSFORM(ARR, (K, V) => (V + 1))'],
      ["s->f[1]['k']", "S->F[1]['k']"],
      ['COUNT(*)', 'COUNT(*)'],
      ['`lower`', '`lower`'],
      ['-a', '-A'],
    ];
    expect(cases.map(([sql]) => formatExpression(parseExpr(sql)))).to.deep.equal(cases.map(([, printed]) => printed));
  });

  it('prints types as ksqlDB does, back-quoting struct fields', () => {
    expect(formatType(parseType('STRUCT<id INT>'))).to.equal('STRUCT<`ID` INTEGER>');
    expect(formatType(parseType('MAP<VARCHAR, INT>'))).to.equal('MAP<STRING, INTEGER>');
    expect(formatType(parseType('DECIMAL(12,2)'))).to.equal('DECIMAL(12, 2)');
    expect(formatType(parseType('ARRAY<BIGINT>'))).to.equal('ARRAY<BIGINT>');
  });
});
