/**
 * Typed traversal of expressions: the direct children of a node, a copy with its children
 * replaced, and a pre-order search — the building blocks for the analyzer's passes (finding
 * aggregates and column references, rewriting expressions).
 */
import { Expression } from './expressions.js';

/** The direct sub-expressions of `e`, in source order. */
export function childExpressions(e: Expression): Expression[] {
  switch (e.kind) {
    case 'Dereference':
      return [e.base];
    case 'Subscript':
      return [e.base, e.index];
    case 'FunctionCall':
      return e.args;
    case 'Lambda':
      return [e.body];
    case 'ArrayConstructor':
      return e.elements;
    case 'MapConstructor':
      return e.entries.flatMap((x) => [x.key, x.value]);
    case 'StructConstructor':
      return e.fields.map((f) => f.value);
    case 'Cast':
      return [e.expression];
    case 'SearchedCase':
      return [...e.whens.flatMap((w) => [w.condition, w.result]), ...(e.else ? [e.else] : [])];
    case 'SimpleCase':
      return [e.operand, ...e.whens.flatMap((w) => [w.condition, w.result]), ...(e.else ? [e.else] : [])];
    case 'ArithmeticBinary':
    case 'Comparison':
    case 'LogicalBinary':
      return [e.left, e.right];
    case 'ArithmeticUnary':
    case 'Not':
      return [e.operand];
    case 'Between':
      return [e.value, e.min, e.max];
    case 'InList':
      return [e.value, ...e.list];
    case 'Like':
      return [e.value, e.pattern];
    case 'IsNull':
      return [e.value];
    default:
      return []; // literals, column references, lambda variables, interval units
  }
}

/** A copy of `e` with each direct child replaced by `f(child)` (`e` itself when it has none). */
export function mapChildren(e: Expression, f: (child: Expression) => Expression): Expression {
  switch (e.kind) {
    case 'Dereference':
      return { ...e, base: f(e.base) };
    case 'Subscript':
      return { ...e, base: f(e.base), index: f(e.index) };
    case 'FunctionCall':
      return { ...e, args: e.args.map(f) };
    case 'Lambda':
      return { ...e, body: f(e.body) };
    case 'ArrayConstructor':
      return { ...e, elements: e.elements.map(f) };
    case 'MapConstructor':
      return { ...e, entries: e.entries.map((x) => ({ key: f(x.key), value: f(x.value) })) };
    case 'StructConstructor':
      return { ...e, fields: e.fields.map((x) => ({ name: x.name, value: f(x.value) })) };
    case 'Cast':
      return { ...e, expression: f(e.expression) };
    case 'SearchedCase':
      return { ...e, whens: e.whens.map((w) => ({ condition: f(w.condition), result: f(w.result) })), else: e.else && f(e.else) };
    case 'SimpleCase':
      return {
        ...e,
        operand: f(e.operand),
        whens: e.whens.map((w) => ({ condition: f(w.condition), result: f(w.result) })),
        else: e.else && f(e.else),
      };
    case 'ArithmeticBinary':
    case 'Comparison':
    case 'LogicalBinary':
      return { ...e, left: f(e.left), right: f(e.right) } as Expression;
    case 'ArithmeticUnary':
    case 'Not':
      return { ...e, operand: f(e.operand) } as Expression;
    case 'Between':
      return { ...e, value: f(e.value), min: f(e.min), max: f(e.max) };
    case 'InList':
      return { ...e, value: f(e.value), list: e.list.map(f) };
    case 'Like':
      return { ...e, value: f(e.value), pattern: f(e.pattern) };
    case 'IsNull':
      return { ...e, value: f(e.value) };
    default:
      return e;
  }
}

/** True when `predicate` holds for `e` or any expression inside it (pre-order, stops early). */
export function someExpression(e: Expression, predicate: (node: Expression) => boolean): boolean {
  return predicate(e) || childExpressions(e).some((child) => someExpression(child, predicate));
}
