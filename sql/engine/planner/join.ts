/**
 * Joins, planned left to right (n-way joins chain): stream-stream within a window, stream-table,
 * table-table on primary keys and table-table on a foreign key. Each side is re-keyed by its join
 * expression when that is not already its key. The joined row is the left row then the right row
 * (NULLs for a missing side), plus ROWKEY (the join key) for FULL OUTER joins, as ksqlDB exposes it.
 */
import type { ColumnRef, Comparison, Expression } from '../../ast/expressions.js';
import { formatExpression } from '../../ast/format.js';
import type { JoinRelation, JoinedSource, Query } from '../../ast/query.js';
import { mapChildren } from '../../ast/walk.js';
import { SqlError, atLocation } from '../../errors.js';
import type { CompiledExpression } from '../../expr/types.js';
import { JoinWindows } from '../../../core/streams/windows/join-windows.js';
import { formatType, quoteName, typesEqual } from '../../types/types.js';
import { compileOver } from './compile.js';
import type { PlanContext } from './context.js';
import { qualified } from './projection.js';
import { canonical, resolveColumn, type RowColumn } from './row.js';
import { sourceStage } from './source.js';
import { isTombstone, type KeyPart, type Row, type Stage, type StreamStage, type TableStage } from './stage.js';

const NO_POS = { line: 0, column: 0, offset: 0 };

function columnRefs(e: Expression): ColumnRef[] {
  const out: ColumnRef[] = [];
  const walk = (x: Expression): Expression => {
    if (x.kind === 'ColumnRef') out.push(x);
    return mapChildren(x, walk);
  };
  walk(e);
  return out;
}

function joinTypeText(t: JoinedSource['type']): string {
  return t === 'INNER' ? '[INNER]' : t === 'OUTER' ? 'FULL [OUTER]' : `${t} [OUTER]`;
}

/** Which operand of the ON belongs to the left (planned so far) and which to the new source. */
function splitCondition(j: JoinedSource, left: readonly RowColumn[], right: readonly RowColumn[]): { leftExpr: Expression; rightExpr: Expression } {
  const on = j.on;
  if (on.kind === 'LogicalBinary' && on.op === 'AND') {
    throw new SqlError(`Invalid join condition: joins on multiple conditions are not yet supported. Got ${formatExpression(on)}.`, 'statement');
  }
  if (on.kind !== 'Comparison' || on.op !== 'EQUAL') {
    throw new SqlError(`Unsupported join expression: ${formatExpression(on)}. Only equality joins are supported.`, 'statement');
  }
  const side = (e: Expression): 'left' | 'right' | null => {
    const refs = columnRefs(e);
    if (refs.length === 0) return null;
    let found: 'left' | 'right' | null = null;
    for (const r of refs) {
      const inLeft = resolveColumn(left, r);
      const inRight = resolveColumn(right, r);
      if (inLeft === -2 || (inLeft >= 0 && inRight >= 0)) {
        const where = [...left, ...right].filter((c) => c.name === r.name).map((c) => `${c.source}.${c.name}`);
        throw new SqlError(atLocation(r.pos, `Column '${r.name}' is ambiguous. Could be ${where.slice(0, -1).join(', ')} or ${where[where.length - 1]}.`), 'statement');
      }
      const s = inLeft >= 0 ? 'left' : inRight >= 0 ? 'right' : null;
      if (s === null) throw new SqlError(atLocation(r.pos, `JOIN ON column '${r.source === undefined ? '' : r.source + '.'}${r.name}' cannot be resolved.`), 'statement');
      if (found !== null && found !== s) return null;
      found = s;
    }
    return found;
  };
  const a = side(on.left);
  const b = side(on.right);
  const bad = (e: Expression) => new SqlError(`Invalid comparison expression '${formatExpression(e)}' in join '${formatExpression(on)}'. Each side of the join comparision must contain references from exactly one source.`, 'statement');
  if (a === null) throw bad(on.left);
  if (b === null || a === b) throw bad(on.right);
  return a === 'left' ? { leftExpr: on.left, rightExpr: on.right } : { leftExpr: on.right, rightExpr: on.left };
}

