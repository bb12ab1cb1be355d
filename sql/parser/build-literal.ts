/** Builds literals, numbers, durations and types from their CST nodes. */
import { CstNode, IToken } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { Duration, Literal, TimeUnit } from '../ast/expressions.js';
import { SourcePosition } from '../ast/node.js';
import { PrimitiveTypeName, SqlType } from '../ast/types.js';
import { SqlSyntaxError } from './errors.js';
import { has, maybeNode, maybeToken, node, nodePos, nodes, onlyChild, token, tokenPos } from './cst.js';
import { astError, identifierOf, syntaxError, undefinedVariable, unquoteString } from './build-common.js';

const INT_MAX = 2n ** 31n - 1n;
const BIGINT_MAX = 2n ** 63n - 1n;

/**
 * ksqlDB reports literal errors one column to the right of the literal (its AST builder adds 1
 * to an already 1-based column); we do the same so its users see the same message.
 */
function literalError(pos: SourcePosition, message: string): SqlSyntaxError {
  const column = pos.column + 1;
  return new SqlSyntaxError(`Failed to prepare statement: line ${pos.line}:${column}: ${message}`, {
    line: pos.line,
    column: pos.column,
  });
}

/**
 * A numeric literal from a `number` CST node, negated when `negative` (a leading minus). As in
 * ksqlDB the type comes from the magnitude (the digits without the minus): up to 2^31 - 1 is an
 * INT, up to 2^63 - 1 a BIGINT, beyond that an error (so `-2147483648` is a BIGINT and
 * `-9223372036854775808` is rejected).
 */
export function buildNumber(n: CstNode, negative: boolean, pos: SourcePosition): Literal {
  const t = onlyChild(n).element as IToken;
  const text = (negative ? '-' : '') + t.image;
  if (t.tokenType === T.IntegerLiteral) {
    const magnitude = BigInt(t.image);
    const value = negative ? -magnitude : magnitude;
    if (magnitude <= INT_MAX) return { kind: 'IntegerLiteral', value: Number(value), pos };
    if (magnitude <= BIGINT_MAX) return { kind: 'BigIntLiteral', value, pos };
    throw literalError(tokenPos(t), `Invalid numeric literal: ${t.image}`);
  }
  if (t.tokenType === T.FloatLiteral) {
    const value = Number(text);
    if (!Number.isFinite(value)) throw literalError(tokenPos(t), `Number overflows DOUBLE: ${t.image}`);
    return { kind: 'DoubleLiteral', value, lexeme: text, pos };
  }
  return { kind: 'DecimalLiteral', lexeme: text, ...decimalShape(t.image), pos };
}

/** Precision and scale of a decimal written as `digits.digits`, as Java's BigDecimal sees it. */
export function decimalShape(image: string): { precision: number; scale: number } {
  const [whole, fraction = ''] = image.split('.');
  const digits = (whole + fraction).replace(/^0+/, '');
  const scale = fraction.length;
  return { precision: Math.max(digits.length, scale, 1), scale };
}

/** A `constant` CST node: NULL, number, boolean or string. */
export function buildConstant(n: CstNode, negative = false, minusPos?: SourcePosition): Literal {
  const pos = minusPos ?? nodePos(n);
  const num = maybeNode(n, 'number');
  if (num) return buildNumber(num, negative, pos);
  const t = onlyChild(n).element as IToken;
  if (negative) throw syntaxError(t, `mismatched input '${t.image}' expecting {DECIMAL_VALUE, FLOATING_POINT_VALUE, INTEGER_VALUE}`);
  if (t.tokenType === T.Kw.NULL) return { kind: 'NullLiteral', pos };
  if (t.tokenType === T.Kw.TRUE) return { kind: 'BooleanLiteral', value: true, pos };
  if (t.tokenType === T.Kw.FALSE) return { kind: 'BooleanLiteral', value: false, pos };
  if (t.tokenType === T.Variable) throw undefinedVariable(t);
  return { kind: 'StringLiteral', value: unquoteString(t.image), pos };
}

/** A `literal` CST node: a constant with an optional minus. */
export function buildLiteral(n: CstNode): Literal {
  const minus = maybeToken(n, 'Minus');
  return buildConstant(node(n, 'constant'), minus !== undefined, minus ? tokenPos(minus) : undefined);
}

/** A `signedNumber` CST node as a JS number (sizes, limits). */
export function signedNumberValue(n: CstNode): { value: number; token: IToken } {
  const t = onlyChild(node(n, 'number')).element as IToken;
  const sign = has(n, 'Minus') ? -1 : 1;
  return { value: sign * Number(t.image), token: t };
}

/** A signed number that must be a whole number (LIMIT, INTERVAL). */
export function wholeNumber(n: CstNode, what: string): number {
  const { value, token: t } = signedNumberValue(n);
  if (!Number.isSafeInteger(value)) throw astError(tokenPos(t), `${what} must be a whole number, got ${t.image}`);
  return value;
}

const UNIT_MS: Record<TimeUnit, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** A time unit token folded to its plural spelling. */
export function timeUnitOf(n: CstNode): TimeUnit {
  const image = (onlyChild(n).element as IToken).image.toUpperCase();
  return (image.endsWith('S') ? image : `${image}S`) as TimeUnit;
}

/** A `duration` CST node: `10 SECONDS`. */
export function buildDuration(n: CstNode): Duration {
  const value = wholeNumber(node(n, 'signedNumber'), 'A duration');
  const unit = timeUnitOf(node(n, 'timeUnit'));
  return { value, unit, ms: value * UNIT_MS[unit], pos: nodePos(n) };
}

const PRIMITIVES: Record<string, PrimitiveTypeName> = {
  BOOLEAN: 'BOOLEAN',
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  DOUBLE: 'DOUBLE',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  BYTES: 'BYTES',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
};

/** A `type` CST node. */
export function buildType(n: CstNode): SqlType {
  const pos = nodePos(n);
  if (has(n, 'ARRAY')) return { kind: 'Array', element: buildType(node(n, 'element')), pos };
  if (has(n, 'MAP')) return { kind: 'Map', key: buildType(node(n, 'key')), value: buildType(node(n, 'value')), pos };
  if (has(n, 'STRUCT')) {
    const fields = nodes(n, 'structFieldType').map((f) => ({
      name: identifierOf(node(f, 'identifier')),
      type: buildType(node(f, 'type')),
    }));
    return { kind: 'Struct', fields, pos };
  }
  if (has(n, 'DECIMAL')) {
    const precision = Number(token(n, 'precision').image);
    const scale = Number(token(n, 'scale').image);
    if (precision < 1) throw astError(pos, `DECIMAL precision must be >= 1: DECIMAL(${precision}, ${scale})`);
    if (scale > precision) throw astError(pos, `DECIMAL scale must be <= precision: DECIMAL(${precision}, ${scale})`);
    return { kind: 'Decimal', precision, scale, pos };
  }
  return buildNamedType(n, pos);
}

function buildNamedType(n: CstNode, pos: SourcePosition): SqlType {
  const base = node(n, 'baseType');
  const name = identifierOf(base);
  const params = nodes(n, 'typeParameter');
  const primitive = PRIMITIVES[name];
  // SQL habit: VARCHAR(n) / STRING(n); ksqlDB's strings have no length, so it is ignored.
  if (params.length > 0 && primitive !== 'STRING') {
    throw astError(pos, `Type ${name} does not take parameters`);
  }
  if (primitive !== undefined) return { kind: 'Primitive', name: primitive, pos };
  return { kind: 'Custom', name, pos };
}
