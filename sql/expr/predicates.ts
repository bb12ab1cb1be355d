/**
 * Boolean predicates: BETWEEN, IN, LIKE, IS [NOT] NULL, NOT, AND, OR. As in ksqlDB, BETWEEN
 * and IN with a NULL value are false (so NOT BETWEEN / NOT IN are true); AND, OR, NOT and LIKE
 * follow SQL's three-valued logic (NULL when the answer is unknown).
 */
import type { Between, Expression, InList, IsNull, Like, LogicalBinary, Not } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { atLocation, SqlError } from '../errors.js';
import { BOOLEAN, formatType, type Type } from '../types/types.js';
import { coerceList } from './common-type.js';
import { boundComparison, checkComparison, valuesEqual } from './compare.js';
import { EvalError, fold, typer, type Ctx, type Node } from './node.js';

function requireType(e: Expression, node: Node, kind: Type['kind'], what: string): void {
  if (node.type !== null && node.type.kind !== kind) {
    throw new SqlError(atLocation(e.pos, `${what} requires ${kind} operands: ${formatExpression(e)} is ${formatType(node.type)}.`));
  }
}

export function compileBetween(e: Between, ctx: Ctx): Node {
  const value = ctx.compile(e.value, ctx);
  const min = ctx.compile(e.min, ctx);
  const max = ctx.compile(e.max, ctx);
  checkComparison('GREATER_THAN_OR_EQUAL', e.value, value.type, e.min, min.type, ctx.format);
  checkComparison('LESS_THAN_OR_EQUAL', e.value, value.type, e.max, max.type, ctx.format);
  const lower = boundComparison('GREATER_THAN_OR_EQUAL', value, min);
  const upper = boundComparison('LESS_THAN_OR_EQUAL', value, max);
  const v = lower.l;
  const v2 = upper.l;
  const lo = lower.r;
  const hi = upper.r;
  const ge = lower.test;
  const le = upper.test;
  const negated = e.negated;
  return fold({ type: BOOLEAN, constant: value.constant && min.constant && max.constant, ev: (row) => {
    const x = v(row);
    const a = lo(row);
    const b = hi(row);
    const inside = x !== null && a !== null && b !== null && ge(x, a) && le(v2 === v ? x : v2(row), b);
    return negated ? !inside : inside;
  } });
}

export function compileIn(e: InList, ctx: Ctx): Node {
  const exprs = [e.value, ...e.list];
  let coerced;
  try {
    coerced = coerceList(exprs.map((expr) => ({ expr, node: ctx.compile(expr, ctx) })), typer(ctx));
  } catch (err) {
    if (err instanceof SqlError && !err.message.startsWith('Invalid Predicate: ')) {
      throw new SqlError(`Invalid Predicate: ${err.message}`, err.kind, { cause: err });
    }
    throw err;
  }
  const [value, ...list] = coerced.nodes;
  const type = coerced.type;
  const v = value!.ev;
  const negated = e.negated;
  const constant = coerced.nodes.every((n) => n.constant);
  const lookup = constantLookup(list, type);
  if (lookup !== null) {
    return fold({ type: BOOLEAN, constant, ev: (row) => {
      const x = v(row);
      const found = x !== null && lookup.has(x);
      return negated ? !found : found;
    } });
  }
  const evs = list.map((n) => n.ev);
  return fold({ type: BOOLEAN, constant, ev: (row) => {
    const x = v(row);
    let found = false;
    if (x !== null) {
      for (let i = 0; i < evs.length && !found; i++) {
        const y = evs[i]!(row);
        if (y !== null && (x === y || valuesEqual(x, y, type ?? undefined))) found = true;
      }
    }
    return negated ? !found : found;
  } });
}

/** Kinds whose JS values compare by `===` (so a Set finds them; NaN finds NaN, as Java's equals). */
const SET_KINDS = new Set<Type['kind']>(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'DATE', 'TIME', 'TIMESTAMP']);

