/**
 * Groups consecutive row operations that one statement can carry: same table, same kind, same
 * columns. An upsert group never holds one key twice (Postgres rejects ON CONFLICT DO UPDATE
 * touching a row twice), so a repeated key starts a new group and order is kept. Pure.
 */
import type { SinkRecord } from '../../../api/types.js';
import { toJson } from '../../common/format-value.js';
import type { InsertMode } from './config.js';
import type { Column, RowOp } from './row-mapper.js';

export type OpGroup =
  | { kind: 'write'; table: string; columns: Column[][]; keyNames: string[]; records: SinkRecord[] }
  | { kind: 'delete'; table: string; keys: Column[][]; records: SinkRecord[] };

export function groupOps(ops: { op: RowOp; record: SinkRecord }[], insertMode: InsertMode): OpGroup[] {
  const groups: OpGroup[] = [];
  let current: OpGroup | null = null;
  let signature = '';
  let keysInGroup = new Set<string>();
  for (const { op, record } of ops) {
    const columns = op.kind === 'write' ? op.columns : op.keyColumns;
    const sig = `${op.kind}\u0000${op.table}\u0000${columns.map((c) => c.name).join('\u0000')}`;
    const keyNames = op.kind === 'write' ? op.keyNames : columns.map((c) => c.name);
    const key = insertMode === 'upsert' && op.kind === 'write' ? keyOf(columns, keyNames) : null;
    if (!current || sig !== signature || (key !== null && keysInGroup.has(key))) {
      current = op.kind === 'write'
        ? { kind: 'write', table: op.table, columns: [], keyNames, records: [] }
        : { kind: 'delete', table: op.table, keys: [], records: [] };
      groups.push(current);
      signature = sig;
      keysInGroup = new Set();
    }
    if (current.kind === 'write') current.columns.push(columns);
    else current.keys.push(columns);
    current.records.push(record);
    if (key !== null) keysInGroup.add(key);
  }
  return groups;
}

function keyOf(columns: Column[], keyNames: string[]): string {
  return toJson(keyNames.map((n) => columns.find((c) => c.name === n)?.value ?? null));
}
