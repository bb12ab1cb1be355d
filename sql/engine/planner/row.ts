/**
 * The row a SQL query carries between its stages: a positional array whose layout (names, the
 * source alias that qualifies each, types) the planner tracks. A source's row holds its value
 * columns, header columns, the system columns ROWTIME/ROWPARTITION/ROWOFFSET, its key columns and,
 * for windowed sources, WINDOWSTART/WINDOWEND — what ksqlDB's expressions may reference.
 */
import type { ColumnRef, Expression } from '../../ast/expressions.js';
import { formatExpression } from '../../ast/format.js';
import { mapChildren } from '../../ast/walk.js';
import type { ColumnBinding } from '../../expr/types.js';
import { BIGINT, INTEGER, type Type } from '../../types/types.js';

export interface RowColumn {
  readonly name: string;
  /** The source name or alias qualifying the column (`S1` in `S1.ID`). */
  readonly source?: string;
  readonly type: Type;
  /** A key column of its source (`*` lists a source's key columns before its value columns). */
  readonly isKey?: boolean;
}

export const ROWTIME = 'ROWTIME';
export const ROWPARTITION = 'ROWPARTITION';
export const ROWOFFSET = 'ROWOFFSET';
export const WINDOWSTART = 'WINDOWSTART';
export const WINDOWEND = 'WINDOWEND';

export const SYSTEM_COLUMN_TYPES: Readonly<Record<string, Type>> = {
  [ROWTIME]: BIGINT,
  [ROWPARTITION]: INTEGER,
  [ROWOFFSET]: BIGINT,
  [WINDOWSTART]: BIGINT,
  [WINDOWEND]: BIGINT,
};

export function isPseudoColumn(name: string): boolean {
  return name === ROWTIME || name === ROWPARTITION || name === ROWOFFSET;
}

export function isWindowBound(name: string): boolean {
  return name === WINDOWSTART || name === WINDOWEND;
}

export function isSystemColumn(name: string): boolean {
  return isPseudoColumn(name) || isWindowBound(name);
}

export function bindings(columns: readonly RowColumn[]): ColumnBinding[] {
  return columns.map((c, index) => ({ name: c.name, source: c.source, type: c.type, index }));
}

/** The index a column reference resolves to (qualified or not), or -1 / -2 (ambiguous). */
export function resolveColumn(columns: readonly RowColumn[], ref: Pick<ColumnRef, 'name' | 'source'>): number {
  let found = -1;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    if (c.name !== ref.name) continue;
    if (ref.source !== undefined && c.source !== ref.source) continue;
    if (found >= 0) return -2;
    found = i;
  }
  return found;
}

/**
 * A text for an expression in which column references are replaced by the index they resolve to,
 * so `S.ID` and `ID` compare equal when they name the same column.
 */
export function canonical(e: Expression, columns: readonly RowColumn[]): string {
  const rewrite = (x: Expression): Expression => {
    if (x.kind === 'ColumnRef') {
      const i = resolveColumn(columns, x);
      return i >= 0 ? { ...x, name: `#${i}`, source: undefined } : x;
    }
    return mapChildren(x, rewrite);
  };
  return formatExpression(rewrite(e));
}
