/**
 * Reading ksqlDB qtt cases for the format tests: the columns and formats a CREATE statement
 * declares, and case records turned into topic bytes and back (as the ksql-test-runner would).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseStatements } from '../../../sql/index.js';
import type { CreateAsSelect, CreateSource, Property } from '../../../sql/ast/statements.js';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import type { FormatColumn, FormatOptions, RowSerde, SerdeTarget } from '../../../sql/formats/types.js';
import { parseJson, stringifyJson, type JsonNode } from '../../../sql/types/json.js';
import { valueToJsonNode } from '../../../sql/types/render.js';
import { fromAstType } from '../../../sql/types/types.js';

export const QTT_DIR = path.resolve('../shared/ksql-qtt');

export interface QttCase {
  id: string;
  statements: string;
  inputs: Array<Map<string, JsonNode>>;
  outputs: Array<Map<string, JsonNode>>;
  meta: Map<string, JsonNode>;
}

export function readCase(id: string): QttCase {
  const dir = path.join(QTT_DIR, id);
  const records = (file: string, field: string): Array<Map<string, JsonNode>> => {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) return [];
    return ((parseJson(fs.readFileSync(p, 'utf8')) as Map<string, JsonNode>).get(field) ?? []) as Array<Map<string, JsonNode>>;
  };
  return {
    id,
    statements: fs.readFileSync(path.join(dir, 'statements.sql'), 'utf8'),
    inputs: records('input.json', 'inputs'),
    outputs: records('output.json', 'outputs'),
    meta: parseJson(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Map<string, JsonNode>,
  };
}

export function allCaseIds(): string[] {
  return fs.readdirSync(QTT_DIR).filter((d) => fs.existsSync(path.join(QTT_DIR, d, 'statements.sql'))).sort();
}

export interface SourceLayout {
  keyColumns: FormatColumn[];
  valueColumns: FormatColumn[];
  keyFormat: FormatOptions;
  valueFormat: FormatOptions;
}

function props(list: readonly Property[]): Map<string, string | boolean> {
  const out = new Map<string, string | boolean>();
  for (const p of list) {
    const v = p.value as { kind: string; value: unknown };
    out.set(p.name, typeof v.value === 'boolean' ? v.value : String(v.value));
  }
  return out;
}

function formats(p: Map<string, string | boolean>, base?: SourceLayout): { key: FormatOptions; value: FormatOptions } {
  const both = p.get('FORMAT') as string | undefined;
  const keyName = (p.get('KEY_FORMAT') as string | undefined) ?? both ?? base?.keyFormat.format ?? 'KAFKA';
  const valueName = (p.get('VALUE_FORMAT') as string | undefined) ?? both ?? base?.valueFormat.format ?? 'JSON';
  const keyDelimiter = (p.get('KEY_DELIMITER') as string | undefined) ?? (keyName === base?.keyFormat.format ? base?.keyFormat.delimiter : undefined);
  const valueDelimiter = (p.get('VALUE_DELIMITER') as string | undefined) ?? (valueName === base?.valueFormat.format ? base?.valueFormat.delimiter : undefined);
  const wrapText = p.get('WRAP_SINGLE_VALUE');
  const wrap = wrapText === undefined ? undefined : String(wrapText).toLowerCase() === 'true';
  return {
    key: { format: keyName.toUpperCase(), ...(keyDelimiter === undefined ? {} : { delimiter: keyDelimiter }) },
    value: { format: valueName.toUpperCase(), ...(valueDelimiter === undefined ? {} : { delimiter: valueDelimiter }), ...(wrap === undefined ? {} : { wrapSingleValue: wrap }) },
  };
}

/** The layout a `CREATE STREAM|TABLE (...)` declares (header columns left out). */
export function layoutOf(stmt: CreateSource): SourceLayout {
  const cols = stmt.elements.filter((e) => e.headers === undefined);
  const f = formats(props(stmt.properties));
  return {
    keyColumns: cols.filter((e) => e.key !== undefined).map((e) => ({ name: e.name, type: fromAstType(e.type) })),
    valueColumns: cols.filter((e) => e.key === undefined).map((e) => ({ name: e.name, type: fromAstType(e.type) })),
    keyFormat: f.key,
    valueFormat: f.value,
  };
}

/** The layout of `CREATE ... AS SELECT * FROM source` over `base`, with its WITH overrides. */
export function passThroughLayout(stmt: CreateAsSelect, base: SourceLayout, wrapDefault?: boolean): SourceLayout {
  const f = formats(props(stmt.properties), base);
  const value = f.value.wrapSingleValue === undefined && wrapDefault !== undefined && base.valueColumns.length === 1 ? { ...f.value, wrapSingleValue: wrapDefault } : f.value;
  return { keyColumns: base.keyColumns, valueColumns: base.valueColumns, keyFormat: f.key, valueFormat: value };
}

export function parseCase(text: string): Array<CreateSource | CreateAsSelect> {
  const r = parseStatements(text);
  if (r.errors.length > 0) throw new Error(r.errors[0]!.message);
  return r.statements as Array<CreateSource | CreateAsSelect>;
}

/** Case-record node → topic bytes for one side, as the ksql-test-runner writes them. */
export function encodeSide(node: JsonNode, columns: FormatColumn[], options: FormatOptions, target: SerdeTarget): Buffer | null {
  if (node === null) return null;
  switch (options.format) {
    case 'JSON': return Buffer.from(stringifyJson(node), 'utf8');
    case 'DELIMITED': return Buffer.from(typeof node === 'string' ? node : stringifyJson(node), 'utf8');
    case 'KAFKA': {
      const reader = createRowSerde(columns, { format: 'JSON', wrapSingleValue: false }, 'value');
      return createRowSerde(columns, options, target).serialize('t', reader.deserialize('t', Buffer.from(stringifyJson(node))));
    }
    default: return null;
  }
}

/** Topic bytes → the node output.json would show for them. */
export function decodeSide(bytes: Buffer | null, columns: FormatColumn[], options: FormatOptions, serde: RowSerde): JsonNode {
  if (bytes === null) return null;
  switch (options.format) {
    case 'JSON': return parseJson(bytes.toString('utf8'));
    case 'DELIMITED': return bytes.toString('utf8');
    case 'KAFKA': {
      const row = serde.deserialize('t', bytes);
      return row === null ? null : valueToJsonNode(row[0], columns[0]!.type);
    }
    default: return null;
  }
}
