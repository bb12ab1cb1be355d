/**
 * Column references (`C`, `S.C`) and lambda variables: found by name in the scope or the
 * enclosing lambdas, with ksqlDB's messages for unknown and ambiguous columns.
 */
import type { ColumnRef, LambdaVariable } from '../ast/expressions.js';
import { atLocation, SqlError } from '../errors.js';
import type { ColumnBinding } from './types.js';
import type { Ctx, Node } from './node.js';

function unknownColumn(e: ColumnRef, clause: string): SqlError {
  const name = e.source === undefined ? e.name : `${e.source}.${e.name}`;
  return new SqlError(atLocation(e.pos, `${clause} column '${name}' cannot be resolved.`), 'statement', { line: e.pos.line, column: e.pos.column });
}

function ambiguous(e: ColumnRef, matches: readonly ColumnBinding[]): SqlError {
  const names = [...new Set(matches.map((c) => (c.source === undefined ? c.name : `${c.source}.${c.name}`)))];
  return new SqlError(atLocation(e.pos, `Column '${e.name}' is ambiguous. Could be ${names.join(' or ')}.`), 'statement', {
    line: e.pos.line,
    column: e.pos.column,
  });
}

/** The binding `e` names; throws ksqlDB's messages when there is none or more than one. */
export function resolveColumn(e: ColumnRef, columns: readonly ColumnBinding[], clause: string): ColumnBinding {
  const matches = columns.filter((c) => c.name === e.name && (e.source === undefined || c.source === e.source));
  if (matches.length === 0) throw unknownColumn(e, clause);
  if (matches.length > 1 && new Set(matches.map((c) => c.source)).size > 1) throw ambiguous(e, matches);
  return matches[0]!;
}

export function compileColumn(e: ColumnRef, ctx: Ctx): Node {
  const binding = resolveColumn(e, ctx.scope.columns, ctx.scope.clause ?? 'SELECT');
  const i = binding.index;
  return { type: binding.type, constant: false, ev: (row) => row[i] ?? null };
}

export function compileLambdaVariable(e: LambdaVariable, ctx: Ctx): Node {
  for (let f = ctx.frames.length - 1; f >= 0; f--) {
    const frame = ctx.frames[f]!;
    const i = frame.names.indexOf(e.name);
    if (i >= 0) {
      const slots = frame.slots;
      return { type: frame.types[i] ?? null, constant: false, ev: () => slots[i] ?? null };
    }
  }
  throw new SqlError(atLocation(e.pos, `Lambda variable '${e.name}' is not in scope.`));
}
