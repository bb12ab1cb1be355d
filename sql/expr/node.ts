/**
 * The compiler's internal node: a typed closure over a positional row, plus the context that
 * compiling passes down (scope, enclosing lambdas). Every `compile*` function returns a Node.
 */
import type { Expression } from '../ast/expressions.js';
import type { Type } from '../types/types.js';
import type { CompileScope } from './types.js';

/** A compiled sub-expression. `ev` may throw an EvalError; only the top-level evaluate catches. */
export interface Node {
  readonly type: Type | null;
  readonly constant: boolean;
  readonly ev: (row: readonly unknown[]) => unknown;
}

/** The parameters of one enclosing lambda: names, their types, and the slots invoke fills. */
export interface LambdaFrame {
  readonly names: readonly string[];
  readonly types: readonly (Type | null)[];
  readonly slots: unknown[];
  /** The row the enclosing expression is evaluating (set before the function is invoked). */
  row: readonly unknown[];
}

export interface Ctx {
  readonly scope: CompileScope;
  /** Innermost last. */
  readonly frames: readonly LambdaFrame[];
  readonly compile: (e: Expression, ctx: Ctx) => Node;
  /** An expression as messages print it (engine-computed columns shown as what they compute). */
  readonly format: (e: Expression) => string;
}

/** A row-level failure (division by zero, bad cast, overflow): the expression's value becomes NULL. */
export class EvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalError';
  }
}

export function constantNode(type: Type | null, value: unknown): Node {
  return { type, constant: true, ev: () => value };
}

/**
 * Folds a constant node to its value once, at compile time. A node whose evaluation fails is
 * kept as it is, so the failure is reported per row as ksqlDB does.
 */
export function fold(node: Node): Node {
  if (!node.constant) return node;
  try {
    return constantNode(node.type, node.ev([]));
  } catch {
    return node;
  }
}

/** Types sub-expressions in `ctx` (compiling them; used where a list's common type needs them). */
export function typer(ctx: Ctx): (e: Expression) => Type | null {
  return (e) => ctx.compile(e, ctx).type;
}
