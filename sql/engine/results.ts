/**
 * What executing a statement gives back: structured, so the REPL can draw aligned tables or
 * print JSON, and the test runner can check outcomes. Values inside rows are SQL runtime values
 * (see types/types.ts); `renderValue` (formats) turns them into ksqlDB's text.
 */
import type { Type } from '../types/types.js';

export interface ResultColumn {
  readonly name: string;
  readonly type: Type;
}

export type StatementResult =
  /** DDL/DML done: `Stream created`, `Created query with ID CSAS_OUTPUT_0`, `Query terminated.`. */
  | { readonly kind: 'message'; readonly statementText: string; readonly message: string; readonly queryId?: string }
  /** SHOW / LIST / DESCRIBE / EXPLAIN: a titled table of plain values (strings, numbers, booleans). */
  | { readonly kind: 'table'; readonly statementText: string; readonly title?: string; readonly header: readonly string[]; readonly rows: readonly (readonly unknown[])[]; readonly footer?: string }
  /** A pull query: rows answered from state, then done. */
  | { readonly kind: 'rows'; readonly statementText: string; readonly columns: readonly ResultColumn[]; readonly rows: readonly (readonly unknown[])[] }
  /** A push query or PRINT: rows arrive until `limit` or until `cancel()`. */
  | { readonly kind: 'stream'; readonly statementText: string; readonly columns: readonly ResultColumn[]; readonly rows: AsyncIterable<readonly unknown[]>; cancel(): Promise<void> }
  /** SET / UNSET / DEFINE / UNDEFINE and the like: nothing to show beyond an optional note. */
  | { readonly kind: 'none'; readonly statementText: string; readonly note?: string };
