/**
 * Common types of value lists (ARRAY[...], MAP(...), IN (...), CASE branches), as ksqlDB's
 * CoercionUtil finds them: numbers widen INTEGER → BIGINT → DECIMAL → DOUBLE, structured types
 * widen element-wise (structs to the union of their fields), NULLs take the common type, and a
 * string literal among numbers or booleans is read as one (`invalid input syntax for type ...`
 * when it is not).
 */
import type { Expression } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { SqlError } from '../errors.js';
import { Decimal } from '../types/decimal.js';
import { BIGINT, decimal, DOUBLE, formatType, INTEGER, isNumeric, typesEqual, type StructField, type Type } from '../types/types.js';
import { castFunction, castValue, javaToString, parseBooleanExact } from './cast.js';
import { toDecimalType, widenDecimal } from './decimal-math.js';
import { constantNode, type Node } from './node.js';

/** The common type of two types, or undefined when there is none. */
export function commonOf(a: Type, b: Type): Type | undefined {
  if (typesEqual(a, b)) return a;
  if (isNumeric(a) && isNumeric(b)) {
    if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE') return DOUBLE;
    if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') return widenDecimal(toDecimalType(a)!, toDecimalType(b)!);
    return BIGINT;
  }
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const el = commonOf(a.element, b.element);
    return el && { kind: 'ARRAY', element: el };
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const k = commonOf(a.key, b.key);
    const v = commonOf(a.value, b.value);
    return k && v && { kind: 'MAP', key: k, value: v };
  }
  if (a.kind === 'STRUCT' && b.kind === 'STRUCT') {
    const fields: StructField[] = [];
    for (const f of a.fields) {
      const other = b.fields.find((g) => g.name === f.name);
      const t = other === undefined ? f.type : commonOf(f.type, other.type);
      if (t === undefined) return undefined;
      fields.push({ name: f.name, type: t });
    }
    for (const g of b.fields) if (!a.fields.some((f) => f.name === g.name)) fields.push(g);
    return { kind: 'STRUCT', fields };
  }
  return undefined;
}

/**
 * The common type of `types` (nulls ignored); null when every entry is null. Throws SqlError
 * when two types have none.
 */
export function commonType(types: readonly (Type | null)[]): Type | null {
  let result: Type | null = null;
  for (const t of types) {
    if (t === null) continue;
    if (result === null) {
      result = t;
      continue;
    }
    const c = commonOf(result, t);
    if (c === undefined) throw new SqlError(`Incompatible types: ${formatType(result)} and ${formatType(t)}`);
    result = c;
  }
  return result;
}

export interface ListItem {
  readonly expr: Expression;
  readonly node: Node;
}

function invalidSyntax(value: string, target: Type): SqlError {
  return new SqlError(`invalid input syntax for type ${target.kind}: "${value}".`);
}

/** The type ksqlDB reads a numeric string literal as (CoercionUtil.getStringNumericType). */
function stringNumericType(value: string, target: Type): Type {
  let d: Decimal;
  try {
    d = Decimal.parse(value);
  } catch {
    throw invalidSyntax(value, target);
  }
  if (!/[.eE]/.test(value) && d.scale === 0) {
    if (d.unscaled > -2147483648n && d.unscaled < 2147483647n) return INTEGER;
    if (d.unscaled > -(2n ** 63n) && d.unscaled < 2n ** 63n - 1n) return BIGINT;
  }
  return d.unscaled === 0n ? decimal(Math.max(1, d.scale + 1), Math.max(0, d.scale)) : decimal(Math.max(d.precision, d.scale), Math.max(0, d.scale));
}

/** "operator does not exist": no common type; caught by an enclosing constructor to name itself. */
class CoercionFailure extends SqlError {}

function coercionFailure(target: Type, source: Type, expr: Expression): SqlError {
  return new CoercionFailure(
    `operator does not exist: ${formatType(target)} = ${formatType(source)} (${formatExpression(expr)})\n` +
      'Hint: You might need to add explicit type casts.',
  );
}

/** Types an expression (compiling it in the caller's context). */
export type TypeOfExpr = (e: Expression) => Type | null;

function resolveAll(start: Type, exprs: readonly Expression[], typeOf: TypeOfExpr, lax: boolean): Type {
  let t = start;
  for (const e of exprs) {
    const st = typeOf(e);
    if (st !== null) t = resolveNext(t, e, st, typeOf, lax);
  }
  return t;
}

