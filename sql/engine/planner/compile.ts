/** Compiling expressions over a stage's row, with the clause named in errors. */
import type { Expression } from '../../ast/expressions.js';
import { compileExpression } from '../../expr/index.js';
import type { CompiledExpression } from '../../expr/types.js';
import type { PlanContext } from './context.js';
import { bindings, type RowColumn } from './row.js';

export function compileOver(expr: Expression, columns: readonly RowColumn[], ctx: PlanContext, clause = 'SELECT'): CompiledExpression {
  return compileExpression(expr, { columns: bindings(columns), registry: ctx.registry, clause, onError: ctx.processingLog });
}

/** True when the predicate's value is TRUE (NULL and FALSE both drop the row). */
export function predicate(compiled: CompiledExpression): (row: readonly unknown[]) => boolean {
  return (row) => compiled.evaluate(row) === true;
}
