/** Builds expression AST nodes from the CST of expression-grammar.ts. */
import { CstNode, IToken } from 'chevrotain';
import * as T from '../lexer/tokens.js';
import { ArithmeticOperator, ComparisonOperator, Expression, WhenClause } from '../ast/expressions.js';
import { SourcePosition } from '../ast/node.js';
import { has, isToken, maybeNode, maybeToken, node, nodePos, nodes, onlyChild, token, tokenPos, tokens } from './cst.js';
import { astError, identifierOf, identifierToken, unquoteString } from './build-common.js';
import { bindLambdaParams } from './ast-checks.js';
import { SqlSyntaxError } from './errors.js';
import { buildConstant, buildType, decimalShape, timeUnitOf } from './build-literal.js';

/** Folds `first op1 x op2 y ...` left to right; operators are the tokens under `opNames`. */
function foldLeft(
  operands: Expression[],
  operators: IToken[],
  combine: (left: Expression, op: IToken, right: Expression) => Expression,
): Expression {
  const ops = [...operators].sort((a, b) => a.startOffset - b.startOffset);
  let result = operands[0];
  for (let i = 1; i < operands.length; i++) result = combine(result, ops[i - 1], operands[i]);
  return result;
}

function opTokens(n: CstNode, names: string[]): IToken[] {
  return names.flatMap((name) => tokens(n, name));
}

/** An `expression` CST node (OR is loosest). */
export function buildExpression(n: CstNode): Expression {
  const operands = nodes(n, 'andExpression').map(buildAnd);
  return foldLeft(operands, tokens(n, 'OR'), (left, _op, right) => ({
    kind: 'LogicalBinary', op: 'OR', left, right, pos: left.pos,
  }));
}

function buildAnd(n: CstNode): Expression {
  const operands = nodes(n, 'notExpression').map(buildNot);
  return foldLeft(operands, tokens(n, 'AND'), (left, _op, right) => ({
    kind: 'LogicalBinary', op: 'AND', left, right, pos: left.pos,
  }));
}

function buildNot(n: CstNode): Expression {
  const not = maybeToken(n, 'NOT');
  if (not) return { kind: 'Not', operand: buildNot(node(n, 'notExpression')), pos: tokenPos(not) };
  const predicated = node(n, 'predicated');
  const value = buildValueExpression(node(predicated, 'valueExpression'));
  const predicate = maybeNode(predicated, 'predicate');
  return predicate ? buildPredicate(value, predicate) : value;
}

const COMPARISONS: Record<string, ComparisonOperator> = {
  Equals: 'EQUAL',
  NotEquals: 'NOT_EQUAL',
  LessThan: 'LESS_THAN',
  LessOrEqual: 'LESS_THAN_OR_EQUAL',
  GreaterThan: 'GREATER_THAN',
  GreaterOrEqual: 'GREATER_THAN_OR_EQUAL',
};

function buildPredicate(value: Expression, n: CstNode): Expression {
  const pos = value.pos;
  const negated = has(n, 'NOT');
  const comparison = maybeNode(n, 'comparisonOperator');
  if (comparison) {
    const op = COMPARISONS[onlyChild(comparison).name];
    return { kind: 'Comparison', op, left: value, right: buildValueExpression(node(n, 'right')), pos };
  }
  if (has(n, 'BETWEEN')) {
    const min = buildValueExpression(node(n, 'lower'));
    const max = buildValueExpression(node(n, 'upper'));
    return { kind: 'Between', value, min, max, negated, pos };
  }
  if (has(n, 'IN')) return { kind: 'InList', value, list: nodes(n, 'expression').map(buildExpression), negated, pos };
  if (has(n, 'LIKE')) return buildLike(value, n, negated);
  if (has(n, 'DISTINCT')) {
    const op = negated ? 'IS_NOT_DISTINCT_FROM' : 'IS_DISTINCT_FROM';
    return { kind: 'Comparison', op, left: value, right: buildValueExpression(node(n, 'right')), pos };
  }
  return { kind: 'IsNull', value, negated, pos };
}

