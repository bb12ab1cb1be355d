import { expect } from 'chai';
import { childExpressions, formatExpression, mapChildren, parseStatements, someExpression } from '../../../sql/index.js';
import type { Expression } from '../../../sql/index.js';

function parseExpr(text: string): Expression {
  const { statements, errors } = parseStatements(`SELECT ${text} FROM S;`);
  expect(errors.map((e) => e.message)).to.deep.equal([]);
  const statement = statements[0];
  if (statement.kind !== 'QueryStatement' || statement.query.select[0].kind !== 'SingleColumn') throw new Error('not an expression');
  return statement.query.select[0].expression;
}

/** Appends _X to every column name, through the whole tree. */
function rename(e: Expression): Expression {
  const renamed = e.kind === 'ColumnRef' ? { ...e, name: `${e.name}_X` } : e;
  return mapChildren(renamed, rename);
}

describe('sql AST traversal', () => {
  it('lists direct children in source order', () => {
    expect(childExpressions(parseExpr("CASE a WHEN 1 THEN b ELSE c END")).map(formatExpression)).to.deep.equal(['A', '1', 'B', 'C']);
    expect(childExpressions(parseExpr("MAP('k' := v)")).map(formatExpression)).to.deep.equal(["'k'", 'V']);
    expect(childExpressions(parseExpr('x')).length).to.equal(0);
  });

  it('rewrites every kind of node through mapChildren without touching the original', () => {
    const source =
      "CASE WHEN a BETWEEN b AND c THEN f(d, x => x + e) ELSE CAST(g[h]->i AS STRING) END || ARRAY[j] || " +
      "STRUCT(s := k) || (l IN (m) AND NOT n LIKE o AND p IS NULL OR q = -r)";
    const original = parseExpr(source);
    const before = formatExpression(original);
    const rewritten = formatExpression(rename(original));
    expect(formatExpression(original)).to.equal(before);
    for (const name of 'ABCDEGHJKLMNOPQR') expect(rewritten).to.contain(`${name}_X`);
    expect(rewritten).to.contain('->I');
    expect(rewritten).not.to.contain('X_X');
  });

  it('finds a node anywhere with someExpression', () => {
    const isAggregate = (e: Expression) => e.kind === 'FunctionCall' && e.name === 'SUM';
    expect(someExpression(parseExpr('1 + abs(sum(x))'), isAggregate)).to.equal(true);
    expect(someExpression(parseExpr('1 + abs(x)'), isAggregate)).to.equal(false);
  });
});
