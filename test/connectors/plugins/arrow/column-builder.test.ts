import { expect } from 'chai';
import * as arrow from 'apache-arrow';
import type { Schema } from '../../../../connectors/api/types.js';
import { dateSchema, timestampSchema } from '../../../../connectors/api/data/logical-types.js';
import { columnBuilder } from '../../../../connectors/plugins/arrow/column-builder.js';
import { arrowType, columnsFromSchema, inferColumns, toArrowValue, type ColumnSpec } from '../../../../connectors/plugins/arrow/column-model.js';
import { InferredColumn } from '../../../../connectors/plugins/arrow/inferred-column.js';
import { PartitionBuffer } from '../../../../connectors/plugins/arrow/partition-buffer.js';
import { sinkRecord } from '../fake-context.js';

/**
 * The reference: apache-arrow's generic builders (vectorFromArray) over `toArrowValue`, with the
 * columns from the schema or `inferColumns` — how the sink built its tables before the column builders.
 */
function referenceTable(values: unknown[], schema: Schema | null): arrow.Table {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
  const struct = schema ? schema.type === 'struct' : null;
  const rows = values.map((v) => ((struct ?? isObject(v)) ? (v as Record<string, unknown>) : { value: v ?? null }));
  const columns: ColumnSpec[] = schema ? columnsFromSchema(schema) : inferColumns(rows);
  const fields = columns.map((c) => new arrow.Field(c.name, arrowType(c.kind), c.nullable));
  const children = columns.map((c, i) => arrow.vectorFromArray(rows.map((r) => toArrowValue(c.kind, r[c.name])), fields[i].type).data[0]);
  const data = arrow.makeData({ type: new arrow.Struct(fields), length: rows.length, nullCount: 0, children });
  return new arrow.Table([new arrow.RecordBatch(new arrow.Schema(fields), data)]);
}

function builtTable(values: unknown[], schema: Schema | null): arrow.Table {
  const buffer = new PartitionBuffer('t', 0, 0n, schema, 0, false);
  values.forEach((value, i) => buffer.add(sinkRecord(value, { kafkaOffset: BigInt(i), valueSchema: schema })));
  return buffer.table();
}

