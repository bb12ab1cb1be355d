/**
 * SQL types as written in the statement (`DECIMAL(4, 2)`, `ARRAY<STRUCT<a INT>>`, `MY_TYPE`).
 * Names of primitive types are upper-cased; anything that is not a known primitive is a
 * custom type name (resolved later against `CREATE TYPE` definitions).
 */
import { NodeBase } from './node.js';

/** The primitive type names ksqlDB knows, after alias folding (`INT` → `INTEGER`, `VARCHAR` → `STRING`). */
export type PrimitiveTypeName =
  | 'BOOLEAN'
  | 'INTEGER'
  | 'BIGINT'
  | 'DOUBLE'
  | 'STRING'
  | 'BYTES'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP';

export interface PrimitiveType extends NodeBase {
  kind: 'Primitive';
  name: PrimitiveTypeName;
}

export interface DecimalType extends NodeBase {
  kind: 'Decimal';
  precision: number;
  scale: number;
}

export interface ArrayType extends NodeBase {
  kind: 'Array';
  element: SqlType;
}

export interface MapType extends NodeBase {
  kind: 'Map';
  key: SqlType;
  value: SqlType;
}

export interface StructField {
  name: string;
  type: SqlType;
}

export interface StructType extends NodeBase {
  kind: 'Struct';
  fields: StructField[];
}

/** A name registered with `CREATE TYPE`. */
export interface CustomType extends NodeBase {
  kind: 'Custom';
  name: string;
}

export type SqlType = PrimitiveType | DecimalType | ArrayType | MapType | StructType | CustomType;