/** A Set of the list's values when every item is a constant of a `===`-comparable type. */
function constantLookup(list: readonly Node[], type: Type | null): Set<unknown> | null {
  if (type === null || !SET_KINDS.has(type.kind) || !list.every((n) => n.constant)) return null;
  const values = new Set<unknown>();
  try {
    for (const n of list) {
      const y = n.ev([]);
      if (y !== null) values.add(y);
    }
  } catch {
    return null;
  }
  return values;
}

const ANY_CHAR = '[^\\n\\r\\u0085\\u2028\\u2029]';

function quoteRegex(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * LIKE's pattern as an anchored RegExp, as ksqlDB's LikeEvaluator builds it: `%` any run and
 * `_` one character (neither crosses a line break: Java's `.`), `escape` makes the next
 * character literal; a pattern ending in the escape character is an error.
 */
export function likePattern(pattern: string, escape: string | undefined): RegExp {
  let re = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== undefined && c === escape) {
      if (i + 1 >= chars.length) throw new EvalError('LIKE pattern must not end with escape character');
      re += quoteRegex(chars[++i]!);
    } else if (c === '%') re += `${ANY_CHAR}*`;
    else if (c === '_') re += ANY_CHAR;
    else re += quoteRegex(c);
  }
  return new RegExp(re + '$', 'u');
}

export function compileLike(e: Like, ctx: Ctx): Node {
  const value = ctx.compile(e.value, ctx);
  const pattern = ctx.compile(e.pattern, ctx);
  requireType(e.value, value, 'STRING', 'LIKE');
  requireType(e.pattern, pattern, 'STRING', 'LIKE');
  const v = value.ev;
  const p = pattern.ev;
  const negated = e.negated;
  const escape = e.escape;
  let lastPattern: string | null = null;
  let lastRe: RegExp | null = null;
  const regexFor = (s: string): RegExp => {
    if (s !== lastPattern) {
      lastPattern = s;
      lastRe = likePattern(s, escape);
    }
    return lastRe!;
  };
  return fold({ type: BOOLEAN, constant: value.constant && pattern.constant, ev: (row) => {
    const x = v(row);
    if (x === null) return null;
    const pat = p(row);
    if (pat === null) return null;
    const m = regexFor(pat as string).test(x as string);
    return negated ? !m : m;
  } });
}

export function compileIsNull(e: IsNull, ctx: Ctx): Node {
  const value = ctx.compile(e.value, ctx);
  const v = value.ev;
  const negated = e.negated;
  return fold({ type: BOOLEAN, constant: value.constant, ev: (row) => (v(row) === null) !== negated });
}

export function compileNot(e: Not, ctx: Ctx): Node {
  const operand = ctx.compile(e.operand, ctx);
  if (operand.type !== null && operand.type.kind !== 'BOOLEAN') {
    throw new SqlError(`Not expression expects a boolean value.  Actual ${formatType(operand.type)}`);
  }
  const o = operand.ev;
  return fold({ type: BOOLEAN, constant: operand.constant, ev: (row) => {
    const v = o(row);
    return v === null ? null : !v;
  } });
}

export function compileLogical(e: LogicalBinary, ctx: Ctx): Node {
  const left = ctx.compile(e.left, ctx);
  const right = ctx.compile(e.right, ctx);
  const notBoolean = (t: Type | null): boolean => t !== null && t.kind !== 'BOOLEAN';
  if (notBoolean(left.type) || notBoolean(right.type)) {
    const show = (t: Type | null): string => (t === null ? 'null' : formatType(t));
    throw new SqlError(`Logical binary expects two boolean values.  Actual ${show(left.type)} and ${show(right.type)}`);
  }
  const l = left.ev;
  const r = right.ev;
  const constant = left.constant && right.constant;
  // AND: false wins, then NULL; OR: true wins, then NULL.
  const decisive = e.op === 'OR';
  return fold({ type: BOOLEAN, constant, ev: (row) => {
    const a = l(row);
    if (a === decisive) return decisive;
    const b = r(row);
    if (b === decisive) return decisive;
    return a === null || b === null ? null : !decisive;
  } });
}
