/**
 * The formats against ksqlDB's own qtt cases:
 * - stream pass-through cases (`CREATE STREAM INPUT (...); CREATE STREAM OUTPUT AS SELECT * FROM INPUT;`):
 *   every input record read with the source's serdes and written with the sink's must give the
 *   expected output record, byte-for-byte as the runner compares them;
 * - cases whose single CREATE statement ksqlDB rejects for its format must fail `validateFormat`
 *   with a message containing ksqlDB's.
 */
import { expect } from 'chai';
import { createRowSerde, validateFormat } from '../../../sql/formats/create-row-serde.js';
import { jsonNodesEqual, stringifyJson, type JsonNode } from '../../../sql/types/json.js';
import { allCaseIds, decodeSide, encodeSide, layoutOf, parseCase, passThroughLayout, readCase, type QttCase, type SourceLayout } from './qtt-helpers.js';
import type { CreateAsSelect, CreateSource } from '../../../sql/ast/statements.js';

const PASS_THROUGH_RE = /^CREATE STREAM \w+ \([^\n]*\) WITH \([^\n]*\);\nCREATE STREAM \w+( WITH ?\([^)]*\))? AS SELECT \* FROM \w+;\s*$/i;

/** Pass-through cases run when this test was written; fewer means the filter or a case broke. */
const PASS_THROUGH_MIN = 50;

function wrapDefault(c: QttCase): boolean | undefined {
  const p = c.meta.get('properties') as Map<string, JsonNode> | undefined;
  const v = p?.get('ksql.persistence.wrap.single.values');
  return v === undefined ? undefined : String(v) === 'true';
}

function runPassThrough(c: QttCase): void {
  const [create, csas] = parseCase(c.statements) as [CreateSource, CreateAsSelect];
  const source: SourceLayout = layoutOf(create);
  const sink = passThroughLayout(csas, source, wrapDefault(c));
  const inKey = createRowSerde(source.keyColumns, source.keyFormat, 'key');
  const inValue = createRowSerde(source.valueColumns, source.valueFormat, 'value');
  const outKey = createRowSerde(sink.keyColumns, sink.keyFormat, 'key');
  const outValue = createRowSerde(sink.valueColumns, sink.valueFormat, 'value');
  const actual: Array<{ key: JsonNode; value: JsonNode }> = [];
  for (const r of c.inputs) {
    const keyBytes = encodeSide(r.get('key') ?? null, source.keyColumns, source.keyFormat, 'key');
    const valueBytes = encodeSide(r.get('value') ?? null, source.valueColumns, source.valueFormat, 'value');
    let keyRow: unknown[] | null;
    let valueRow: unknown[] | null;
    try {
      keyRow = inKey.deserialize('in', keyBytes);
      valueRow = inValue.deserialize('in', valueBytes);
    } catch {
      continue; // ksqlDB drops (and logs) a record it cannot read
    }
    const k = outKey.serialize('out', keyRow);
    const v = outValue.serialize('out', valueRow);
    actual.push({ key: decodeSide(k, sink.keyColumns, sink.keyFormat, outKey), value: decodeSide(v, sink.valueColumns, sink.valueFormat, outValue) });
  }
  const expected = c.outputs.map((r) => ({ key: r.get('key') ?? null, value: r.get('value') ?? null }));
  const show = (rs: Array<{ key: JsonNode; value: JsonNode }>): string => rs.map((r) => `${stringifyJson(r.key)} ${stringifyJson(r.value)}`).join('\n');
  expect(actual.length, `${c.id}\nactual:\n${show(actual)}\nexpected:\n${show(expected)}`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = jsonNodesEqual(actual[i]!.key, expected[i]!.key) && jsonNodesEqual(actual[i]!.value, expected[i]!.value);
    expect(ok, `${c.id} record ${i}\nactual:   ${show([actual[i]!])}\nexpected: ${show([expected[i]!])}`).to.equal(true);
  }
}

describe('sql/formats against ksqlDB qtt cases', () => {
  const cases = allCaseIds().map(readCase);

  it('passes every pass-through case record by record', () => {
    const passThrough = cases.filter((c) => !c.meta.has('expectedException') && PASS_THROUGH_RE.test(c.statements) && c.inputs.every((r) => !r.has('window')));
    const failures: string[] = [];
    for (const c of passThrough) {
      try {
        runPassThrough(c);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
    expect(passThrough.length).to.be.at.least(PASS_THROUGH_MIN);
  });

  it("rejects single CREATE statements with ksqlDB's format messages", () => {
    let checked = 0;
    for (const c of cases) {
      const e = c.meta.get('expectedException') as Map<string, JsonNode> | undefined;
      const message = e?.get('message');
      if (typeof message !== 'string' || !/format|WRAP_SINGLE_VALUE|Map keys|configs/.test(message)) continue;
      let statements: Array<CreateSource | CreateAsSelect>;
      try {
        statements = parseCase(c.statements);
      } catch {
        continue;
      }
      if (statements.length !== 1 || statements[0]!.kind !== 'CreateSource') continue;
      const layout = layoutOf(statements[0] as CreateSource);
      const errors: string[] = [];
      for (const [cols, opts, target] of [[layout.keyColumns, layout.keyFormat, 'key'], [layout.valueColumns, layout.valueFormat, 'value']] as const) {
        try {
          validateFormat(cols, opts, target);
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
      expect(errors.some((m) => m.includes(message)), `${c.id}: expected "${message}", got ${JSON.stringify(errors)}`).to.equal(true);
      checked++;
    }
    expect(checked).to.be.at.least(10);
  });
});
