/** Helpers for the SQL front-end tests: parse and strip positions for compact assertions. */
import { expect } from 'chai';
import { parseStatements, SqlSyntaxError } from '../../sql/index.js';
import type { Expression, Query, Statement } from '../../sql/index.js';

/** A deep copy of `value` without `pos` and `text` fields. */
export function bare<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === 'pos' || k === 'text' ? undefined : typeof v === 'bigint' ? `${v}n` : v)),
  );
}

/** The single statement of `sql`, which must parse. */
export function parseOne(sql: string): Statement {
  const { statements, errors } = parseStatements(sql);
  expect(errors.map((e) => e.message)).to.deep.equal([]);
  expect(statements).to.have.length(1);
  return statements[0];
}

/** The query of a `SELECT ...;` statement. */
export function parseQuery(sql: string): Query {
  const statement = parseOne(sql);
  if (statement.kind !== 'QueryStatement') throw new Error(`not a query: ${statement.kind}`);
  return statement.query;
}

/** The expression `text` as the first select item of `SELECT text FROM S;`, without positions. */
export function expr(text: string): unknown {
  const item = parseQuery(`SELECT ${text} FROM S;`).select[0];
  if (item.kind !== 'SingleColumn') throw new Error(`not a single column: ${item.kind}`);
  return bare(item.expression as Expression);
}

/** The only error of parsing `sql`. */
export function parseError(sql: string): SqlSyntaxError {
  const { errors } = parseStatements(sql);
  expect(errors, `errors of ${sql}`).to.have.length(1);
  return errors[0];
}
