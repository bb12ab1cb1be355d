/**
 * CASE, searched (`CASE WHEN c THEN r ... ELSE e END`) and simple (`CASE x WHEN v THEN r ...`).
 * Branches are evaluated lazily, in order; the result type is the branches' common type.
 */
import type { Expression, SearchedCase, SimpleCase } from '../ast/expressions.js';
import { SqlError } from '../errors.js';
import { formatType, type Type } from '../types/types.js';
import { coerceList } from './common-type.js';
import { checkComparison, comparator } from './compare.js';
import { fold, typer, type Ctx, type Node } from './node.js';

type Items = { expr: Expression; node: Node }[];

/** CASE branches only widen (ksqlDB even requires equal branch types): no literal changes type. */
const STRICT = { lax: false };

/** ksqlDB's message for the first THEN whose type has no common type with those before it. */
function thenMismatch(e: SearchedCase | SimpleCase, items: Items, ctx: Ctx): SqlError {
  let previous: Type | null = null;
  for (let i = 0; i < items.length; i++) {
    try {
      previous = coerceList(items.slice(0, i + 1), typer(ctx), STRICT).type;
    } catch {
      const w = e.whens[i]!;
      return new SqlError(
        "Invalid Case expression. Type for all 'THEN' clauses should be the same.\n" +
          `THEN expression 'WHEN ${ctx.format(w.condition)} THEN ${ctx.format(w.result)}' has type: ${formatType(items[i]!.node.type!)}.\n` +
          `Previous THEN expression(s) type: ${previous === null ? 'NULL' : formatType(previous)}.`,
      );
    }
  }
  return new SqlError('Invalid Case expression.');
}

/**
 * The branches' common type (ksqlDB requires equal types; we also accept types that widen to a
 * common one) and the branches converted to it. Messages for incompatible branches are ksqlDB's.
 */
function results(e: SearchedCase | SimpleCase, ctx: Ctx): { type: Type; thens: Node[]; otherwise: Node | null } {
  const items: Items = e.whens.map((w) => ({ expr: w.result, node: ctx.compile(w.result, ctx) }));
  let thenType: Type | null;
  try {
    thenType = coerceList(items, typer(ctx), STRICT).type;
  } catch {
    throw thenMismatch(e, items, ctx);
  }
  if (e.else !== undefined) items.push({ expr: e.else, node: ctx.compile(e.else, ctx) });
  let coerced;
  try {
    coerced = coerceList(items, typer(ctx), STRICT);
  } catch {
    throw new SqlError(
      "Invalid Case expression. Type for the default clause should be the same as for 'THEN' clauses.\n" +
        `THEN type: ${formatType(thenType!)}.\nDEFAULT type: ${formatType(items[items.length - 1]!.node.type!)}.`,
    );
  }
  if (coerced.type === null) throw new SqlError('Invalid Case expression. All case branches have NULL type');
  const nodes = coerced.nodes;
  return { type: coerced.type, thens: nodes.slice(0, e.whens.length), otherwise: e.else === undefined ? null : nodes[nodes.length - 1]! };
}

function assemble(type: Type, tests: ((row: readonly unknown[]) => boolean)[], thens: Node[], otherwise: Node | null, constant: boolean): Node {
  const evs = thens.map((n) => n.ev);
  const other = otherwise?.ev ?? null;
  const n = tests.length;
  return fold({ type, constant, ev: (row) => {
    for (let i = 0; i < n; i++) if (tests[i]!(row)) return evs[i]!(row);
    return other === null ? null : other(row);
  } });
}

export function compileSearchedCase(e: SearchedCase, ctx: Ctx): Node {
  const conditions = e.whens.map((w) => {
    const node = ctx.compile(w.condition, ctx);
    if (node.type !== null && node.type.kind !== 'BOOLEAN') {
      throw new SqlError(`WHEN operand type should be boolean.\nType for '${ctx.format(w.condition)}' is ${formatType(node.type)}`);
    }
    return node;
  });
  const { type, thens, otherwise } = results(e, ctx);
  const tests = conditions.map((c) => {
    const ev = c.ev;
    return (row: readonly unknown[]) => ev(row) === true;
  });
  const constant = conditions.every((c) => c.constant) && thens.every((t) => t.constant) && (otherwise?.constant ?? true);
  return assemble(type, tests, thens, otherwise, constant);
}

export function compileSimpleCase(e: SimpleCase, ctx: Ctx): Node {
  const operand = ctx.compile(e.operand, ctx);
  const op = operand.ev;
  const values = e.whens.map((w) => {
    const node = ctx.compile(w.condition, ctx);
    checkComparison('EQUAL', e.operand, operand.type, w.condition, node.type, ctx.format);
    return node;
  });
  const { type, thens, otherwise } = results(e, ctx);
  const tests = values.map((v) => {
    const eq = comparator('EQUAL', operand.type!, v.type!);
    const ev = v.ev;
    return (row: readonly unknown[]) => {
      const a = op(row);
      if (a === null) return false;
      const b = ev(row);
      return b !== null && eq(a, b);
    };
  });
  const constant = operand.constant && values.every((c) => c.constant) && thens.every((t) => t.constant) && (otherwise?.constant ?? true);
  return assemble(type, tests, thens, otherwise, constant);
}
