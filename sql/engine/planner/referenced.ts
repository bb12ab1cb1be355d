/**
 * Which value columns of its source a query reads, so the source's reader can skip building the
 * others (see `ReadOptions.unread`). An over-approximation by design: every column name the query
 * mentions anywhere counts, whatever it resolves to.
 */
import type { Query } from '../../ast/query.js';
import type { DataSource } from '../catalog.js';

/** Every column name mentioned in `query`, or null when it selects all columns (`*`). */
export function mentionedColumnNames(query: Query): Set<string> | null {
  const names = new Set<string>();
  let all = false;
  const visit = (node: unknown): void => {
    if (all || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    const kind = (node as { kind?: unknown }).kind;
    if (kind === 'AllColumns') {
      all = true;
      return;
    }
    if (kind === 'ColumnRef') names.add((node as { name: string }).name);
    for (const value of Object.values(node)) visit(value);
  };
  visit(query);
  return all ? null : names;
}

/**
 * Positions of `ds`'s value columns that `query` (reading `ds` alone, as a stream) never reads.
 * None for a query with a WINDOW clause: the rows its windows refuse are shown whole
 * (`lateRecords`). The TIMESTAMP column is always read.
 */
export function unreadValueColumns(ds: DataSource, query: Query): number[] {
  if (query.window !== undefined) return [];
  const names = mentionedColumnNames(query);
  if (names === null) return [];
  const unread: number[] = [];
  ds.valueColumns.forEach((c, i) => {
    if (!names.has(c.name) && c.name !== ds.timestampColumn?.name) unread.push(i);
  });
  return unread;
}