/** What a reader of the written file sees: field names, types and nullability, and every row. */
function fileContents(table: arrow.Table): { fields: string[]; rows: unknown[] } {
  const read = arrow.tableFromIPC(arrow.tableToIPC(table, 'file'));
  return {
    fields: read.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`),
    rows: read.toArray().map((r) => {
      const row = r.toJSON() as Record<string, unknown>;
      for (const [k, v] of Object.entries(row)) if (v instanceof Uint8Array) row[k] = Buffer.from(v).toString('hex');
      return row;
    }),
  };
}

function expectSameAsReference(values: unknown[], schema: Schema | null = null): void {
  expect(fileContents(builtTable(values, schema))).to.deep.equal(fileContents(referenceTable(values, schema)));
}

describe('Arrow column builders', () => {
  it('write schemaless rows as the generic builders do: nulls, multibyte text, int64 beyond 2^53, late and missing fields', () => {
    const rows: unknown[] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push({
        id: i % 7 === 0 ? null : i * 1_000_003,
        big: i % 3 === 0 ? 2n ** 60n + BigInt(i) : -(2n ** 55n) - BigInt(i),
        name: i % 5 === 0 ? `naïve-日本-${i}-😀` : i % 11 === 0 ? null : `user-${i}`,
        score: i % 13 === 0 ? null : i / 4,
        ok: i % 9 === 0 ? null : i % 2 === 0,
        at: new Date(1_700_000_000_000 + i),
        text: i % 4 === 0 ? `${'long text '.repeat(10)}${i}` : `${'é日😀 '.repeat(20)}${i}`,
        ...(i >= 1500 ? { late: `x${i}` } : {}),
        ...(i % 2 === 0 ? { sometimes: i } : {}),
      });
    }
    expectSameAsReference(rows);
    const built = fileContents(builtTable(rows, null));
    expect(built.fields).to.deep.equal([
      'id:Int64:true', 'big:Int64:true', 'name:Utf8:true', 'score:Float64:true', 'ok:Bool:true', 'at:Timestamp<MILLISECOND>:true', 'text:Utf8:true',
      'sometimes:Int64:true', 'late:Utf8:true',
    ]);
    expect(built.rows[3]).to.include({ big: 2n ** 60n + 3n, late: null, sometimes: null });
    expect(built.rows[1500]).to.include({ name: 'naïve-日本-1500-😀', late: 'x1500', sometimes: 1500n });
  });

  it('widen a column as inference does: int64 to float64, mixed kinds to JSON text, only nulls to utf8', () => {
    expectSameAsReference([
      { a: 1, b: 'x', c: null, d: 2n ** 60n, e: new Date(5), f: true, g: 1.5, h: 'lone \ud800 surrogate' },
      { a: 2.5, b: 7, c: null, d: 0.5, e: 'text', f: null, g: 3, h: 1 },
      { a: 3, b: { nested: [1, 2n ** 62n] }, c: undefined, d: 4, e: null, f: 'no', g: null, h: null },
      'plain',
      { value: 9, a: -(2 ** 53) },
    ]);
    expect(fileContents(builtTable([{ a: 1 }, { a: 2.5 }, { a: 'x' }], null)).rows.map((r) => (r as { a: unknown }).a)).to.deep.equal(['1', '2.5', '"x"']);
  });

  it('convert values to a schema\'s column kinds as the generic builders do', () => {
    const schema: Schema = {
      type: 'struct',
      fields: [
        { field: 'i8', schema: { type: 'int8', optional: true } },
        { field: 'i16', schema: { type: 'int16', optional: true } },
        { field: 'i32', schema: { type: 'int32', optional: true } },
        { field: 'i64', schema: { type: 'int64', optional: true } },
        { field: 'f32', schema: { type: 'float32', optional: true } },
        { field: 'f64', schema: { type: 'float64', optional: true } },
        { field: 'b', schema: { type: 'boolean', optional: true } },
        { field: 's', schema: { type: 'string', optional: true } },
        { field: 'bytes', schema: { type: 'bytes', optional: true } },
        { field: 'ts', schema: timestampSchema(true) },
        { field: 'day', schema: dateSchema(true) },
        { field: 'list', schema: { type: 'array', items: { type: 'int64' }, optional: true } },
        { field: 'map', schema: { type: 'map', keys: { type: 'string' }, values: { type: 'int64' }, optional: true } },
      ],
    };
    expectSameAsReference([
      { i8: 300, i16: -5, i32: 2 ** 31, i64: '12', f32: 0.1, f64: '2.5', b: 1, s: 'é', bytes: Buffer.from([0, 255]), ts: new Date(-1), day: new Date(86_400_000 * 3 + 5), list: [1, 2n ** 63n - 1n], map: new Map([['k', 1]]) },
      { i8: null, i16: new Date(7), i32: 3.9, i64: 2 ** 60, f32: null, f64: 1n, b: 0, s: 42, bytes: 'text', ts: 1_700_000_000_123, day: -86_400_001, list: null, map: { k: 2 } },
      { i64: -(2 ** 53) - 2, s: { x: 1 }, ts: null, day: null, b: null },
    ], schema);
    expectSameAsReference([7, null, '8', 2n ** 62n], { type: 'int64', optional: true });
  });

  it('grow past their first capacity and keep nulls at the right rows', () => {
    for (const kind of ['int8', 'int32', 'int64', 'float64', 'bool', 'utf8', 'binary', 'timestamp', 'date'] as const) {
      const builder = columnBuilder(kind);
      const values: unknown[] = [];
      for (let i = 0; i < 5000; i++) {
        const v = i % 3 === 0 ? null : kind === 'utf8' || kind === 'binary' ? `v${i}`.repeat(i % 50) : kind === 'bool' ? i % 2 === 0 : i;
        values.push(v);
        if (v === null) builder.appendNull();
        else builder.append(v);
      }
      const data = builder.finish();
      const reference = arrow.vectorFromArray(values.map((v) => toArrowValue(kind, v)), arrowType(kind));
      expect(data.length, kind).to.equal(5000);
      expect(data.nullCount, kind).to.equal(reference.nullCount);
      expect([...new arrow.Vector([data])].map(String), kind).to.deep.equal([...reference].map(String));
    }
  });

  it('widen an inferred column without losing what it held: exact bigints, lone surrogates, dates', () => {
    const column = new InferredColumn('c');
    column.appendNull();
    column.append(2n ** 63n - 1n);
    column.append(2 ** 60);
    column.append('\ud800!');
    column.append(`${'x'.repeat(70)}\udc00`);
    column.append(new Date(Date.UTC(2024, 0, 2)));
    column.padTo(7);
    expect(column.kind).to.equal('json');
    expect([...new arrow.Vector([column.finish()])]).to.deep.equal([
      // 2 ** 60 is a number: written as JavaScript writes it
      null, '9223372036854775807', '1152921504606847000', '"\\ud800!"', `"${'x'.repeat(70)}\\udc00"`, '"2024-01-02T00:00:00.000Z"', null,
    ]);
    const text = new InferredColumn('t');
    text.append(`${'é'.repeat(70)}\udc00`);
    text.append('\ud800');
    text.append(5);
    expect([...new arrow.Vector([text.finish()])]).to.deep.equal([`"${'é'.repeat(70)}\\udc00"`, '"\\ud800"', '5']);
    const onlyNulls = new InferredColumn('n');
    onlyNulls.padTo(3);
    expect(onlyNulls.kind).to.equal('utf8');
    expect(onlyNulls.finish().nullCount).to.equal(3);
  });

  it('keep nulls far apart (the validity bitmap grows past several doublings at once)', () => {
    const rows = Array.from({ length: 40000 }, (_, i) => ({ a: i === 3 || i === 30000 ? null : i, b: i === 39999 ? null : 'x' }));
    expectSameAsReference(rows);
    const built = builtTable(rows, null);
    expect(built.getChild('a')!.nullCount).to.equal(2);
    expect(built.getChild('a')!.get(30000)).to.equal(null);
    expect(built.getChild('b')!.get(39999)).to.equal(null);
  });

  it('fail as the generic builders do on values that are not numbers or times', () => {
    expect(() => columnBuilder('int64').append('abc')).to.throw(RangeError);
    const ts = columnBuilder('timestamp');
    ts.append(new Date(NaN));
    expect(() => ts.finish()).to.throw(RangeError);
  });
});
