/** Compiling expressions over a stage's row, with the clause named in errors. */
import type { Expression } from '../../ast/expressions.js';
import { compileExpression } from '../../expr/index.js';
import type { CompiledExpression } from '../../expr/types.js';
import { SqlError } from '../../errors.js';
import type { PlanContext } from './context.js';
import { bindings, type RowColumn } from './row.js';

/** Errors that ksqlDB reports without naming the clause. */
const UNPREFIXED = /cannot be resolved|^Invalid Predicate|^Can't find any functions|does not accept parameters|^Line: |is ambiguous|cannot be resolved due to/;

/**
 * Compiles `expr` over the columns. Type errors get ksqlDB's clause prefix (`Error in WHERE
 * expression: `, `Invalid Select: ` for casts); `rename` maps internal column names back to
 * the SQL they stand for, so messages show `SUM(VALUE)`, not an internal name.
 */
export function compileOver(expr: Expression, columns: readonly RowColumn[], ctx: PlanContext, clause = 'SELECT', rename?: ReadonlyMap<string, string>): CompiledExpression {
  try {
    return compileExpression(expr, { columns: bindings(columns), registry: ctx.registry, clause, onError: ctx.processingLog, customTypes: ctx.catalog.types });
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    let message = err.message;
    if (rename !== undefined) for (const [internal, text] of rename) message = message.split(internal).join(text);
    if ((clause === 'WHERE' || clause === 'HAVING') && !UNPREFIXED.test(message)) message = `Error in ${clause} expression: ${message}`;
    else if (clause === 'SELECT' && /^Cast of /.test(message)) message = `Invalid Select: ${message}`;
    if (message === err.message) throw err;
    throw new SqlError(message, err.kind, { cause: err });
  }
}

/** True when the predicate's value is TRUE (NULL and FALSE both drop the row). */
export function predicate(compiled: CompiledExpression): (row: readonly unknown[]) => boolean {
  return (row) => compiled.evaluate(row) === true;
}
