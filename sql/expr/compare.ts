/**
 * Comparisons: ksqlDB's rules for which types compare (ComparisonUtil), its messages, and the
 * values' order and equality. A comparison with a NULL operand is false (not NULL), as in
 * ksqlDB; IS [NOT] DISTINCT FROM treats two NULLs as equal.
 */
import type { Comparison, ComparisonOperator, Expression } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { SqlError } from '../errors.js';
import { Decimal } from '../types/decimal.js';
import { BOOLEAN, formatType, isNumeric, typesEqual, type Type } from '../types/types.js';
import { decimalCompare } from './decimal-math.js';
import { compareDouble } from './java-semantics.js';
import { EvalError, fold, type Node } from './node.js';
import { MS_PER_DAY, parseDate, parseTime, parseTimestamp } from './temporal.js';

const SYMBOLS: Record<ComparisonOperator, string> = {
  EQUAL: '=', NOT_EQUAL: '<>', LESS_THAN: '<', LESS_THAN_OR_EQUAL: '<=', GREATER_THAN: '>', GREATER_THAN_OR_EQUAL: '>=',
  IS_DISTINCT_FROM: 'IS DISTINCT FROM', IS_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM',
};

function isEqualityOp(op: ComparisonOperator): boolean {
  return op === 'EQUAL' || op === 'NOT_EQUAL' || op === 'IS_DISTINCT_FROM' || op === 'IS_NOT_DISTINCT_FROM';
}

const isTemporal = (t: Type): boolean => t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'TIMESTAMP';

/** ksqlDB's ComparisonUtil.isValidComparison: the left operand's type decides what it accepts. */
export function isValidComparison(left: Type, op: ComparisonOperator, right: Type): boolean {
  if (isNumeric(left)) return isNumeric(right);
  switch (left.kind) {
    case 'STRING': return right.kind === 'STRING' || isTemporal(right);
    case 'BOOLEAN': case 'ARRAY': case 'MAP': case 'STRUCT': return right.kind === left.kind && isEqualityOp(op);
    case 'TIME': return right.kind === 'TIME' || right.kind === 'STRING';
    case 'DATE': case 'TIMESTAMP': return right.kind === 'DATE' || right.kind === 'TIMESTAMP' || right.kind === 'STRING';
    case 'BYTES': return right.kind === 'BYTES';
    default: return false;
  }
}

/** Checks a comparison's operand types, throwing ksqlDB's messages. */
export function checkComparison(
  op: ComparisonOperator, left: Expression, lt: Type | null, right: Expression, rt: Type | null, format: (e: Expression) => string = formatExpression,
): void {
  if (lt === null || rt === null) {
    throw new SqlError(
      `Comparison with NULL not supported: ${lt === null ? 'NULL' : lt.kind} ${SYMBOLS[op]} ${rt === null ? 'NULL' : rt.kind}\n` +
        `Use 'IS NULL' or 'IS NOT NULL' instead.`,
    );
  }
  if (!isValidComparison(lt, op, rt)) {
    throw new SqlError(
      `Cannot compare ${format(left)} (${formatType(lt)}) to ${format(right)} (${formatType(rt)}) with ${op}.`,
    );
  }
}

type Convert = (v: unknown) => unknown;
type Cmp = (a: unknown, b: unknown) => number;

const same: Convert = (v) => v;

function toDecimalValue(t: Type): Convert {
  switch (t.kind) {
    case 'INTEGER': return (v) => new Decimal(BigInt(v as number), 0);
    case 'BIGINT': return (v) => new Decimal(v as bigint, 0);
    case 'DOUBLE':
      return (v) => {
        if (!Number.isFinite(v as number)) throw new EvalError(`Cannot compare ${String(v)} with a DECIMAL`);
        return Decimal.parse(String(v));
      };
    default: return same;
  }
}

function parseOrFail(parse: (s: string) => number | null, kind: string): Convert {
  return (v) => {
    const r = parse(v as string);
    if (r === null) throw new EvalError(`Cannot parse '${String(v)}' as ${kind}`);
    return r;
  };
}

function toTimestampValue(t: Type): Convert {
  if (t.kind === 'STRING') return parseOrFail(parseTimestamp, 'TIMESTAMP');
  if (t.kind === 'DATE') return (v) => (v as number) * MS_PER_DAY;
  return same;
}

const numCmp: Cmp = (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
const bigCmp: Cmp = (a, b) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);
/** -1, 0, 1, or NaN when either side is NaN (unordered). */
const ieeeCmp: Cmp = (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : a === b ? 0 : NaN);
const strCmp: Cmp = (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);

