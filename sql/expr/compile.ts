/**
 * The expression compiler: AST expression + scope → a typed closure over a positional row.
 * One closure per node; constant sub-expressions are folded once; the only try/catch on the
 * hot path is the one in `evaluate` (and one around each function invoke).
 */
import type { Cast, Expression } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { mapChildren } from '../ast/walk.js';
import { atLocation, SqlError } from '../errors.js';
import { Decimal } from '../types/decimal.js';
import { BIGINT, BOOLEAN, decimal, DOUBLE, fromAstType, INTEGER, STRING, UnknownTypeError, type Type } from '../types/types.js';
import { compileArithmetic, compileUnary } from './arithmetic.js';
import { compileSearchedCase, compileSimpleCase } from './case.js';
import { castFunction, castNotSupported, castSupported } from './cast.js';
import { compileColumn, compileLambdaVariable } from './columns.js';
import { compileComparison } from './compare.js';
import { compileFunctionCall } from './function-call.js';
import { rewriteMagicTimestamps } from './magic-timestamp.js';
import { constantNode, fold, type Ctx, type Node } from './node.js';
import { compileBetween, compileIn, compileIsNull, compileLike, compileLogical, compileNot } from './predicates.js';
import { compileArray, compileDereference, compileMap, compileStruct, compileSubscript } from './structured.js';
import type { CompileScope, CompiledExpression } from './types.js';

function resolveType(e: Cast, ctx: Ctx): Type {
  try {
    return fromAstType(e.type, ctx.scope.customTypes);
  } catch (err) {
    if (err instanceof UnknownTypeError) throw new SqlError(atLocation(e.type.pos, err.message));
    throw err;
  }
}

function compileCast(e: Cast, ctx: Ctx): Node {
  const target = resolveType(e, ctx);
  const operand = compileNode(e.expression, ctx);
  if (operand.type === null) return { type: target, constant: operand.constant, ev: operand.ev };
  if (!castSupported(operand.type, target)) throw castNotSupported(operand.type, target);
  const fn = castFunction(operand.type, target);
  const o = operand.ev;
  return fold({ type: target, constant: operand.constant, ev: (row) => {
    const v = o(row);
    return v === null ? null : fn(v);
  } });
}

function compileNode(e: Expression, ctx: Ctx): Node {
  switch (e.kind) {
    case 'NullLiteral': return constantNode(null, null);
    case 'BooleanLiteral': return constantNode(BOOLEAN, e.value);
    case 'StringLiteral': return constantNode(STRING, e.value);
    case 'IntegerLiteral': return constantNode(INTEGER, e.value);
    case 'BigIntLiteral': return constantNode(BIGINT, e.value);
    case 'DoubleLiteral': return constantNode(DOUBLE, e.value);
    case 'DecimalLiteral': {
      const d = Decimal.parse(e.lexeme);
      return constantNode(decimal(e.precision, e.scale), d.scale === e.scale ? d : new Decimal(d.unscaled * 10n ** BigInt(e.scale - d.scale), e.scale));
    }
    case 'ColumnRef': return compileColumn(e, ctx);
    case 'LambdaVariable': return compileLambdaVariable(e, ctx);
    case 'Dereference': return compileDereference(e, ctx);
    case 'Subscript': return compileSubscript(e, ctx);
    case 'FunctionCall': return compileFunctionCall(e, ctx);
    case 'IntervalUnit':
    case 'Lambda':
      throw new SqlError(atLocation(e.pos, `${formatExpression(e)} is only allowed as a function argument.`));
    case 'ArrayConstructor': return compileArray(e, ctx);
    case 'MapConstructor': return compileMap(e, ctx);
    case 'StructConstructor': return compileStruct(e, ctx);
    case 'Cast': return compileCast(e, ctx);
    case 'SearchedCase': return compileSearchedCase(e, ctx);
    case 'SimpleCase': return compileSimpleCase(e, ctx);
    case 'ArithmeticBinary': return compileArithmetic(e, compileNode(e.left, ctx), compileNode(e.right, ctx), ctx.format);
    case 'ArithmeticUnary': return compileUnary(e, compileNode(e.operand, ctx), ctx.format);
    case 'Comparison': {
      const c = rewriteMagicTimestamps(e) as typeof e;
      return compileComparison(c, compileNode(c.left, ctx), compileNode(c.right, ctx), ctx.format);
    }
    case 'Between': return compileBetween(rewriteMagicTimestamps(e) as typeof e, ctx);
    case 'InList': return compileIn(e, ctx);
    case 'Like': return compileLike(e, ctx);
    case 'IsNull': return compileIsNull(e, ctx);
    case 'Not': return compileNot(e, ctx);
    case 'LogicalBinary': return compileLogical(e, ctx);
  }
}

/**
 * formatExpression as ksqlDB prints expressions in messages: a column the engine computed (an
 * aggregate) as the expression it holds, and, when the row joins several sources, a source
 * column by its joined name (`I1_BAR`, as ksqlDB's join schema names it).
 */
function messageFormatter(scope: CompileScope): (e: Expression) => string {
  const computed = scope.columns.filter((c) => c.expression !== undefined);
  const joined = new Set(scope.columns.map((c) => c.source).filter((s) => s !== undefined)).size > 1;
  if (computed.length === 0 && !joined) return formatExpression;
  const substitute = (e: Expression): Expression => {
    if (e.kind === 'ColumnRef') {
      const matches = scope.columns.filter((b) => b.name === e.name && (e.source === undefined || b.source === e.source));
      const b = matches.length === 1 ? matches[0]! : undefined;
      if (b?.expression !== undefined) return b.expression;
      if (joined && b?.source !== undefined) return { kind: 'ColumnRef', name: `${b.source}_${b.name}`, pos: e.pos };
      return e;
    }
    return mapChildren(e, substitute);
  };
  return (e) => formatExpression(substitute(e));
}

function rootContext(scope: CompileScope): Ctx {
  return { scope, frames: [], compile: compileNode, format: messageFormatter(scope) };
}

/**
 * Compiles `expr` against the columns of `scope`. Throws SqlError (ksqlDB's message) when the
 * expression does not type-check; the result's `evaluate` never throws.
 */
export function compileExpression(expr: Expression, scope: CompileScope): CompiledExpression {
  const ctx = rootContext(scope);
  const node = compileNode(expr, ctx);
  if (node.constant) {
    try {
      const value = node.ev([]);
      return { type: node.type, constant: true, evaluate: () => value };
    } catch {
      // Fails for every row: fall through so each evaluation reports it.
    }
  }
  const ev = node.ev;
  const onError = scope.onError;
  const text = ctx.format(expr);
  return {
    type: node.type,
    constant: node.constant,
    evaluate(row) {
      try {
        return ev(row);
      } catch (err) {
        onError?.(`Error computing expression ${text}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }
    },
  };
}

/** The type of `expr` in `scope` (null for an untyped NULL); throws as `compileExpression` does. */
export function typeOf(expr: Expression, scope: CompileScope): Type | null {
  return compileNode(expr, rootContext(scope)).type;
}
