/**
 * Ready-made Connect schemas (Kafka's Schema.INT32_SCHEMA, OPTIONAL_STRING_SCHEMA, ...) and small
 * helpers for building and reading them. Schemas are plain objects and treated as immutable:
 * helpers return new objects.
 */
import type { Schema, SchemaField, SchemaType } from '../types.js';

const PRIMITIVES: SchemaType[] = ['int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'boolean', 'string', 'bytes'];

/** Required primitive schemas by type. */
export const Schemas = Object.freeze(Object.fromEntries(PRIMITIVES.map((t) => [t, Object.freeze({ type: t })]))) as Readonly<Record<string, Schema>>;

/** Optional primitive schemas by type. */
export const OptionalSchemas = Object.freeze(
  Object.fromEntries(PRIMITIVES.map((t) => [t, Object.freeze({ type: t, optional: true })])),
) as Readonly<Record<string, Schema>>;

/** Kafka's Schema.STRING_SCHEMA. */
export const STRING_SCHEMA: Schema = Schemas.string;
/** Kafka's Schema.OPTIONAL_STRING_SCHEMA. */
export const OPTIONAL_STRING_SCHEMA: Schema = OptionalSchemas.string;
/** Kafka's Schema.BYTES_SCHEMA. */
export const BYTES_SCHEMA: Schema = Schemas.bytes;
/** Kafka's Schema.OPTIONAL_BYTES_SCHEMA. */
export const OPTIONAL_BYTES_SCHEMA: Schema = OptionalSchemas.bytes;

/** Whether a schema type is primitive (not array, map or struct). */
export function isPrimitive(type: SchemaType): boolean {
  return PRIMITIVES.includes(type);
}

/** A struct schema from `[name, schema]` pairs. */
export function structSchema(fields: [string, Schema][], extra: Partial<Schema> = {}): Schema {
  return { type: 'struct', fields: fields.map(([field, schema]) => ({ field, schema })), ...extra };
}

/** The same schema, optional. */
export function asOptional(schema: Schema): Schema {
  return schema.optional ? schema : { ...schema, optional: true };
}

/** A struct schema's field by name, or undefined. */
export function fieldOf(schema: Schema, name: string): SchemaField | undefined {
  return schema.fields?.find((f) => f.field === name);
}

/** Copies a struct schema's header (name, version, doc, optional, parameters, default) without fields. */
export function structHeader(schema: Schema): Schema {
  const { fields: _fields, ...rest } = schema;
  return { ...rest, type: 'struct' };
}