/** The domain two operand types are compared in: a converter per side and an order. */
function comparisonPlan(lt: Type, rt: Type): { l: Convert; r: Convert; cmp: Cmp } | null {
  const either = (k: Type['kind']): boolean => lt.kind === k || rt.kind === k;
  if (either('DECIMAL')) return { l: toDecimalValue(lt), r: toDecimalValue(rt), cmp: (a, b) => decimalCompare(a as Decimal, b as Decimal) };
  if (either('TIMESTAMP')) return { l: toTimestampValue(lt), r: toTimestampValue(rt), cmp: numCmp };
  if (either('DATE')) {
    const c = (t: Type): Convert => (t.kind === 'STRING' ? parseOrFail(parseDate, 'DATE') : same);
    return { l: c(lt), r: c(rt), cmp: numCmp };
  }
  if (either('TIME')) {
    const c = (t: Type): Convert => (t.kind === 'STRING' ? parseOrFail(parseTime, 'TIME') : same);
    return { l: c(lt), r: c(rt), cmp: numCmp };
  }
  if (lt.kind === 'STRING') return { l: same, r: same, cmp: strCmp };
  if (either('BYTES')) return { l: same, r: same, cmp: (a, b) => Buffer.compare(a as Buffer, b as Buffer) };
  if (either('DOUBLE')) {
    const c = (t: Type): Convert => (t.kind === 'BIGINT' ? (v) => Number(v as bigint) : same);
    // Java's primitive comparisons, as ksqlDB's generated code uses: NaN is unordered (every
    // comparison with it is false, <> too) and -0.0 equals 0.0.
    return { l: c(lt), r: c(rt), cmp: ieeeCmp };
  }
  if (either('BIGINT')) {
    const c = (t: Type): Convert => (t.kind === 'INTEGER' ? (v) => BigInt(v as number) : same);
    return { l: c(lt), r: c(rt), cmp: bigCmp };
  }
  if (either('INTEGER')) return { l: same, r: same, cmp: numCmp };
  return null;
}

/** A predicate on a comparison result (an order `c`, or equality when the domain has no order). */
function opTest(op: ComparisonOperator): (c: number) => boolean {
  switch (op) {
    case 'EQUAL': case 'IS_NOT_DISTINCT_FROM': return (c) => c === 0;
    // `(a < b) || (a > b)` as ksqlDB generates it: false for unordered (NaN) operands.
    case 'NOT_EQUAL': case 'IS_DISTINCT_FROM': return (c) => c < 0 || c > 0;
    case 'LESS_THAN': return (c) => c < 0;
    case 'LESS_THAN_OR_EQUAL': return (c) => c <= 0;
    case 'GREATER_THAN': return (c) => c > 0;
    case 'GREATER_THAN_OR_EQUAL': return (c) => c >= 0;
  }
}

/**
 * `(a, b) → boolean` for non-null operands of the given types, for the given operator (the
 * types must have passed `checkComparison`).
 */
export function comparator(op: ComparisonOperator, lt: Type, rt: Type): (a: unknown, b: unknown) => boolean {
  const test = opTest(op);
  const plan = comparisonPlan(lt, rt);
  if (plan === null) return (a, b) => test(valuesEqual(a, b, lt) ? 0 : 1);
  const { l, r, cmp } = plan;
  if (l === same && r === same) return (a, b) => test(cmp(a, b));
  return (a, b) => test(cmp(l(a), r(b)));
}

/** A constant operand converted to the comparison domain once, at compile time (when it can be). */
function preconverted(node: Node, conv: Convert): { ev: (row: readonly unknown[]) => unknown; conv: Convert } {
  if (!node.constant || conv === same) return { ev: node.ev, conv };
  try {
    const v = node.ev([]);
    const c = v === null ? null : conv(v);
    return { ev: () => c, conv: same };
  } catch {
    return { ev: node.ev, conv };
  }
}

/**
 * A comparison of two compiled operands (types already checked): the operands' evaluators and
 * a test on non-null values. Constant operands are converted to the comparison domain once.
 */
export function boundComparison(op: ComparisonOperator, left: Node, right: Node): {
  l: (row: readonly unknown[]) => unknown;
  r: (row: readonly unknown[]) => unknown;
  test: (a: unknown, b: unknown) => boolean;
} {
  const plan = comparisonPlan(left.type!, right.type!);
  const t = opTest(op);
  if (plan === null) {
    const lt = left.type!;
    const rt = right.type!;
    const eq = typesEqual(lt, rt) ? (a: unknown, b: unknown) => valuesEqual(a, b, lt) : (a: unknown, b: unknown) => javaEquals(a, b, lt, rt);
    return { l: left.ev, r: right.ev, test: (a, b) => t(eq(a, b) ? 0 : 1) };
  }
  const lp = preconverted(left, plan.l);
  const rp = preconverted(right, plan.r);
  const { cmp } = plan;
  const lc = lp.conv;
  const rc = rp.conv;
  const test = lc === same && rc === same ? (a: unknown, b: unknown) => t(cmp(a, b)) : (a: unknown, b: unknown) => t(cmp(lc(a), rc(b)));
  return { l: lp.ev, r: rp.ev, test };
}

