/**
 * Resolved SQL types: what the analyzer, the expression compiler, the functions and the formats
 * agree on. Unlike the AST's `SqlType` these carry no source location and no custom names
 * (`CREATE TYPE` names are resolved away by `fromAstType`).
 *
 * Runtime values (the contract every module follows):
 * | type      | JS value                                                        |
 * |-----------|-----------------------------------------------------------------|
 * | BOOLEAN   | boolean                                                         |
 * | INTEGER   | number (a 32-bit integer)                                       |
 * | BIGINT    | bigint (64-bit, never a number)                                 |
 * | DOUBLE    | number                                                          |
 * | DECIMAL   | `Decimal` (decimal.ts), scale equal to the type's scale         |
 * | STRING    | string                                                          |
 * | BYTES     | Buffer                                                          |
 * | DATE      | number: days since 1970-01-01                                   |
 * | TIME      | number: milliseconds since midnight                             |
 * | TIMESTAMP | number: milliseconds since the epoch (UTC)                      |
 * | ARRAY     | unknown[]                                                       |
 * | MAP       | Map<unknown, unknown> (insertion order kept)                    |
 * | STRUCT    | Record<string, unknown>, one property per field, by field name  |
 * SQL NULL is `null` everywhere (never `undefined`).
 */
import type { SqlType as AstType } from '../ast/types.js';

export type PrimitiveKind = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'BYTES' | 'DATE' | 'TIME' | 'TIMESTAMP';

export interface PrimitiveType {
  readonly kind: PrimitiveKind;
}
export interface DecimalType {
  readonly kind: 'DECIMAL';
  readonly precision: number;
  readonly scale: number;
}
export interface ArrayType {
  readonly kind: 'ARRAY';
  readonly element: Type;
}
export interface MapType {
  readonly kind: 'MAP';
  readonly key: Type;
  readonly value: Type;
}
export interface StructField {
  readonly name: string;
  readonly type: Type;
}
export interface StructType {
  readonly kind: 'STRUCT';
  readonly fields: readonly StructField[];
}

export type Type = PrimitiveType | DecimalType | ArrayType | MapType | StructType;

export const BOOLEAN: PrimitiveType = { kind: 'BOOLEAN' };
export const INTEGER: PrimitiveType = { kind: 'INTEGER' };
export const BIGINT: PrimitiveType = { kind: 'BIGINT' };
export const DOUBLE: PrimitiveType = { kind: 'DOUBLE' };
export const STRING: PrimitiveType = { kind: 'STRING' };
export const BYTES: PrimitiveType = { kind: 'BYTES' };
export const DATE: PrimitiveType = { kind: 'DATE' };
export const TIME: PrimitiveType = { kind: 'TIME' };
export const TIMESTAMP: PrimitiveType = { kind: 'TIMESTAMP' };

export const decimal = (precision: number, scale: number): DecimalType => ({ kind: 'DECIMAL', precision, scale });
export const array = (element: Type): ArrayType => ({ kind: 'ARRAY', element });
export const map = (key: Type, value: Type): MapType => ({ kind: 'MAP', key, value });
export const struct = (fields: readonly StructField[]): StructType => ({ kind: 'STRUCT', fields });

const PRIMITIVES: Record<PrimitiveKind, PrimitiveType> = { BOOLEAN, INTEGER, BIGINT, DOUBLE, STRING, BYTES, DATE, TIME, TIMESTAMP };

export function primitive(kind: PrimitiveKind): PrimitiveType {
  return PRIMITIVES[kind];
}

export function isNumeric(t: Type): boolean {
  return t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'DOUBLE' || t.kind === 'DECIMAL';
}

export function typesEqual(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'DECIMAL': return a.precision === (b as DecimalType).precision && a.scale === (b as DecimalType).scale;
    case 'ARRAY': return typesEqual(a.element, (b as ArrayType).element);
    case 'MAP': return typesEqual(a.key, (b as MapType).key) && typesEqual(a.value, (b as MapType).value);
    case 'STRUCT': {
      const bf = (b as StructType).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && typesEqual(f.type, bf[i]!.type));
    }
    default: return true;
  }
}

/** Quotes a name as ksqlDB prints it inside types and schemas: `` `ID` ``. */
export function quoteName(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** ksqlDB's rendering: `INTEGER`, `DECIMAL(12, 2)`, `ARRAY<BIGINT>`, `MAP<STRING, INTEGER>`, ``STRUCT<`F0` BIGINT>``. */
export function formatType(t: Type): string {
  switch (t.kind) {
    case 'DECIMAL': return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ARRAY': return `ARRAY<${formatType(t.element)}>`;
    case 'MAP': return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'STRUCT': return `STRUCT<${t.fields.map((f) => `${quoteName(f.name)} ${formatType(f.type)}`).join(', ')}>`;
    default: return t.kind;
  }
}

/** Thrown for a custom type name that `CREATE TYPE` never registered. */
export class UnknownTypeError extends Error {
  constructor(readonly typeName: string) {
    super(`Unknown type: ${typeName}`);
    this.name = 'UnknownTypeError';
  }
}

/** AST type → resolved type; custom names are looked up in `customTypes` (upper-case names). */
export function fromAstType(t: AstType, customTypes: ReadonlyMap<string, Type> = new Map()): Type {
  switch (t.kind) {
    case 'Primitive': return primitive(t.name);
    case 'Decimal': return decimal(t.precision, t.scale);
    case 'Array': return array(fromAstType(t.element, customTypes));
    case 'Map': return map(fromAstType(t.key, customTypes), fromAstType(t.value, customTypes));
    case 'Struct': return struct(t.fields.map((f) => ({ name: f.name, type: fromAstType(f.type, customTypes) })));
    case 'Custom': {
      const found = customTypes.get(t.name.toUpperCase()) ?? customTypes.get(t.name);
      if (found === undefined) throw new UnknownTypeError(t.name);
      return found;
    }
  }
}
