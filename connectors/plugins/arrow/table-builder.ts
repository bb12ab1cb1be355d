/** Builds an Arrow table from rows and their column specs (non-nullable columns stay non-nullable). Pure. */
import * as arrow from 'apache-arrow';
import { arrowType, toArrowValue, type ColumnSpec } from './column-model.js';

export function buildTable(columns: ColumnSpec[], rows: Record<string, unknown>[]): arrow.Table {
  const fields = columns.map((c) => new arrow.Field(c.name, arrowType(c.kind), c.nullable));
  const schema = new arrow.Schema(fields);
  const children = columns.map((c, i) => arrow.vectorFromArray(rows.map((r) => toArrowValue(c.kind, r[c.name])), fields[i].type).data[0]);
  const data = arrow.makeData({ type: new arrow.Struct(fields), length: rows.length, nullCount: 0, children });
  return new arrow.Table([new arrow.RecordBatch(schema, data)]);
}
