/**
 * `+ - * / %` and unary `-`/`+`, with ksqlDB's typing (Operator.resultType) and Java's runtime
 * semantics: INTEGER wraps as a Java int, BIGINT as a Java long, integer division truncates and
 * division or modulo by zero fails the row (NULL + a logged error), DOUBLE follows IEEE
 * (Infinity, NaN), DECIMAL is exact with ksqlDB's precision/scale rules (decimal-math.ts).
 */
import type { ArithmeticBinary, ArithmeticOperator, ArithmeticUnary, Expression } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { SqlError } from '../errors.js';
import { Decimal } from '../types/decimal.js';
import { BIGINT, DOUBLE, formatType, INTEGER, isNumeric, STRING, type DecimalType, type Type } from '../types/types.js';
import {
  addType, decimalAdd, decimalDivide, decimalMultiply, decimalNegate, decimalRemainder, decimalSubtract, divideType, modulusType,
  multiplyType, toDecimalType,
} from './decimal-math.js';
import { EvalError, fold, type Node } from './node.js';

type Bin = (a: unknown, b: unknown) => unknown;

const DECIMAL_TYPE_RULES: Record<ArithmeticOperator, (l: DecimalType, r: DecimalType) => DecimalType> = {
  '+': addType, '-': addType, '*': multiplyType, '/': divideType, '%': modulusType,
};

/** ksqlDB's result type of `l op r`; throws its message for unsupported operand types. */
export function arithmeticType(e: ArithmeticBinary, lt: Type | null, rt: Type | null, format: (e: Expression) => string = formatExpression): Type | null {
  if (lt === null || rt === null) return lt ?? rt;
  if (isNumeric(lt) && isNumeric(rt)) {
    if (lt.kind === 'DOUBLE' || rt.kind === 'DOUBLE') return DOUBLE;
    if (lt.kind === 'DECIMAL' || rt.kind === 'DECIMAL') return DECIMAL_TYPE_RULES[e.op](toDecimalType(lt)!, toDecimalType(rt)!);
    return lt.kind === 'BIGINT' || rt.kind === 'BIGINT' ? BIGINT : INTEGER;
  }
  if (e.op === '+' && lt.kind === 'STRING' && rt.kind === 'STRING') return STRING;
  throw new SqlError(`Error processing expression: ${format(e)}. Unsupported arithmetic types. ${lt.kind} ${rt.kind}`);
}

/**
 * A NULL operand fails the whole expression, as in ksqlDB, whose generated Java unboxes the
 * operands (a NullPointerException): `TRANSFORM(xs, x => x + 5)` over `[5, NULL]` is NULL, and
 * `IFNULL(a + 1, 0)` with a NULL `a` is NULL, not 0.
 */
const nullOperand = (): never => {
  throw new EvalError('null operand in arithmetic (NullPointerException)');
};

const divByZero = (): never => {
  throw new EvalError('/ by zero');
};

function intOp(op: ArithmeticOperator): Bin {
  switch (op) {
    case '+': return (a, b) => ((a as number) + (b as number)) | 0;
    case '-': return (a, b) => ((a as number) - (b as number)) | 0;
    case '*': return (a, b) => Math.imul(a as number, b as number);
    case '/': return (a, b) => (b === 0 ? divByZero() : Math.trunc((a as number) / (b as number)) | 0);
    case '%': return (a, b) => (b === 0 ? divByZero() : ((a as number) % (b as number)) | 0);
  }
}

function longOp(op: ArithmeticOperator): Bin {
  switch (op) {
    case '+': return (a, b) => BigInt.asIntN(64, (a as bigint) + (b as bigint));
    case '-': return (a, b) => BigInt.asIntN(64, (a as bigint) - (b as bigint));
    case '*': return (a, b) => BigInt.asIntN(64, (a as bigint) * (b as bigint));
    case '/': return (a, b) => (b === 0n ? divByZero() : BigInt.asIntN(64, (a as bigint) / (b as bigint)));
    case '%': return (a, b) => (b === 0n ? divByZero() : (a as bigint) % (b as bigint));
  }
}