function buildLike(value: Expression, n: CstNode, negated: boolean): Expression {
  const pattern = buildValueExpression(node(n, 'pattern'));
  const escapeToken = maybeToken(n, 'escape');
  const escape = escapeToken ? unquoteString(escapeToken.image) : undefined;
  if (escapeToken && escape?.length !== 1) {
    throw astError(tokenPos(escapeToken), `Expected single character escape but got: ${escape}`);
  }
  return { kind: 'Like', value, pattern, escape, negated, pos: value.pos };
}

/** A `valueExpression` CST node: arithmetic and `||` (which becomes `CONCAT(a, b)`). */
export function buildValueExpression(n: CstNode): Expression {
  const operands = nodes(n, 'additive').map(buildAdditive);
  return foldLeft(operands, tokens(n, 'Concat'), (left, _op, right) => ({
    kind: 'FunctionCall', name: 'CONCAT', args: [left, right], star: false, pos: left.pos,
  }));
}

function arithmetic(left: Expression, op: IToken, right: Expression): Expression {
  return { kind: 'ArithmeticBinary', op: op.image as ArithmeticOperator, left, right, pos: left.pos };
}

function buildAdditive(n: CstNode): Expression {
  const operands = nodes(n, 'multiplicative').map(buildMultiplicative);
  return foldLeft(operands, opTokens(n, ['Plus', 'Minus']), arithmetic);
}

function buildMultiplicative(n: CstNode): Expression {
  const operands = nodes(n, 'unary').map(buildUnary);
  return foldLeft(operands, opTokens(n, ['Star', 'Slash', 'Percent']), arithmetic);
}

/** The `number` node when a unary is nothing but an unsigned number (so `-1` is a literal). */
function plainNumber(unary: CstNode): CstNode | undefined {
  const primary = maybeNode(unary, 'primary');
  if (!primary || has(primary, 'postfix')) return undefined;
  const constant = maybeNode(node(primary, 'primaryBase'), 'constant');
  return constant ? maybeNode(constant, 'number') : undefined;
}

function buildUnary(n: CstNode): Expression {
  const sign = maybeToken(n, 'Minus') ?? maybeToken(n, 'Plus');
  if (!sign) return buildPrimary(node(n, 'primary'));
  const inner = node(n, 'unary');
  const pos = tokenPos(sign);
  const number = plainNumber(inner);
  if (sign.tokenType === T.Minus && number) return buildConstant(node(node(node(inner, 'primary'), 'primaryBase'), 'constant'), true, pos);
  return { kind: 'ArithmeticUnary', op: sign.image as '+' | '-', operand: buildUnary(inner), pos };
}

function buildPrimary(n: CstNode): Expression {
  let result = buildPrimaryBase(node(n, 'primaryBase'));
  for (const postfix of nodes(n, 'postfix')) {
    const index = maybeNode(postfix, 'valueExpression');
    result = index
      ? { kind: 'Subscript', base: result, index: buildValueExpression(index), pos: result.pos }
      : { kind: 'Dereference', base: result, field: identifierOf(node(postfix, 'identifier')), pos: result.pos };
  }
  return result;
}

function buildPrimaryBase(n: CstNode): Expression {
  const { name, element } = onlyChild(n);
  if (isToken(element)) return buildExpression(node(n, 'expression')); // ( expression )
  const pos = nodePos(element);
  switch (name) {
    case 'constant':
      return buildConstant(element);
    case 'caseExpression':
      return buildCase(element, pos);
    case 'castExpression':
      return { kind: 'Cast', expression: buildExpression(node(element, 'expression')), type: buildType(node(element, 'type')), pos };
    case 'arrayConstructor':
      return { kind: 'ArrayConstructor', elements: nodes(element, 'expression').map(buildExpression), pos };
    case 'mapConstructor':
      return buildMap(element, pos);
    case 'structConstructor':
      return buildStruct(element, pos);
    case 'typedLiteral':
      return typedLiteral(element, pos);
    case 'functionCall':
      return buildFunctionCall(element, pos);
    default:
      return buildColumnReference(element, pos);
  }
}

