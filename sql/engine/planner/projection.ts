/**
 * The SELECT list: `*`, `src.*`, `struct->*` and expressions expanded into named items (ksqlDB's
 * default names: the column or field name, `ALIAS_COL` in joins, else `KSQL_COL_n`), then split
 * into the key columns (items equal to the stage's key parts) and the value columns.
 */
import type { ColumnRef, Expression } from '../../ast/expressions.js';
import { formatExpression } from '../../ast/format.js';
import type { SelectItem } from '../../ast/query.js';
import { mapChildren } from '../../ast/walk.js';
import { SqlError } from '../../errors.js';
import type { CompiledExpression } from '../../expr/types.js';
import { formatType, quoteName, type Type } from '../../types/types.js';
import { compileOver } from './compile.js';
import type { PlanContext } from './context.js';
import { canonical, isSystemColumn, resolveColumn, type RowColumn } from './row.js';
import type { KeyOrigin, KeyPart, Stage } from './stage.js';

const NO_POS = { line: 0, column: 0, offset: 0 };

export interface ProjectionItem {
  readonly name: string;
  /** Came from expanding `*` / `src.*`. */
  readonly fromStar?: boolean;
  readonly expression: Expression;
  /** Written with AS. */
  readonly aliased: boolean;
}

/** Names ksqlDB generates: `KSQL_COL_0`, `KSQL_COL_1`, ... skipping names already taken. */
export class NameGenerator {
  private next = 0;
  constructor(private readonly taken: Set<string> = new Set()) {}
  generate(): string {
    for (;;) {
      const name = `KSQL_COL_${this.next++}`;
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }
}

/**
 * The name an unaliased expression gets, or undefined when ksqlDB generates one. In a join
 * (`joinColumns` given), a column whose name more than one source has is prefixed with its
 * source: `L.ID` → `L_ID`, while `R.F1` → `F1` when only R has F1.
 */
export function defaultName(e: Expression, joinColumns: readonly RowColumn[] | null): string | undefined {
  if (e.kind === 'ColumnRef') {
    if (joinColumns === null) return e.name;
    const sources = new Set(joinColumns.filter((c) => c.name === e.name && c.source !== undefined).map((c) => c.source));
    if (sources.size <= 1) return e.name;
    const i = resolveColumn(joinColumns, e);
    const source = e.source ?? (i >= 0 ? joinColumns[i]!.source : undefined);
    return source === undefined ? e.name : `${source}_${e.name}`;
  }
  if (e.kind === 'Dereference') return e.field;
  return undefined;
}

/** Marks an alias the planner gave (the item was not written with AS). */
export interface ImplicitAlias {
  readonly implicitAlias?: boolean;
}

/**
 * Gives every unaliased SELECT expression its final name up front (`KSQL_COL_n` for generated
 * ones), so rewriting the expressions (aggregates, table functions) does not change the names.
 * With `expandStars`, `*` items are expanded first (aggregations).
 */
export function withImplicitAliases(select: readonly SelectItem[], columns: readonly RowColumn[], isJoin: boolean, ctx: PlanContext, expandStars: boolean): SelectItem[] {
  const joinColumns = isJoin ? columns : null;
  const expanded: SelectItem[] = [];
  for (const item of select) {
    if (expandStars && item.kind === 'AllColumns') {
      for (const i of expandSelect([item], columns, isJoin, ctx)) expanded.push({ kind: 'SingleColumn', expression: i.expression, alias: i.name, pos: item.pos, implicitAlias: true } as SelectItem);
    } else expanded.push(item);
  }
  const taken = new Set<string>();
  for (const item of expanded) {
    if (item.kind !== 'SingleColumn') continue;
    const n = item.alias ?? defaultName(item.expression, joinColumns);
    if (n !== undefined) taken.add(n);
  }
  const generator = new NameGenerator(taken);
  return expanded.map((item) => {
    if (item.kind !== 'SingleColumn' || item.alias !== undefined) return item;
    return { ...item, alias: defaultName(item.expression, joinColumns) ?? generator.generate(), implicitAlias: true } as SelectItem;
  });
}

function columnRef(c: RowColumn): ColumnRef {
  return { kind: 'ColumnRef', name: c.name, source: c.source, pos: NO_POS };
}

/** Expands the SELECT list against the stage's columns. */
export function expandSelect(select: readonly SelectItem[], columns: readonly RowColumn[], isJoin: boolean, ctx: PlanContext, keysLast = false): ProjectionItem[] {
  const items: { name?: string; expression: Expression; aliased: boolean; fromStar?: boolean }[] = [];
  for (const item of select) {
    if (item.kind === 'AllColumns') {
      if (item.source !== undefined && !columns.some((c) => c.source === item.source)) {
        throw new SqlError(`'${item.source}' is not a valid stream/table name or alias.`, 'statement');
      }
      // Per source, in FROM order: its key columns, then its value columns.
      const sources = [...new Set(columns.map((c) => c.source))];
      for (const source of sources) {
        if (item.source !== undefined && source !== item.source) continue;
        const own = columns.filter((c) => c.source === source && !isSystemColumn(c.name));
        const keys = own.filter((x) => x.isKey === true);
        const values = own.filter((x) => x.isKey !== true);
        for (const c of keysLast ? [...values, ...keys] : [...keys, ...values]) {
          items.push({ name: isJoin && c.source !== undefined ? `${c.source}_${c.name}` : c.name, expression: columnRef(c), aliased: false, fromStar: true });
        }
      }
    } else if (item.kind === 'StructAll') {
      const compiled = compileOver(item.base, columns, ctx);
      if (compiled.type === null || compiled.type.kind !== 'STRUCT') throw new SqlError(`Expected STRUCT type for ${formatExpression(item.base)}->*`, 'statement');
      for (const f of compiled.type.fields) items.push({ name: f.name, expression: { kind: 'Dereference', base: item.base, field: f.name, pos: item.pos }, aliased: false });
    } else {
      const implicit = (item as ImplicitAlias).implicitAlias === true;
      items.push({ name: item.alias ?? defaultName(item.expression, isJoin ? columns : null), expression: item.expression, aliased: item.alias !== undefined && !implicit });
    }
  }
  const generator = new NameGenerator(new Set(items.flatMap((i) => (i.name === undefined ? [] : [i.name]))));
  // A default name already used by an earlier item gets `_1`, `_2`, ... as in ksqlDB (`B`, `B_1`).
  const used = new Set<string>();
  const named = items.map((i) => {
    let name = i.name ?? generator.generate();
    if (!i.aliased && used.has(name)) {
      let n = 1;
      while (used.has(`${name}_${n}`) || items.some((o) => o.aliased && o.name === `${name}_${n}`)) n++;
      name = `${name}_${n}`;
    }
    used.add(name);
    return { name, expression: i.expression, aliased: i.aliased, ...(i.fromStar ? { fromStar: true } : {}) };
  });
  return named;
}

export interface OutputColumn {
  readonly name: string;
  readonly type: Type;
}

export interface SplitProjection {
  /** One per key part, in key-part order. */
  readonly keyColumns: OutputColumn[];
  readonly valueColumns: OutputColumn[];
  /** Evaluators of the value columns over the stage's row. */
  readonly valueExprs: CompiledExpression[];
}

function missingKeyMessage(sinkName: string, origin: KeyOrigin, key: readonly KeyPart[]): string {
  const names = key.map((k) => k.description);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const example = names.join(', ');
  const plural = names.length > 1 ? 's' : '';
  switch (origin) {
    case 'group-by':
      return `The query used to build ${quoteName(sinkName)} must include the grouping expression${plural} ${list} in its projection (eg, SELECT ${example}...).`;
    case 'partition-by':
      return `The query used to build ${quoteName(sinkName)} must include the partitioning expression${plural} ${list} in its projection (eg, SELECT ${example}...).`;
    case 'join': {
      const d = key[0]!.description;
      const first = d.split(/, | or /)[0];
      return `The query used to build ${quoteName(sinkName)} must include the join expression${/, | or /.test(d) ? 's' : ''} ${d} in its projection (eg, SELECT ${first}...).`;
    }
    default:
      return `The query used to build ${quoteName(sinkName)} must include the key column${plural} ${list} in its projection (eg, SELECT ${example}...).`;
  }
}

/** Splits the items into key and value columns and compiles the value expressions. */
export function splitProjection(stage: Stage, items: readonly ProjectionItem[], sinkName: string, ctx: PlanContext): SplitProjection {
  const canon = items.map((i) => canonical(i.expression, stage.columns));
  const keyItem = new Map<number, number>();
  const missing: KeyPart[] = [];
  stage.key.forEach((kp, k) => {
    // The first of the key part's expressions (in order) that the projection selects.
    let at = -1;
    for (const e of kp.expressions) {
      const target = canonical(e, stage.columns);
      at = canon.findIndex((c, i) => c === target && ![...keyItem.values()].includes(i));
      if (at >= 0) break;
    }
    if (at < 0) missing.push(kp);
    else keyItem.set(k, at);
  });
  for (const item of items) {
    if (!item.aliased && isSystemColumn(item.name)) {
      throw new SqlError(`Reserved column name in select: ${quoteName(item.name)}. Please remove or alias the column.`, 'statement');
    }
  }
  const keyIndexes = new Set(keyItem.values());
  const keyColumns = stage.key.map((kp, k) => ({ name: keyItem.has(k) ? items[keyItem.get(k)!]!.name : kp.name, type: kp.type }));
  if (missing.length > 0) {
    // Type-check the rest first: ksqlDB reports a bad expression before a missing key.
    items.forEach((item, i) => void (keyIndexes.has(i) || compileOver(item.expression, stage.columns, ctx)));
  }
  const valueColumns: OutputColumn[] = [];
  const valueExprs: CompiledExpression[] = [];
  const seen = new Set(keyColumns.map((c) => c.name));
  items.forEach((item, i) => {
    if (keyIndexes.has(i)) return;
    const compiled = compileOver(item.expression, stage.columns, ctx);
    if (compiled.type === null) throw new SqlError(`Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).`, 'statement');
    if (seen.has(item.name)) throw new SqlError(`Duplicate value columns found in schema: ${quoteName(item.name)} ${formatType(compiled.type)}`, 'statement');
    seen.add(item.name);
    valueColumns.push({ name: item.name, type: compiled.type });
    valueExprs.push(compiled);
  });
  if (missing.length > 0) {
    if (stage.keyOrigin === 'fk-join') {
      const source = stage.kind === 'table' ? stage.fkLeftSource ?? '' : '';
      throw new SqlError(`Primary key column missing in projection. For foreign-key table-table joins, the projection must include all primary key columns from the left input table (${quoteName(source)}). Missing column: ${quoteName(missing[0]!.name)}.`, 'statement');
    }
    // With `*`, PARTITION BY's new key columns need not be listed: they are added.
    const star = items.some((i) => i.fromStar === true);
    if (!(star && stage.keyOrigin === 'partition-by')) throw new SqlError(missingKeyMessage(sinkName, stage.keyOrigin, stage.key), 'statement');
  }
  if (valueColumns.length === 0) throw new SqlError('The projection contains no value columns.', 'statement');
  return { keyColumns, valueColumns, valueExprs };
}

/** `expr` with every column reference qualified by its source, as ksqlDB prints it in messages (`ABS(INPUT.ID)`). */
export function qualified(e: Expression, columns: readonly RowColumn[]): string {
  const rewrite = (x: Expression): Expression => {
    if (x.kind === 'ColumnRef') {
      const i = resolveColumn(columns, x);
      return i >= 0 ? { ...x, source: columns[i]!.source } : x;
    }
    return mapChildren(x, rewrite);
  };
  return formatExpression(rewrite(e));
}

/** Push queries: every item is an output column, in SELECT order (key columns included where selected). */
export function projectAll(columns: readonly RowColumn[], items: readonly ProjectionItem[], ctx: PlanContext): SplitProjection {
  const valueColumns: OutputColumn[] = [];
  const valueExprs: CompiledExpression[] = [];
  for (const item of items) {
    const compiled = compileOver(item.expression, columns, ctx);
    if (compiled.type === null) throw new SqlError(`Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).`, 'statement');
    valueColumns.push({ name: item.name, type: compiled.type });
    valueExprs.push(compiled);
  }
  return { keyColumns: [], valueColumns, valueExprs };
}
