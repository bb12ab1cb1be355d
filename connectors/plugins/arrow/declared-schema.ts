/**
 * Parses `arrow.schema`: a Connect struct schema in the JSON converter's envelope shape, e.g.
 * `{"type":"struct","fields":[{"field":"id","type":"int64"},{"field":"name","type":"string","optional":true}]}`.
 * Pure; returns the schema or a message naming what is wrong.
 */
import type { Schema, SchemaType } from '../../api/types.js';

const TYPES: SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array', 'map', 'struct'];

export function parseDeclaredSchema(text: string): { ok: true; schema: Schema } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
  const top = json as { type?: unknown; fields?: unknown };
  if (typeof json !== 'object' || json === null || top.type !== 'struct' || !Array.isArray(top.fields)) {
    return { ok: false, message: 'expected {"type":"struct","fields":[...]}' };
  }
  const fields: Schema['fields'] = [];
  for (const [i, raw] of top.fields.entries()) {
    const f = raw as { field?: unknown; type?: unknown; optional?: unknown; name?: unknown };
    if (typeof f?.field !== 'string' || f.field === '') return { ok: false, message: `fields[${i}] has no "field" name` };
    if (typeof f.type !== 'string' || !TYPES.includes(f.type as SchemaType)) {
      return { ok: false, message: `fields[${i}] ("${f.field}") has type ${JSON.stringify(f.type)}; use one of ${TYPES.join(', ')}` };
    }
    fields.push({
      field: f.field,
      schema: { type: f.type as SchemaType, optional: f.optional === true, ...(typeof f.name === 'string' ? { name: f.name } : {}) },
    });
  }
  return { ok: true, schema: { type: 'struct', fields } };
}
