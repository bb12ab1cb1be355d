/**
 * Every expected output record of the qtt cases is what ksqlDB wrote, so reading it with the sink's
 * serdes and writing it back must reproduce it exactly (number lexemes, DOUBLE and DECIMAL text,
 * CSV quoting). The sink's columns come from meta.json (`post.sources[].schema`), its formats from
 * the statements (WITH properties, else those of the first source in FROM, as ksqlDB inherits).
 */
import { expect } from 'chai';
import type { CreateAsSelect, CreateSource, Property } from '../../../sql/ast/statements.js';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import type { FormatColumn, FormatOptions, SerdeTarget } from '../../../sql/formats/types.js';
import { jsonNodesEqual, stringifyJson, type JsonNode } from '../../../sql/types/json.js';
import { allCaseIds, decodeSide, encodeSide, layoutOf, parseCase, passThroughLayout, readCase, type QttCase, type SourceLayout } from './qtt-helpers.js';

/** Output records checked when this test was written; fewer means the inference or a case broke. */
const CHECKED_RECORDS_MIN = 300;

function propText(list: readonly Property[], name: string): string | undefined {
  const p = list.find((x) => x.name === name);
  return p === undefined ? undefined : String((p.value as { value: unknown }).value);
}

function firstSource(stmt: CreateAsSelect): string {
  const from = stmt.query.from;
  return (from.kind === 'Join' ? from.left.name : from.name).toUpperCase();
}

/** Columns of a `post.sources[].schema` text (`ID INT KEY, V STRING`). */
function schemaColumns(schema: string): { key: FormatColumn[]; value: FormatColumn[] } {
  const [stmt] = parseCase(`CREATE STREAM X (${schema}) WITH (kafka_topic='x');`) as [CreateSource];
  const l = layoutOf(stmt);
  return { key: l.keyColumns, value: l.valueColumns };
}

interface Sink {
  topic: string;
  layout: SourceLayout;
}

/** Sinks of a case's CREATE ... AS SELECT statements whose schema meta.json records. */
function sinksOf(c: QttCase): Sink[] {
  const post = c.meta.get('post') as Map<string, JsonNode> | undefined;
  const schemas = new Map<string, string>();
  for (const s of (post?.get('sources') ?? []) as Array<Map<string, JsonNode>>) {
    if (typeof s.get('schema') === 'string') schemas.set(String(s.get('name')).toUpperCase(), s.get('schema') as string);
  }
  const props = c.meta.get('properties') as Map<string, JsonNode> | undefined;
  const wrap = props?.get('ksql.persistence.wrap.single.values');
  const layouts = new Map<string, SourceLayout>();
  const sinks: Sink[] = [];
  for (const stmt of parseCase(c.statements)) {
    if (stmt.kind === 'CreateSource') {
      layouts.set(stmt.name.toUpperCase(), layoutOf(stmt));
      continue;
    }
    if (stmt.kind !== 'CreateAsSelect') continue;
    const base = layouts.get(firstSource(stmt));
    const schema = schemas.get(stmt.name.toUpperCase());
    if (base === undefined || schema === undefined) continue;
    const cols = schemaColumns(schema);
    const inherited = passThroughLayout(stmt, { ...base, valueColumns: cols.value }, wrap === undefined ? undefined : String(wrap) === 'true');
    const layout: SourceLayout = { ...inherited, keyColumns: cols.key, valueColumns: cols.value };
    layouts.set(stmt.name.toUpperCase(), layout);
    sinks.push({ topic: propText(stmt.properties, 'KAFKA_TOPIC') ?? stmt.name.toUpperCase(), layout });
  }
  return sinks;
}

/**
 * ksqlDB's runner reads expected values through the sink's schema, so `{"foo":1}` in output.json
 * matches a written `{"FOO":1}` (two row-offset join cases rely on it): compare top-level field
 * names upper-cased.
 */
function upperFields(node: JsonNode): JsonNode {
  return node instanceof Map ? new Map([...node].map(([k, v]) => [k.toUpperCase(), v])) : node;
}

function roundTrip(node: JsonNode, columns: FormatColumn[], options: FormatOptions, target: SerdeTarget): JsonNode {
  const serde = createRowSerde(columns, options, target);
  const row = serde.deserialize('t', encodeSide(node, columns, options, target));
  return decodeSide(serde.serialize('t', row), columns, options, serde);
}

describe('sql/formats re-write every qtt output record exactly', () => {
  it('reads each expected output with the sink serdes and writes the same bytes back', () => {
    let checked = 0;
    const failures: string[] = [];
    for (const id of allCaseIds()) {
      const c = readCase(id);
      if (c.meta.has('expectedException')) continue;
      let sinks: Sink[];
      try {
        sinks = sinksOf(c);
      } catch {
        continue; // statements the front end does not parse are the analyzer's business
      }
      for (const sink of sinks) {
        const { keyColumns, valueColumns, keyFormat, valueFormat } = sink.layout;
        for (const r of c.outputs) {
          if (r.get('topic') !== sink.topic || r.has('window')) continue;
          const key = r.get('key') ?? null;
          const value = r.get('value') ?? null;
          try {
            const k = keyColumns.length === 0 ? key : roundTrip(key, keyColumns, keyFormat, 'key');
            const v = roundTrip(value, valueColumns, valueFormat, 'value');
            if (!jsonNodesEqual(k, key) || !jsonNodesEqual(upperFields(v), upperFields(value))) {
              failures.push(`${id}: ${stringifyJson(key)} ${stringifyJson(value)} came back as ${stringifyJson(k)} ${stringifyJson(v)}`);
            }
          } catch (e) {
            failures.push(`${id}: ${stringifyJson(key)} ${stringifyJson(value)}: ${(e as Error).message}`);
          }
          checked++;
        }
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(checked).to.be.at.least(CHECKED_RECORDS_MIN);
  });
});
