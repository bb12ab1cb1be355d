/**
 * A relation while a query is being planned: the DSL stream or table carrying rows, the row's
 * layout, and what the record key currently holds (key parts, each with the expression over the
 * row that equals it, so the projection can find it).
 */
import type { Expression } from '../../ast/expressions.js';
import type { KStream } from '../../../core/streams/dsl/kstream.js';
import type { KTable } from '../../../core/streams/dsl/ktable.js';
import type { Type } from '../../types/types.js';
import type { SourceWindow } from '../catalog.js';
import type { RowColumn } from './row.js';

/** A row: column values in the stage's layout. */
export type Row = unknown[];

/**
 * Rows of stream records whose value was null (tombstones): the value columns are NULL but the
 * key and system columns are real, so PARTITION BY still sees the key; the projection turns them
 * back into null values and WHERE drops them. The mark is a hidden symbol-keyed property of the row
 * (checked on every record: cheaper than a WeakSet lookup); like membership of a set, a copy of
 * the row does not carry it.
 */
const TOMBSTONE = Symbol('tombstone');

export function markTombstone(row: Row): void {
  // Not enumerable: invisible to anything that walks the row's properties.
  Object.defineProperty(row, TOMBSTONE, { value: true });
}

export function isTombstone(row: Row | null): boolean {
  return row === null || (row as Row & { [TOMBSTONE]?: true })[TOMBSTONE] === true;
}

/** The record key: the key columns' values in order (null for a stream without key columns). */
export type KeyRow = unknown[] | null;

export interface KeyPart {
  /** The name the key column takes in the output unless the projection aliases it. */
  readonly name: string;
  readonly type: Type;
  /** Expressions over the stage's row equal to this key part (a projection item matching one of them selects the key). */
  readonly expressions: readonly Expression[];
  /** How ksqlDB names it in "must include ..." messages (`ID`, `ABS(INPUT.ID)`). */
  readonly description: string;
}

/** Why the key is what it is: picks ksqlDB's message when the projection omits it. */
export type KeyOrigin = 'source' | 'group-by' | 'partition-by' | 'join' | 'fk-join';

export interface StreamStage {
  readonly kind: 'stream';
  readonly stream: KStream<any, Row | null>;
  readonly columns: readonly RowColumn[];
  readonly key: readonly KeyPart[];
  readonly keyOrigin: KeyOrigin;
  readonly window?: SourceWindow;
}

export interface TableStage {
  readonly kind: 'table';
  /** FK joins: the left table's alias, named when its key columns are missing from the projection. */
  readonly fkLeftSource?: string;
  readonly table: KTable<any, Row>;
  readonly columns: readonly RowColumn[];
  readonly key: readonly KeyPart[];
  readonly keyOrigin: KeyOrigin;
  readonly window?: SourceWindow;
}

export type Stage = StreamStage | TableStage;