/** Whether `e` is exactly the stage's (single) key. */
function isKeyOf(stage: Stage, e: Expression): boolean {
  if (stage.key.length !== 1) return false;
  const c = canonical(e, stage.columns);
  return stage.key[0]!.expressions.some((k) => canonical(k, stage.columns) === c);
}

function rekey(input: StreamStage, expr: CompiledExpression, isKey: boolean): StreamStage {
  // Stream joins ignore records with a null value, as Kafka's do.
  const stage = { ...input, stream: input.stream.filter((_k, row) => !isTombstone(row)) };
  if (isKey) return stage;
  if (input.window !== undefined) throw new SqlError('Implicit repartitioning of windowed sources is not supported. See https://github.com/confluentinc/ksql/issues/4385.', 'statement');
  return { ...stage, stream: stage.stream.selectKey((_k, row) => [isTombstone(row) ? null : expr.evaluate(row!)]) };
}

function nulls(n: number): null[] {
  return new Array<null>(n).fill(null);
}

export function planJoins(relation: JoinRelation, query: Query, ctx: PlanContext): { stage: Stage; sourceNames: string[] } {
  void query;
  const first = ctx.catalog.get(relation.left.name);
  if (first === undefined) throw new SqlError(`${relation.left.name} does not exist.`, 'statement');
  const aliases = [relation.left.alias ?? first.name];
  const sourceNames = [first.name];
  let stage: Stage = sourceStage(first, aliases[0]!, ctx);
  let leftName = first.name;
  let leftWindow = first.window;
  for (const [index, j] of relation.joins.entries()) {
    const ds = ctx.catalog.get(j.source.name);
    if (ds === undefined) throw new SqlError(`${j.source.name} does not exist.`, 'statement');
    if (sourceNames.includes(ds.name) && j.source.alias === undefined) {
      throw new SqlError(`N-way joins do not support multiple occurrences of the same source. Source: '${ds.name}'`, 'engine');
    }
    const alias = j.source.alias ?? ds.name;
    sourceNames.push(ds.name);
    aliases.push(alias);
    if ((leftWindow === undefined) !== (ds.window === undefined)) {
      const [w, nw] = leftWindow !== undefined ? [leftName, ds.name] : [ds.name, leftName];
      const type = (leftWindow ?? ds.window)!.type;
      throw new SqlError(`Can not join windowed source to non-windowed source.\n${quoteName(w)} is ${type} windowed\n${quoteName(nw)} is not windowed`, 'statement');
    }
    if (leftWindow !== undefined && ds.window !== undefined && (leftWindow.type === 'SESSION') !== (ds.window.type === 'SESSION')) {
      throw new SqlError(`Incompatible windowed sources.\nLeft source: ${leftWindow.type}\nRight source: ${ds.window.type}\nSession windowed sources can only be joined to other session windowed sources, and may still not result in expected behaviour as session bounds must be an exact match for the join to work\nHopping and tumbling windowed sources can only be joined to other hopping and tumbling windowed sources`, 'statement');
    }
    const right = sourceStage(ds, alias, ctx);
    const { leftExpr, rightExpr } = splitCondition(j, stage.columns, right.columns);
    const leftCompiled = compileOver(leftExpr, stage.columns, ctx, 'JOIN ON');
    const rightCompiled = compileOver(rightExpr, right.columns, ctx, 'JOIN ON');
    const conditionText = `${qualified(j.on.kind === 'Comparison' ? j.on.left : leftExpr, [...stage.columns, ...right.columns])} = ${qualified(j.on.kind === 'Comparison' ? j.on.right : rightExpr, [...stage.columns, ...right.columns])}`;
    const leftIsKey = isKeyOf(stage, leftExpr);
    const rightIsKey = isKeyOf(right, rightExpr);
    const isFk = stage.kind === 'table' && right.kind === 'table' && rightIsKey && !leftIsKey;
    // Joined on both keys: no repartition, so the topics must be co-partitioned.
    const leftPartitions = first.partitions;
    if (leftIsKey && rightIsKey && leftPartitions !== undefined && ds.partitions !== undefined && leftPartitions !== ds.partitions) {
      throw new SqlError(`Can't join ${quoteName(first.name)} with ${quoteName(ds.name)} since the number of partitions don't match. ${quoteName(first.name)} partitions = ${leftPartitions}; ${quoteName(ds.name)} partitions = ${ds.partitions}. Please repartition either one so that the number of partitions match.`, 'statement');
    }
    if (stage.kind === 'table' && right.kind === 'stream') {
      throw new SqlError(`Invalid join order: table-stream joins are not supported; only stream-table joins. Got ${leftName} ${joinTypeText(j.type)} JOIN ${ds.name}.`, 'statement');
    }
    if (stage.kind === 'table' && right.kind === 'table' && !rightIsKey) {
      throw new SqlError(`Invalid join condition: table-table joins require to join on the primary key of the right input table. Got ${conditionText}.`, 'statement');
    }
    if (leftCompiled.type !== null && rightCompiled.type !== null && !typesEqual(leftCompiled.type, rightCompiled.type)) {
      throw new SqlError(`Invalid join condition: types don't match. Got ${qualified(leftExpr, stage.columns)}{${formatType(leftCompiled.type)}} = ${qualified(rightExpr, right.columns)}{${formatType(rightCompiled.type)}}.`, 'statement');
    }
    const leftWidth = stage.columns.length;
    const rightWidth = right.columns.length;
    const full = j.type === 'OUTER';
    const joiner = (l: Row | null, r: Row | null): Row => {
      const row = [...(l ?? nulls(leftWidth)), ...(r ?? nulls(rightWidth))];
      if (full) row.push(l !== null ? leftCompiled.evaluate(l) : r !== null ? rightCompiled.evaluate(r) : null);
      return row;
    };
    const columns: RowColumn[] = [...stage.columns, ...right.columns];
    if (full) columns.push({ name: 'ROWKEY', type: leftCompiled.type ?? rightCompiled.type! });
    // Key parts after the join: the ON's column operands (and the previous key's, when kept).
    const keyExprs: Expression[] = [];
    const descriptions: string[] = [];
    if (leftIsKey && stage.keyOrigin === 'join') {
      keyExprs.push(...stage.key[0]!.expressions);
      descriptions.push(...stage.key[0]!.description.split(/, | or /));
    }
    for (const [e, cols] of [[leftExpr, stage.columns], [rightExpr, right.columns]] as const) {
      keyExprs.push(e);
      if (e.kind === 'ColumnRef') {
        const d = qualified(e, cols);
        if (!descriptions.includes(d)) descriptions.push(d);
      }
    }
    const description = descriptions.length <= 1 ? descriptions.join('') : `${descriptions.slice(0, -1).join(', ')} or ${descriptions[descriptions.length - 1]}`;
    const keyType = leftCompiled.type ?? rightCompiled.type!;
    const key: KeyPart[] = full
      ? [{ name: 'ROWKEY', type: keyType, expressions: [{ kind: 'ColumnRef', name: 'ROWKEY', pos: NO_POS } as ColumnRef], description: 'ROWKEY' }]
      : [{ name: 'ROWKEY', type: keyType, expressions: keyExprs, description }];

    const internal = ctx.serdes.internal;
    if (stage.kind === 'stream' && right.kind === 'stream') {
      if (j.within === undefined) throw new SqlError('Stream-Stream joins must have a WITHIN clause specified. None was provided. To learn about how to specify a WITHIN clause with a stream-stream join, please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html#create-stream-as-select', 'statement');
      const before = j.within.before.ms;
      const after = j.within.after.ms;
      const base = j.within.grace === undefined ? JoinWindows.ofTimeDifferenceLegacy(Math.max(before, after)) : JoinWindows.ofTimeDifferenceAndGrace(Math.max(before, after), j.within.grace.ms);
      const windows = base.before(before).after(after);
      const l = rekey(stage, leftCompiled, leftIsKey);
      const r = rekey(right, rightCompiled, rightIsKey);
      const joined = { keySerde: internal, valueSerde: internal, otherValueSerde: internal };
      let stream;
      switch (j.type) {
        case 'INNER': stream = l.stream.join(r.stream as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, windows, joined); break;
        case 'LEFT': stream = l.stream.leftJoin(r.stream as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, windows, joined); break;
        case 'RIGHT': stream = r.stream.leftJoin(l.stream as any, ((x: Row | null, y: Row | null) => (joiner(y, x))) as any, windows, joined); break;
        case 'OUTER': stream = l.stream.outerJoin(r.stream as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, windows, joined); break;
      }
      stage = { kind: 'stream', stream: stream as any, columns, key, keyOrigin: 'join', window: stage.window };
    } else if (stage.kind === 'stream' && right.kind === 'table') {
      if (!rightIsKey) {
        throw new SqlError(`Invalid join condition: stream-table joins require to join on the table's primary key. Got ${conditionText}.`, 'statement');
      }
      if (j.type === 'RIGHT' || j.type === 'OUTER') {
        throw new SqlError(`Invalid join type: ${j.type === 'OUTER' ? 'full-outer' : 'right'} join not supported for stream-table join. Got ${leftName} ${joinTypeText(j.type)} JOIN ${ds.name}.`, 'statement');
      }
      const l = rekey(stage, leftCompiled, leftIsKey);
      const joined = { keySerde: internal, valueSerde: internal, otherValueSerde: internal };
      const stream = j.type === 'INNER'
        ? l.stream.join((right as TableStage).table as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, joined)
        : l.stream.leftJoin((right as TableStage).table as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, joined);
      stage = { kind: 'stream', stream: stream as any, columns, key, keyOrigin: 'join', window: stage.window };
    } else {
      const lt = stage as TableStage;
      const rt = right as TableStage;
      if (isFk) {
        if (index > 0) {
          throw new SqlError(`Invalid join condition: foreign-key table-table joins are not supported as part of n-way joins. Got ${conditionText}.`, 'statement');
        }
        if (j.type !== 'INNER' && j.type !== 'LEFT') {
          throw new SqlError(`Invalid join type: ${j.type === 'OUTER' ? 'full-outer' : 'right'} join not supported for foreign-key table-table join. Got ${leftName} ${joinTypeText(j.type)} JOIN ${ds.name}.`, 'statement');
        }
        const fk = (row: Row) => {
          const v = leftCompiled.evaluate(row);
          return v === null ? null : [v];
        };
        const table = j.type === 'INNER'
          ? lt.table.joinForeignKey(rt.table as any, fk, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, { valueSerde: internal })
          : lt.table.leftJoinForeignKey(rt.table as any, fk, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, { valueSerde: internal });
        stage = { kind: 'table', table: table as any, columns, key: lt.key, keyOrigin: 'fk-join', fkLeftSource: aliases[0], window: lt.window } as TableStage;
      } else {
        let table;
        switch (j.type) {
          case 'INNER': table = lt.table.join(rt.table as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, { valueSerde: internal }); break;
          case 'LEFT': table = lt.table.leftJoin(rt.table as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, { valueSerde: internal }); break;
          case 'RIGHT': table = rt.table.leftJoin(lt.table as any, ((x: Row | null, y: Row | null) => (joiner(y, x))) as any, { valueSerde: internal }); break;
          case 'OUTER': table = lt.table.outerJoin(rt.table as any, ((x: Row | null, y: Row | null) => (joiner(x, y))) as any, { valueSerde: internal }); break;
        }
        stage = { kind: 'table', table: table as any, columns, key, keyOrigin: 'join', window: lt.window };
      }
    }
    leftName = ds.name;
    leftWindow = leftWindow ?? ds.window;
  }
  return { stage, sourceNames };
}
