/**
 * Connect schemas as JSON, in Kafka JsonConverter's layout: a struct's `fields` are schemas
 * with a `field` key; arrays have `items`; maps `keys` and `values`; then `optional`, `name`,
 * `version`, `doc`, `parameters`, `default` (the default written as JSON data of the schema).
 */
import { DataException } from '../errors.js';
import type { JsonTree } from '../data/json-text.js';
import type { Schema, SchemaType } from '../types.js';

const TYPES: SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes', 'array', 'map', 'struct'];

type JsonObject = { [key: string]: JsonTree };

/** How defaults are written/read: the converter's own value conversion, passed in. */
export interface DefaultCodec {
  toJson(schema: Schema, value: unknown): JsonTree;
  fromJson(schema: Schema, json: JsonTree): unknown;
}

/** Kafka's JsonConverter.asJsonSchema. */
export function schemaToJson(schema: Schema, codec: DefaultCodec): JsonObject {
  const out: JsonObject = { type: schema.type };
  if (schema.type === 'struct') {
    out.fields = (schema.fields ?? []).map((f) => ({ ...schemaToJson(f.schema, codec), field: f.field }));
  } else if (schema.type === 'array') {
    if (!schema.items) throw new DataException('Array schema has no items schema');
    out.items = schemaToJson(schema.items, codec);
  } else if (schema.type === 'map') {
    if (!schema.keys || !schema.values) throw new DataException('Map schema needs keys and values schemas');
    out.keys = schemaToJson(schema.keys, codec);
    out.values = schemaToJson(schema.values, codec);
  }
  out.optional = schema.optional ?? false;
  if (schema.name !== undefined) out.name = schema.name;
  if (schema.version !== undefined) out.version = schema.version;
  if (schema.doc !== undefined) out.doc = schema.doc;
  if (schema.parameters !== undefined) out.parameters = { ...schema.parameters };
  if (schema.default !== undefined && schema.default !== null) out.default = codec.toJson(schema, schema.default);
  return out;
}

/** Kafka's JsonConverter.asConnectSchema; `where` names the place in the schema for errors. */
export function schemaFromJson(json: JsonTree, codec: DefaultCodec, where = 'schema'): Schema | null {
  if (json === null) return null;
  if (typeof json !== 'object' || Array.isArray(json)) throw new DataException(`${where} must be a JSON object`);
  const obj = json as JsonObject;
  const type = obj.type;
  if (typeof type !== 'string') throw new DataException(`${where}: Schema must contain 'type' field`);
  if (!TYPES.includes(type as SchemaType)) throw new DataException(`${where}: Unknown schema type: ${type}`);
  const schema: Schema = { type: type as SchemaType };
  if (type === 'struct') {
    const fields = obj.fields;
    if (!Array.isArray(fields)) throw new DataException(`${where}: Struct schema's "fields" argument is not an array.`);
    schema.fields = fields.map((f, i) => {
      const name = (f as JsonObject | null)?.field;
      if (typeof name !== 'string') throw new DataException(`${where}.fields[${i}]: Struct schema's field name not specified properly`);
      return { field: name, schema: schemaFromJson(f, codec, `${where}.${name}`)! };
    });
  } else if (type === 'array') {
    if (obj.items === undefined || obj.items === null) throw new DataException(`${where}: Array schema did not specify the element type`);
    schema.items = schemaFromJson(obj.items, codec, `${where}.items`)!;
  } else if (type === 'map') {
    if (obj.keys === undefined || obj.keys === null) throw new DataException(`${where}: Map schema did not specify the key type`);
    if (obj.values === undefined || obj.values === null) throw new DataException(`${where}: Map schema did not specify the value type`);
    schema.keys = schemaFromJson(obj.keys, codec, `${where}.keys`)!;
    schema.values = schemaFromJson(obj.values, codec, `${where}.values`)!;
  }
  if (obj.optional === true) schema.optional = true;
  if (typeof obj.name === 'string') schema.name = obj.name;
  if (typeof obj.version === 'number') schema.version = obj.version;
  if (typeof obj.doc === 'string') schema.doc = obj.doc;
  if (obj.parameters !== undefined && obj.parameters !== null) {
    if (typeof obj.parameters !== 'object' || Array.isArray(obj.parameters)) throw new DataException(`${where}: Schema parameters must be a JSON object`);
    schema.parameters = Object.fromEntries(Object.entries(obj.parameters as JsonObject).map(([k, v]) => [k, String(v)]));
  }
  if (obj.default !== undefined && obj.default !== null) schema.default = codec.fromJson(schema, obj.default);
  return schema;
}