function doubleOp(op: ArithmeticOperator): Bin {
  switch (op) {
    case '+': return (a, b) => (a as number) + (b as number);
    case '-': return (a, b) => (a as number) - (b as number);
    case '*': return (a, b) => (a as number) * (b as number);
    case '/': return (a, b) => (a as number) / (b as number);
    case '%': return (a, b) => (a as number) % (b as number);
  }
}

function decimalOp(op: ArithmeticOperator, t: DecimalType): Bin {
  switch (op) {
    case '+': return (a, b) => decimalAdd(a as Decimal, b as Decimal, t);
    case '-': return (a, b) => decimalSubtract(a as Decimal, b as Decimal, t);
    case '*': return (a, b) => decimalMultiply(a as Decimal, b as Decimal, t);
    case '/': return (a, b) => decimalDivide(a as Decimal, b as Decimal, t);
    case '%': return (a, b) => decimalRemainder(a as Decimal, b as Decimal, t);
  }
}

type Conv = ((v: unknown) => unknown) | null;

/** How an operand of type `from` becomes a value of the operation's type `to` (null: as is). */
function operandConversion(from: Type | null, to: Type): Conv {
  if (from === null || from.kind === to.kind) return null;
  if (to.kind === 'DOUBLE') return from.kind === 'BIGINT' ? (v) => Number(v as bigint) : from.kind === 'DECIMAL' ? (v) => (v as Decimal).toNumber() : null;
  if (to.kind === 'BIGINT') return (v) => BigInt(v as number);
  if (to.kind === 'DECIMAL') return from.kind === 'INTEGER' ? (v) => new Decimal(BigInt(v as number), 0) : (v) => new Decimal(v as bigint, 0);
  return null;
}

function operation(op: ArithmeticOperator, t: Type): Bin {
  switch (t.kind) {
    case 'INTEGER': return intOp(op);
    case 'BIGINT': return longOp(op);
    case 'DOUBLE': return doubleOp(op);
    case 'DECIMAL': return decimalOp(op, t);
    default: return (a, b) => (a as string) + (b as string);
  }
}

export function compileArithmetic(e: ArithmeticBinary, left: Node, right: Node, format: (e: Expression) => string = formatExpression): Node {
  const type = arithmeticType(e, left.type, right.type, format);
  const constant = left.constant && right.constant;
  if (type === null || left.type === null || right.type === null) return { type, constant: true, ev: () => null };
  const fn = operation(e.op, type);
  const lc = operandConversion(left.type, type);
  const rc = operandConversion(right.type, type);
  const l = left.ev;
  const r = right.ev;
  let ev: (row: readonly unknown[]) => unknown;
  if (type.kind === 'STRING') {
    // Java's string `+`, which ksqlDB generates: a NULL operand reads as the text "null".
    ev = (row) => String(l(row)) + String(r(row));
  } else if (lc === null && rc === null) {
    ev = (row) => {
      const a = l(row);
      const b = r(row);
      return a === null || b === null ? nullOperand() : fn(a, b);
    };
  } else {
    const lf = lc ?? ((v: unknown) => v);
    const rf = rc ?? ((v: unknown) => v);
    ev = (row) => {
      const a = l(row);
      const b = r(row);
      return a === null || b === null ? nullOperand() : fn(lf(a), rf(b));
    };
  }
  return fold({ type, constant, ev });
}

export function compileUnary(e: ArithmeticUnary, operand: Node, format: (e: Expression) => string = formatExpression): Node {
  const t = operand.type;
  if (t === null) return operand;
  if (!isNumeric(t)) throw new SqlError(`Error processing expression: ${format(e)}. Unsupported arithmetic type: ${formatType(t)}`);
  if (e.op === '+') return operand;
  const o = operand.ev;
  let neg: (v: unknown) => unknown;
  switch (t.kind) {
    case 'INTEGER': neg = (v) => -(v as number) | 0; break;
    case 'BIGINT': neg = (v) => BigInt.asIntN(64, -(v as bigint)); break;
    case 'DECIMAL': neg = (v) => decimalNegate(v as Decimal); break;
    default: neg = (v) => -(v as number);
  }
  return fold({ type: t, constant: operand.constant, ev: (row) => {
    const v = o(row);
    return v === null ? nullOperand() : neg(v);
  } });
}