/**
 * `TYPE 'text'`: ksqlDB only accepts DECIMAL here (`"DECIMAL" '1.50'`, DECIMAL being a reserved
 * word); any other type name is an error.
 */
function typedLiteral(n: CstNode, pos: SourcePosition): Expression {
  const typeToken = identifierToken(node(n, 'identifier'));
  const typeName = identifierOf(node(n, 'identifier'));
  const value = unquoteString(token(n, 'StringLiteral').image);
  if (typeName !== 'DECIMAL' || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
    throw new SqlSyntaxError(
      `Failed to prepare statement: Unknown type: ${typeName}, location: Line: ${pos.line}, Col: ${pos.column}`,
      { ...pos, offendingToken: typeToken.image },
    );
  }
  const digits = value.replace(/^[+-]/, '');
  const lexeme = (value.startsWith('-') ? '-' : '') + digits;
  return { kind: 'DecimalLiteral', lexeme, ...decimalShape(digits), pos };
}

function buildColumnReference(n: CstNode, pos: SourcePosition): Expression {
  const first = identifierOf(node(n, 'identifier'));
  const column = maybeNode(n, 'column');
  return column ? { kind: 'ColumnRef', name: identifierOf(column), source: first, pos } : { kind: 'ColumnRef', name: first, pos };
}

function buildCase(n: CstNode, pos: SourcePosition): Expression {
  const whens: WhenClause[] = nodes(n, 'whenClause').map((w) => ({
    condition: buildExpression(node(w, 'condition')),
    result: buildExpression(node(w, 'result')),
  }));
  const elseNode = maybeNode(n, 'else');
  const elseExpr = elseNode ? buildExpression(elseNode) : undefined;
  const operand = maybeNode(n, 'operand');
  if (operand) return { kind: 'SimpleCase', operand: buildValueExpression(operand), whens, else: elseExpr, pos };
  return { kind: 'SearchedCase', whens, else: elseExpr, pos };
}

function buildMap(n: CstNode, pos: SourcePosition): Expression {
  const keys = nodes(n, 'key').map(buildExpression);
  const values = nodes(n, 'value').map(buildExpression);
  return { kind: 'MapConstructor', entries: keys.map((key, i) => ({ key, value: values[i] })), pos };
}

function buildStruct(n: CstNode, pos: SourcePosition): Expression {
  const names = nodes(n, 'identifier').map(identifierOf);
  const values = nodes(n, 'expression').map(buildExpression);
  return { kind: 'StructConstructor', fields: names.map((name, i) => ({ name, value: values[i] })), pos };
}

function buildFunctionCall(n: CstNode, pos: SourcePosition): Expression {
  const name = identifierOf(node(n, 'identifier'));
  if (has(n, 'Star')) return { kind: 'FunctionCall', name, args: [], star: true, pos };
  const args = nodes(n, 'functionArgument').map(buildFunctionArgument);
  let seenLambda = false;
  for (const arg of args) {
    if (arg.kind === 'Lambda') seenLambda = true;
    else if (seenLambda) throw astError(arg.pos, `Lambda arguments must come after all other arguments of ${name}`);
  }
  return { kind: 'FunctionCall', name, args, star: false, pos };
}

function buildFunctionArgument(n: CstNode): Expression {
  const lambda = maybeNode(n, 'lambda');
  if (lambda) {
    const params = nodes(lambda, 'identifier').map(identifierOf);
    const body = bindLambdaParams(buildExpression(node(lambda, 'expression')), params);
    return { kind: 'Lambda', params, body, pos: nodePos(lambda) };
  }
  const unit = maybeNode(n, 'timeUnit');
  if (unit) return { kind: 'IntervalUnit', unit: timeUnitOf(unit), pos: nodePos(unit) };
  return buildExpression(node(n, 'expression'));
}
