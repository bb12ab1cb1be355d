/** Builds the SELECT query (projection, relation, joins, window, clauses) from its CST. */
import { CstNode, IToken } from 'chevrotain';
import { Duration } from '../ast/expressions.js';
import {
  AliasedSource, JoinedSource, JoinType, Query, Relation, SelectItem, WindowExpression, WithinExpression,
} from '../ast/query.js';
import { has, maybeNode, maybeToken, node, nodePos, nodes } from './cst.js';
import { astError, identifierOf, syntaxError } from './build-common.js';
import { buildExpression, buildValueExpression } from './build-expression.js';
import { buildDuration, wholeNumber } from './build-literal.js';

/**
 * A `query` CST node. `persistent` for the query of CREATE ... AS SELECT and INSERT INTO, whose
 * results go to a sink; otherwise a SELECT statement, which is a pull query without EMIT.
 */
export function buildQuery(n: CstNode, persistent: boolean): Query {
  const emitted = has(n, 'EMIT');
  const query: Query = {
    kind: 'Query',
    select: nodes(n, 'selectItem').map(buildSelectItem),
    from: buildRelation(node(n, 'relation')),
    isPullQuery: !persistent && !emitted,
    pos: nodePos(n),
  };
  if (persistent) query.emit = 'CHANGES';
  const window = maybeNode(n, 'windowExpression');
  if (window) query.window = buildWindow(window);
  const where = maybeNode(n, 'where');
  if (where) query.where = buildExpression(where);
  const groupBy = maybeNode(n, 'groupBy');
  if (groupBy) query.groupBy = nodes(groupBy, 'valueExpression').map(buildValueExpression);
  const partitionBy = maybeNode(n, 'partitionBy');
  if (partitionBy) query.partitionBy = nodes(partitionBy, 'valueExpression').map(buildValueExpression);
  const having = maybeNode(n, 'having');
  if (having) query.having = buildExpression(having);
  if (has(n, 'CHANGES')) query.emit = 'CHANGES';
  if (has(n, 'FINAL')) query.emit = 'FINAL';
  const limit = maybeNode(n, 'limitClause');
  if (limit) query.limit = buildLimit(limit);
  return query;
}

/** A `limitClause` CST node: a non-negative whole number. */
export function buildLimit(n: CstNode): number {
  const value = wholeNumber(node(n, 'signedNumber'), 'LIMIT');
  if (value < 0) throw astError(nodePos(n), `LIMIT must not be negative, got ${value}`);
  return value;
}

function buildSelectItem(n: CstNode): SelectItem {
  const pos = nodePos(n);
  const source = maybeNode(n, 'source');
  if (source) return { kind: 'AllColumns', source: identifierOf(source), pos };
  const expression = maybeNode(n, 'expression');
  if (!expression) return { kind: 'AllColumns', pos };
  const base = buildExpression(expression);
  if (has(n, 'structStar')) return { kind: 'StructAll', base, pos };
  const alias = maybeNode(n, 'alias');
  return alias ? { kind: 'SingleColumn', expression: base, alias: identifierOf(alias), pos } : { kind: 'SingleColumn', expression: base, pos };
}

function buildAliasedSource(n: CstNode): AliasedSource {
  const source: AliasedSource = { kind: 'AliasedSource', name: identifierOf(node(n, 'name')), pos: nodePos(n) };
  const alias = maybeNode(n, 'alias');
  if (alias) source.alias = identifierOf(alias);
  return source;
}

function buildRelation(n: CstNode): Relation {
  const left = buildAliasedSource(node(n, 'aliasedSource'));
  const joins = nodes(n, 'joinedSource').map(buildJoinedSource);
  return joins.length === 0 ? left : { kind: 'Join', left, joins, pos: left.pos };
}

function joinTypeOf(n: CstNode): JoinType {
  const outer = maybeToken(n, 'OUTER');
  if (has(n, 'LEFT')) return 'LEFT';
  if (has(n, 'RIGHT')) return 'RIGHT';
  if (has(n, 'FULL')) return 'OUTER';
  // OUTER alone or after INNER is not a join type ksqlDB accepts.
  if (outer) throw syntaxError(outer, `mismatched input '${outer.image}' expecting 'JOIN'`);
  return 'INNER';
}

function buildJoinedSource(n: CstNode): JoinedSource {
  const joined: JoinedSource = {
    type: joinTypeOf(n),
    source: buildAliasedSource(node(n, 'aliasedSource')),
    on: buildExpression(node(n, 'expression')),
    pos: nodePos(n),
  };
  const within = maybeNode(n, 'withinExpression');
  if (within) joined.within = buildWithin(within);
  return joined;
}

function buildWithin(n: CstNode): WithinExpression {
  const size = maybeNode(n, 'size');
  const before = buildDuration(size ?? node(n, 'before'));
  const after = size ? before : buildDuration(node(n, 'after'));
  const within: WithinExpression = { before, after, pos: nodePos(n) };
  const grace = maybeNode(n, 'gracePeriod');
  if (grace) within.grace = buildDuration(node(grace, 'duration'));
  return within;
}

function buildWindow(n: CstNode): WindowExpression {
  const pos = nodePos(n);
  const options = windowOptions(n);
  const size = maybeNode(n, 'size');
  if (has(n, 'TUMBLING')) return { kind: 'TUMBLING', size: buildDuration(size as CstNode), ...options, pos };
  if (has(n, 'HOPPING')) {
    const advance = buildDuration(node(n, 'advance'));
    return { kind: 'HOPPING', size: buildDuration(size as CstNode), advance, ...options, pos };
  }
  return { kind: 'SESSION', gap: buildDuration(node(n, 'gap')), ...options, pos };
}

/** RETENTION and GRACE PERIOD of a window, each at most once. */
function windowOptions(n: CstNode): { retention?: Duration; grace?: Duration } {
  const result: { retention?: Duration; grace?: Duration } = {};
  for (const option of nodes(n, 'windowOption')) {
    const retention = maybeToken(option, 'RETENTION');
    const key = retention ? 'retention' : 'grace';
    const durationNode = retention ? node(option, 'duration') : node(node(option, 'gracePeriod'), 'duration');
    if (result[key] !== undefined) {
      const first = (retention ?? firstTokenOf(option));
      throw syntaxError(first, `${retention ? 'RETENTION' : 'GRACE PERIOD'} given twice in one WINDOW`);
    }
    result[key] = buildDuration(durationNode);
  }
  return result;
}

function firstTokenOf(n: CstNode): IToken {
  const grace = node(n, 'gracePeriod');
  return (grace.children.GRACE[0] as IToken);
}
