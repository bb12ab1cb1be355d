/** The SELECT query: projection, sources and joins, window, filters and grouping. */
import { Duration, Expression } from './expressions.js';
import { NodeBase } from './node.js';

/** `*` or `src.*`. */
export interface AllColumns extends NodeBase {
  kind: 'AllColumns';
  source?: string;
}

/** `structCol->*`: every field of a struct. */
export interface StructAll extends NodeBase {
  kind: 'StructAll';
  base: Expression;
}

/** `expr [AS alias]`. */
export interface SingleColumn extends NodeBase {
  kind: 'SingleColumn';
  expression: Expression;
  alias?: string;
}

/** One item of the SELECT list. */
export type SelectItem = AllColumns | StructAll | SingleColumn;

/** A stream or table named in FROM or JOIN, with its optional alias. */
export interface AliasedSource extends NodeBase {
  kind: 'AliasedSource';
  name: string;
  alias?: string;
}

/** `WITHIN size` (before = after = size) or `WITHIN (before, after)`, with `GRACE PERIOD`. */
export interface WithinExpression extends NodeBase {
  before: Duration;
  after: Duration;
  grace?: Duration;
}

/** `FULL [OUTER] JOIN` is `OUTER`. */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'OUTER';

/** One `JOIN source [WITHIN ...] ON condition`. */
export interface JoinedSource extends NodeBase {
  type: JoinType;
  source: AliasedSource;
  within?: WithinExpression;
  on: Expression;
}

/** `FROM a JOIN b ON ... JOIN c ON ...`: joins apply left to right. */
export interface JoinRelation extends NodeBase {
  kind: 'Join';
  left: AliasedSource;
  joins: JoinedSource[];
}

/** What FROM reads: one source or a chain of joins. */
export type Relation = AliasedSource | JoinRelation;

interface WindowBase extends NodeBase {
  retention?: Duration;
  grace?: Duration;
}

export interface TumblingWindow extends WindowBase {
  kind: 'TUMBLING';
  size: Duration;
}

export interface HoppingWindow extends WindowBase {
  kind: 'HOPPING';
  size: Duration;
  advance: Duration;
}

export interface SessionWindow extends WindowBase {
  kind: 'SESSION';
  gap: Duration;
}

/** The WINDOW clause. */
export type WindowExpression = TumblingWindow | HoppingWindow | SessionWindow;

/**
 * A SELECT. ksqlDB clause order: `SELECT ... FROM ... [WINDOW] [WHERE] [GROUP BY]
 * [PARTITION BY] [HAVING] [EMIT CHANGES|FINAL] [LIMIT n]`. As in ksqlDB, a SELECT statement
 * without EMIT is a pull query, and the query of CREATE ... AS SELECT / INSERT INTO without EMIT
 * emits CHANGES.
 */
export interface Query extends NodeBase {
  kind: 'Query';
  select: SelectItem[];
  from: Relation;
  window?: WindowExpression;
  where?: Expression;
  groupBy?: Expression[];
  partitionBy?: Expression[];
  having?: Expression;
  /** Absent only for pull queries. */
  emit?: 'CHANGES' | 'FINAL';
  /** A SELECT statement without EMIT (answered from state, then done). */
  isPullQuery: boolean;
  limit?: number;
}