/** A constructor's common type with `target`, element by element (CoercionUtil's structured rules). */
function resolveConstructor(target: Type, expr: Expression, source: Type, typeOf: TypeOfExpr, lax: boolean): Type {
  try {
    if (expr.kind === 'ArrayConstructor' && target.kind === 'ARRAY') {
      return { kind: 'ARRAY', element: resolveAll(target.element, expr.elements, typeOf, lax) };
    }
    if (expr.kind === 'MapConstructor' && target.kind === 'MAP') {
      return {
        kind: 'MAP',
        key: resolveAll(target.key, expr.entries.map((x) => x.key), typeOf, lax),
        value: resolveAll(target.value, expr.entries.map((x) => x.value), typeOf, lax),
      };
    }
    if (expr.kind === 'StructConstructor' && target.kind === 'STRUCT') {
      const names = [...new Set([...expr.fields.map((f) => f.name), ...target.fields.map((f) => f.name)])];
      const fields: StructField[] = names.map((name) => {
        const src = expr.fields.find((f) => f.name === name);
        const tgt = target.fields.find((f) => f.name === name);
        const srcType = src === undefined ? null : typeOf(src.value);
        if (tgt === undefined) return { name, type: srcType! };
        if (src === undefined || srcType === null) return tgt;
        return { name, type: resolveNext(tgt.type, src.value, srcType, typeOf, lax) };
      });
      return { kind: 'STRUCT', fields };
    }
  } catch (err) {
    if (err instanceof CoercionFailure) throw coercionFailure(target, source, expr);
    throw err;
  }
  throw coercionFailure(target, source, expr);
}

const NON_NULL_LITERALS = new Set(['BooleanLiteral', 'StringLiteral', 'IntegerLiteral', 'BigIntLiteral', 'DecimalLiteral', 'DoubleLiteral']);

/** A literal among strings is read as its text (ksqlDB's lax literal coercion: `10.30` → '10.30'). */
function literalAsString(expr: Expression, target: Type, lax: boolean): boolean {
  return lax && target.kind === 'STRING' && NON_NULL_LITERALS.has(expr.kind);
}

function resolveNext(target: Type, expr: Expression, source: Type, typeOf: TypeOfExpr, lax: boolean): Type {
  if (literalAsString(expr, target, lax)) return target;
  if (expr.kind === 'ArrayConstructor' || expr.kind === 'MapConstructor' || expr.kind === 'StructConstructor') {
    return resolveConstructor(target, expr, source, typeOf, lax);
  }
  if (lax && expr.kind === 'StringLiteral') {
    const value = expr.value;
    if (isNumeric(target)) {
      const s = stringNumericType(value, target);
      if (target.kind === 'DOUBLE') return DOUBLE;
      if (s.kind === 'DECIMAL' || target.kind === 'DECIMAL') return widenDecimal(toDecimalType(s)!, toDecimalType(target)!);
      return s.kind === 'BIGINT' ? BIGINT : target;
    }
    if (target.kind === 'BOOLEAN') {
      if (parseBooleanExact(value) === null) throw invalidSyntax(value, target);
      return target;
    }
    if (target.kind === 'DATE' || target.kind === 'TIME' || target.kind === 'TIMESTAMP') {
      try {
        castValue(value, source, target);
      } catch {
        throw invalidSyntax(value, target);
      }
      return target;
    }
  }
  const c = commonOf(target, source);
  if (c === undefined) throw coercionFailure(target, source, expr);
  return c;
}

/**
 * Finds the common type of `items` and converts each to it: literals at compile time, other
 * expressions by a cast per row. `type` is null when every item is an untyped NULL.
 *
 * `lax` (the default, as ksqlDB's lists): literals may change type — a string literal among
 * numbers, booleans or times is read as one, other literals among strings become their text.
 * Without it (CASE branches) only types widen.
 */
export function coerceList(
  items: readonly ListItem[], typeOf: TypeOfExpr, options: { lax?: boolean } = {},
): { type: Type | null; nodes: Node[] } {
  const lax = options.lax ?? true;
  let target: Type | null = null;
  for (const item of items) {
    if (item.node.type === null) continue;
    target = target === null ? item.node.type : resolveNext(target, item.expr, item.node.type, typeOf, lax);
  }
  if (target === null) return { type: null, nodes: items.map((i) => i.node) };
  const t = target;
  return { type: t, nodes: items.map((i) => convertTo(i, t, lax)) };
}

/** `node` converted to `target` (a common type it widens to). */
export function convertNode(node: Node, target: Type): Node {
  if (node.type === null) return { type: target, constant: node.constant, ev: node.ev };
  if (typesEqual(node.type, target)) return node;
  const fn = castFunction(node.type, target);
  const ev = node.ev;
  return { type: target, constant: node.constant, ev: (row) => {
    const v = ev(row);
    return v === null ? null : fn(v);
  } };
}

function convertTo(item: ListItem, target: Type, lax: boolean): Node {
  if (literalAsString(item.expr, target, lax) && item.node.type !== null && item.node.type.kind !== 'STRING') {
    return constantNode(target, javaToString(item.node.ev([]), item.node.type));
  }
  if (lax && item.expr.kind === 'StringLiteral' && item.node.type !== null && !typesEqual(item.node.type, target) && target.kind !== 'STRING') {
    if (target.kind === 'BOOLEAN') return constantNode(target, parseBooleanExact(item.expr.value));
    try {
      return constantNode(target, castValue(item.expr.value, item.node.type, target));
    } catch {
      throw invalidSyntax(item.expr.value, target);
    }
  }
  return convertNode(item.node, target);
}
