/**
 * Kafka's transforms.util.Requirements: a transform states what shape it needs and fails with
 * Kafka's wording otherwise. In JavaScript a schemaless "Map" is a plain object (a Map is
 * accepted and turned into one); a Struct is a plain object with a struct schema.
 */
import { DataException } from '../../api/errors.js';
import { describe } from '../../api/data/logical-types.js';
import type { Schema } from '../../api/types.js';

/** A plain object (not an array, Buffer, Date or Map). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && !(v instanceof Map);
}

/** The schemaless value as a plain object, or Kafka's "Only Map objects supported" error. */
export function requireMap(value: unknown, purpose: string): Record<string, unknown> {
  if (value instanceof Map) return Object.fromEntries(value) as Record<string, unknown>;
  if (!isPlainObject(value)) {
    throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${describe(value)}`);
  }
  return value;
}

/** The schema'd value as a struct (plain object) whose schema is a struct schema. */
export function requireStruct(schema: Schema, value: unknown, purpose: string): Record<string, unknown> {
  if (schema.type !== 'struct' || !isPlainObject(value)) {
    throw new DataException(`Only Struct objects supported for [${purpose}], found: ${schema.type !== 'struct' ? schema.type.toUpperCase() : describe(value)}`);
  }
  return value;
}

/** A schema is required (Kafka's requireSchema). */
export function requireSchema(schema: Schema | null, purpose: string): Schema {
  if (schema === null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

/** obj[key] = value without letting "__proto__" change the prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The field's value, or its schema default when null and `replaceNullWithDefault` (Kafka's Struct.get vs getWithoutDefault). */
export function fieldValue(struct: Record<string, unknown>, name: string, schema: Schema | undefined, replaceNullWithDefault: boolean): unknown {
  const v = Object.hasOwn(struct, name) ? struct[name] : null;
  if ((v === null || v === undefined) && replaceNullWithDefault && schema?.default !== undefined) return schema.default;
  return v ?? null;
}
