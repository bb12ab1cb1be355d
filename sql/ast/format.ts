/**
 * Renders AST expressions and types back to SQL the way ksqlDB prints them in its messages:
 * binary operations parenthesized (`(F1 * SUM(F2))`), `MAP('a':=V)`, `STRUCT(F0:=V)`,
 * `CAST(X AS STRING)`, types as `STRUCT<\`ID\` INTEGER>`, `DECIMAL(12, 2)`.
 */
import { isReservedWord } from '../lexer/tokens.js';
import { Expression } from './expressions.js';
import { SqlType } from './types.js';

/** A name as ksqlDB prints it: back-quoted unless it is a plain, unreserved upper-case word. */
export function formatName(name: string): string {
  return /^[A-Z_][A-Z0-9_@]*$/.test(name) && !isReservedWord(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

/** A type as ksqlDB prints it. Struct field names are always back-quoted. */
export function formatType(type: SqlType): string {
  switch (type.kind) {
    case 'Primitive':
      return type.name;
    case 'Decimal':
      return `DECIMAL(${type.precision}, ${type.scale})`;
    case 'Array':
      return `ARRAY<${formatType(type.element)}>`;
    case 'Map':
      return `MAP<${formatType(type.key)}, ${formatType(type.value)}>`;
    case 'Struct':
      return `STRUCT<${type.fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>`;
    case 'Custom':
      return type.name;
  }
}

const COMPARISON_SYMBOLS = {
  EQUAL: '=',
  NOT_EQUAL: '<>',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUAL: '<=',
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUAL: '>=',
  IS_DISTINCT_FROM: 'IS DISTINCT FROM',
  IS_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM',
} as const;

function list(expressions: Expression[]): string {
  return expressions.map(formatExpression).join(', ');
}

function not(negated: boolean): string {
  return negated ? 'NOT ' : '';
}

/** An expression as ksqlDB prints it. */
export function formatExpression(e: Expression): string {
  switch (e.kind) {
    case 'NullLiteral':
      return 'null';
    case 'BooleanLiteral':
      return String(e.value);
    case 'StringLiteral':
      return `'${e.value.replace(/'/g, "''")}'`;
    case 'IntegerLiteral':
    case 'BigIntLiteral':
      return String(e.value);
    case 'DecimalLiteral':
    case 'DoubleLiteral':
      return e.lexeme;
    case 'ColumnRef':
      return e.source === undefined ? formatName(e.name) : `${formatName(e.source)}.${formatName(e.name)}`;
    case 'LambdaVariable':
      return formatName(e.name);
    case 'Dereference':
      return `${formatExpression(e.base)}->${formatName(e.field)}`;
    case 'Subscript':
      return `${formatExpression(e.base)}[${formatExpression(e.index)}]`;
    case 'FunctionCall':
      return `${formatName(e.name)}(${e.star ? '*' : list(e.args)})`;
    case 'IntervalUnit':
      return e.unit;
    case 'Lambda':
      return `(${e.params.map(formatName).join(', ')}) => ${formatExpression(e.body)}`;
    case 'ArrayConstructor':
      return `ARRAY[${list(e.elements)}]`;
    case 'MapConstructor':
      return `MAP(${e.entries.map((x) => `${formatExpression(x.key)}:=${formatExpression(x.value)}`).join(', ')})`;
    case 'StructConstructor':
      return `STRUCT(${e.fields.map((f) => `${formatName(f.name)}:=${formatExpression(f.value)}`).join(', ')})`;
    case 'Cast':
      return `CAST(${formatExpression(e.expression)} AS ${formatType(e.type)})`;
    default:
      return formatCompound(e);
  }
}

/** Operators and CASE: always parenthesized, so precedence is visible. */
function formatCompound(e: Expression): string {
  switch (e.kind) {
    case 'SearchedCase':
    case 'SimpleCase': {
      const operand = e.kind === 'SimpleCase' ? ` ${formatExpression(e.operand)}` : '';
      const whens = e.whens.map((w) => ` WHEN ${formatExpression(w.condition)} THEN ${formatExpression(w.result)}`).join('');
      const otherwise = e.else ? ` ELSE ${formatExpression(e.else)}` : '';
      return `(CASE${operand}${whens}${otherwise} END)`;
    }
    case 'ArithmeticBinary':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    case 'ArithmeticUnary':
      return `${e.op}${formatExpression(e.operand)}`;
    case 'Comparison':
      return `(${formatExpression(e.left)} ${COMPARISON_SYMBOLS[e.op]} ${formatExpression(e.right)})`;
    case 'Between':
      return `(${formatExpression(e.value)} ${not(e.negated)}BETWEEN ${formatExpression(e.min)} AND ${formatExpression(e.max)})`;
    case 'InList':
      return `(${formatExpression(e.value)} ${not(e.negated)}IN (${list(e.list)}))`;
    case 'Like': {
      const escape = e.escape === undefined ? '' : ` ESCAPE '${e.escape.replace(/'/g, "''")}'`;
      return `(${formatExpression(e.value)} ${not(e.negated)}LIKE ${formatExpression(e.pattern)}${escape})`;
    }
    case 'IsNull':
      return `(${formatExpression(e.value)} IS ${not(e.negated)}NULL)`;
    case 'Not':
      return `(NOT ${formatExpression(e.operand)})`;
    case 'LogicalBinary':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    default:
      throw new Error(`formatExpression: unexpected node ${(e as { kind: string }).kind}`);
  }
}
