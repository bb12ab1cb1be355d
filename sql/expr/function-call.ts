/**
 * Scalar function calls through the registry. Arguments become ArgSpecs (constants carry their
 * value, a time unit is the constant STRING of its name, a lambda types its body on demand);
 * at run time lambdas are passed as JS functions. A throw inside a function gives NULL and
 * a processing-log message, as ksqlDB does.
 */
import type { FunctionCall, LambdaExpression } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { atLocation, SqlError } from '../errors.js';
import type { ArgSpec, LambdaValue } from '../functions/types.js';
import { STRING, type Type } from '../types/types.js';
import { constantNode, type Ctx, type LambdaFrame, type Node } from './node.js';

interface LambdaArg {
  readonly index: number;
  readonly expr: LambdaExpression;
  /**
   * The body compiled by the last successful `bodyType` call: the registry stops at the
   * overload that fits, so that call typed the lambda for the chosen overload.
   */
  compiled: { frame: LambdaFrame; body: Node } | null;
}

function compileLambdaBody(expr: LambdaExpression, paramTypes: readonly (Type | null)[], ctx: Ctx): { frame: LambdaFrame; body: Node } {
  const frame: LambdaFrame = { names: expr.params, types: paramTypes, slots: new Array<unknown>(expr.params.length).fill(null), row: [] };
  const body = ctx.compile(expr.body, { ...ctx, frames: [...ctx.frames, frame] });
  return { frame, body };
}

/** The JS function a lambda argument is passed as; it reads the row its frame was last given. */
function lambdaValue(frame: LambdaFrame, body: Node): LambdaValue {
  const slots = frame.slots;
  const ev = body.ev;
  switch (slots.length) {
    case 1: return (a) => ((slots[0] = a ?? null), ev(frame.row));
    case 2: return (a, b) => ((slots[0] = a ?? null), (slots[1] = b ?? null), ev(frame.row));
    default:
      return (...params) => {
        for (let i = 0; i < slots.length; i++) slots[i] = params[i] ?? null;
        return ev(frame.row);
      };
  }
}

function argSpecs(e: FunctionCall, ctx: Ctx, nodes: (Node | null)[], lambdas: LambdaArg[]): ArgSpec[] {
  return e.args.map((arg, index): ArgSpec => {
    if (arg.kind === 'Lambda') {
      const holder: LambdaArg = { index, expr: arg, compiled: null };
      lambdas.push(holder);
      nodes.push(null);
      return {
        kind: 'lambda',
        arity: arg.params.length,
        bodyType: (paramTypes) => {
          const compiled = compileLambdaBody(arg, paramTypes, ctx);
          holder.compiled = compiled;
          return compiled.body.type;
        },
      };
    }
    const node = arg.kind === 'IntervalUnit' ? constantNode(STRING, arg.unit) : ctx.compile(arg, ctx);
    nodes.push(node);
    if (!node.constant) return { kind: 'value', type: node.type };
    try {
      return { kind: 'value', type: node.type, constant: { value: node.ev([]) } };
    } catch {
      return { kind: 'value', type: node.type };
    }
  });
}

export function compileFunctionCall(e: FunctionCall, ctx: Ctx): Node {
  const { registry, onError } = ctx.scope;
  const kind = registry.kindOf(e.name);
  if (kind === 'AGGREGATE' || kind === 'TABLE') {
    const what = kind === 'AGGREGATE' ? 'an aggregate' : 'a table';
    throw new SqlError(atLocation(e.pos, `Function '${e.name}' is ${what} function and cannot be used in this expression: ${formatExpression(e)}`));
  }
  const nodes: (Node | null)[] = [];
  const lambdas: LambdaArg[] = [];
  const specs = argSpecs(e, ctx, nodes, lambdas);
  const fn = registry.resolveScalar(e.name, specs);
  const frames: LambdaFrame[] = [];
  const evs = nodes.map((n) => n?.ev ?? null);
  const lambdaValues: (LambdaValue | null)[] = nodes.map(() => null);
  for (const l of lambdas) {
    if (l.compiled === null) throw new SqlError(atLocation(l.expr.pos, `Function '${e.name}' does not accept a lambda argument here.`));
    const { frame, body } = l.compiled;
    frames.push(frame);
    lambdaValues[l.index] = lambdaValue(frame, body);
  }
  const n = nodes.length;
  const text = formatExpression(e);
  const fail = (err: unknown): null => {
    onError?.(`Error computing expression ${text}: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  };
  const ev = (row: readonly unknown[]): unknown => {
    for (let f = 0; f < frames.length; f++) frames[f]!.row = row;
    const args = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const a = evs[i];
      args[i] = a === null ? lambdaValues[i] : a!(row);
    }
    try {
      return fn.invoke(args) ?? null;
    } catch (err) {
      return fail(err);
    }
  };
  const constant = n > 0 && lambdas.length === 0 && nodes.every((x) => x !== null && x.constant);
  if (constant) {
    // Folded only when the call succeeds: a failing constant call is reported per row.
    try {
      const args = nodes.map((x) => x!.ev([]));
      return constantNode(fn.returnType, fn.invoke(args) ?? null);
    } catch {
      return { type: fn.returnType, constant: true, ev };
    }
  }
  return { type: fn.returnType, constant: false, ev };
}