export function compileComparison(e: Comparison, left: Node, right: Node, format: (e: Expression) => string = formatExpression): Node {
  checkComparison(e.op, e.left, left.type, e.right, right.type, format);
  const { l, r, test } = boundComparison(e.op, left, right);
  const constant = left.constant && right.constant;
  let ev: (row: readonly unknown[]) => unknown;
  if (e.op === 'IS_DISTINCT_FROM' || e.op === 'IS_NOT_DISTINCT_FROM') {
    const nullResult = e.op === 'IS_DISTINCT_FROM';
    ev = (row) => {
      const a = l(row);
      const b = r(row);
      if (a === null || b === null) return (a === null) !== (b === null) ? nullResult : !nullResult;
      return test(a, b);
    };
  } else {
    ev = (row) => {
      const a = l(row);
      if (a === null) return false;
      const b = r(row);
      return b === null ? false : test(a, b);
    };
  }
  return fold({ type: BOOLEAN, constant, ev });
}

/**
 * Java's `equals` between values of two different types, as ksqlDB compares ARRAY, MAP and
 * STRUCT operands: elements of different SQL types are different Java classes (Integer 1 is not
 * Long 1), decimals compare with their scale, and structs of different schemas never match.
 */
function javaEquals(a: unknown, b: unknown, at: Type, bt: Type): boolean {
  if (a === null || b === null) return a === b;
  if (at.kind !== bt.kind) return false;
  switch (at.kind) {
    case 'ARRAY': {
      const x = a as unknown[];
      const y = b as unknown[];
      const et = (bt as { element: Type }).element;
      return x.length === y.length && x.every((v, i) => javaEquals(v ?? null, y[i] ?? null, at.element, et));
    }
    case 'MAP': {
      const x = a as Map<unknown, unknown>;
      const y = b as Map<unknown, unknown>;
      const m = bt as { key: Type; value: Type };
      if (x.size !== y.size) return false;
      for (const [k, v] of x) {
        let found = false;
        for (const [k2, v2] of y) {
          if (javaEquals(k, k2, at.key, m.key) && javaEquals(v ?? null, v2 ?? null, at.value, m.value)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    case 'STRUCT': return typesEqual(at, bt) && valuesEqual(a, b, at);
    default: return valuesEqual(a, b, at);
  }
}

/**
 * Orders two non-null values of one type (booleans false first; arrays element-wise then by
 * length; maps and structs only by equality, else by rendering). Used for sorting and MIN/MAX-style
 * helpers.
 */
export function compareValues(a: unknown, b: unknown, type: Type): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  switch (type.kind) {
    case 'INTEGER': case 'DATE': case 'TIME': case 'TIMESTAMP': return numCmp(a, b);
    case 'DOUBLE': return compareDouble(a as number, b as number);
    case 'BIGINT': return bigCmp(a, b);
    case 'DECIMAL': return decimalCompare(a as Decimal, b as Decimal);
    case 'STRING': return strCmp(a, b);
    case 'BOOLEAN': return a === b ? 0 : a ? 1 : -1;
    case 'BYTES': return Buffer.compare(a as Buffer, b as Buffer);
    case 'ARRAY': {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i] ?? null, y[i] ?? null, type.element);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default:
      return valuesEqual(a, b, type) ? 0 : strCmp(String(JSON.stringify(a, jsonSafe)), String(JSON.stringify(b, jsonSafe)));
  }
}

function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return [...v.entries()];
  return v;
}

/**
 * Java `equals` on two values of `type` (null equals null). Values of different runtime kinds
 * (INTEGER 1 and BIGINT 1) are not equal, as in Java; maps compare regardless of order.
 */
export function valuesEqual(a: unknown, b: unknown, type?: Type): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'number') return typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Decimal) return b instanceof Decimal && a.equals(b);
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    const el = type?.kind === 'ARRAY' ? type.element : undefined;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i] ?? null, b[i] ?? null, el)) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    const vt = type?.kind === 'MAP' ? type.value : undefined;
    for (const [k, v] of a) {
      if (b.has(k)) {
        if (!valuesEqual(v, b.get(k), vt)) return false;
        continue;
      }
      let found = false;
      for (const [k2, v2] of b) {
        if (valuesEqual(k, k2) && valuesEqual(v, v2, vt)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  if (b instanceof Map || Array.isArray(b) || b instanceof Decimal || Buffer.isBuffer(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) {
    const ft = type?.kind === 'STRUCT' ? type.fields.find((f) => f.name === k)?.type : undefined;
    if (!valuesEqual(x[k] ?? null, y[k] ?? null, ft)) return false;
  }
  return true;
}
