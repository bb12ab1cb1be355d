/**
 * The formats contract: key and value serdes for SQL rows in ksqlDB's formats (JSON, DELIMITED,
 * KAFKA, NONE). A serde carries the column values positionally (`row[i]` is `columns[i]`), typed
 * as in `types/types.ts`; `null` is a null key / tombstone value.
 */
import type { Serde } from '../../core/streams/serdes/serde.js';
import type { Type } from '../types/types.js';

export interface FormatColumn {
  readonly name: string;
  readonly type: Type;
}

export interface FormatOptions {
  /** Upper-case format name as written (`JSON`); unknown names fail with `Unknown format: FOO`. */
  readonly format: string;
  /** `WRAP_SINGLE_VALUE` (values only): false writes a single column as a bare value. */
  readonly wrapSingleValue?: boolean;
  /** `VALUE_DELIMITER` / `KEY_DELIMITER` for DELIMITED (`,` by default; `TAB`, `SPACE` named). */
  readonly delimiter?: string;
}

/**
 * A serde over rows. `deserialize` throws a clear error for bytes that do not fit the schema (naming
 * the topic and what was wrong); the query drops that record and logs it, as ksqlDB does.
 */
export type RowSerde = Serde<unknown[]>;

export type SerdeTarget = 'key' | 'value';

/** How a query reads a topic's rows. */
export interface ReadOptions {
  /**
   * Positions of columns no part of the query reads: a reader may leave them NULL rather than
   * build their values. Their values are still checked, so a record that cannot be read is
   * still refused.
   */
  readonly unread?: readonly number[];
}
