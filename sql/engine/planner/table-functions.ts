/**
 * Table functions (EXPLODE, CUBE_EXPLODE, ...) in the SELECT list: each input row becomes as many
 * rows as the longest function result; shorter results give NULL, as in ksqlDB. The results are
 * appended to the row as synthetic columns the rewritten SELECT list reads.
 */
import type { Expression, FunctionCall } from '../../ast/expressions.js';
import type { Query, SelectItem } from '../../ast/query.js';
import { mapChildren, someExpression } from '../../ast/walk.js';
import { SqlError } from '../../errors.js';
import type { ArgSpec, ResolvedTableFunction } from '../../functions/types.js';
import { compileOver } from './compile.js';
import type { PlanContext } from './context.js';
import { defaultName } from './projection.js';
import { canonical, type RowColumn } from './row.js';
import { isTombstone, type Row, type Stage } from './stage.js';

function isTableCall(e: Expression, ctx: PlanContext): e is FunctionCall {
  return e.kind === 'FunctionCall' && ctx.registry.kindOf(e.name) === 'TABLE';
}

export function hasTableFunction(query: Query, ctx: PlanContext): boolean {
  return query.select.some((s) => s.kind === 'SingleColumn' && someExpression(s.expression, (x) => isTableCall(x, ctx)));
}

export function explodeStage(stage: Stage, query: Query, ctx: PlanContext, isJoin: boolean): { stage: Stage; select: SelectItem[] } {
  if (stage.kind !== 'stream') throw new SqlError('Table functions are only supported on streams.', 'statement');
  const calls: { call: FunctionCall; canon: string; fn: ResolvedTableFunction; args: ReturnType<typeof compileOver>[]; column: string }[] = [];
  const find = (e: Expression): void => {
    if (isTableCall(e, ctx)) {
      const canon = canonical(e, stage.columns);
      if (calls.some((c) => c.canon === canon)) return;
      const args = e.args.map((a) => compileOver(a, stage.columns, ctx));
      const specs: ArgSpec[] = args.map((c) => (c.constant ? { kind: 'value', type: c.type, constant: { value: c.evaluate([]) } } : { kind: 'value', type: c.type }));
      calls.push({ call: e, canon, fn: ctx.registry.resolveTable(e.name, specs), args, column: `KSQL_SYNTH_${calls.length}` });
      return;
    }
    mapChildren(e, (c) => (find(c), c));
  };
  for (const s of query.select) if (s.kind === 'SingleColumn') find(s.expression);
  const columns: RowColumn[] = [...stage.columns, ...calls.map((c) => ({ name: c.column, type: c.fn.returnType }))];
  const stream = stage.stream.flatMapValues((row) => {
    if (isTombstone(row)) return [];
    if (row === null) return [];
    const results = calls.map((c) => c.fn.invoke(c.args.map((a) => a.evaluate(row))));
    const n = Math.max(0, ...results.map((r) => r.length));
    const out: Row[] = [];
    for (let i = 0; i < n; i++) out.push([...row, ...results.map((r) => (i < r.length ? r[i] : null))]);
    return out;
  });
  const rewrite = (e: Expression): Expression => {
    if (isTableCall(e, ctx)) {
      const c = calls.find((x) => x.canon === canonical(e, stage.columns))!;
      return { kind: 'ColumnRef', name: c.column, pos: e.pos };
    }
    return mapChildren(e, rewrite);
  };
  const select = query.select.map((s) => (s.kind === 'SingleColumn' ? { ...s, expression: rewrite(s.expression), alias: s.alias ?? defaultName(s.expression, isJoin ? stage.columns : null) } : s));
  return { stage: { ...stage, stream: stream as Stage extends never ? never : typeof stage.stream, columns }, select };
}
