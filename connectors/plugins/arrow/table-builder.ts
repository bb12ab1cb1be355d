/** Builds an Arrow table from column specs and each column's values (non-nullable columns stay non-nullable). Pure. */
import * as arrow from 'apache-arrow';
import { arrowType, toArrowValue, type ColumnSpec } from './column-model.js';

export function buildTable(columns: ColumnSpec[], rowCount: number, valuesOf: (column: ColumnSpec) => unknown[]): arrow.Table {
  const fields = columns.map((c) => new arrow.Field(c.name, arrowType(c.kind), c.nullable));
  const schema = new arrow.Schema(fields);
  const children = columns.map((c, i) => arrow.vectorFromArray(valuesOf(c).map((v) => toArrowValue(c.kind, v)), fields[i].type).data[0]);
  const data = arrow.makeData({ type: new arrow.Struct(fields), length: rowCount, nullCount: 0, children });
  return new arrow.Table([new arrow.RecordBatch(schema, data)]);
}
