/** Joins: planned in the next step. */
import type { JoinRelation, Query } from '../../ast/query.js';
import { SqlError } from '../../errors.js';
import type { PlanContext } from './context.js';
import type { Stage } from './stage.js';

export function planJoins(relation: JoinRelation, query: Query, ctx: PlanContext): { stage: Stage; sourceNames: string[] } {
  void query;
  void ctx;
  throw new SqlError(`Joins are not supported yet: ${relation.left.name}`, 'statement');
}
