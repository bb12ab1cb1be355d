/**
 * The expression compiler contract: AST expression + the columns in scope → a typed closure over
 * a positional row. The analyzer decides what a row holds; the compiler only looks columns up.
 */
import type { Expression } from '../ast/expressions.js';
import type { FunctionRegistry } from '../functions/types.js';
import type { Type } from '../types/types.js';

/** One column a row carries at `index`. */
export interface ColumnBinding {
  readonly name: string;
  /** The source name or alias that qualifies it (`S1` in `S1.ID`); absent for derived columns. */
  readonly source?: string;
  readonly type: Type;
  readonly index: number;
  /**
   * The expression this column holds, when the engine computed it (an aggregate call replaced
   * by `KSQL_AGG_VARIABLE_0`): messages print it instead of the column's name, as ksqlDB does
   * (`Cannot compare SUM(VALUE) (BIGINT) to '100' (STRING) ...`).
   */
  readonly expression?: Expression;
}

export interface CompileScope {
  readonly columns: readonly ColumnBinding[];
  readonly registry: FunctionRegistry;
  /**
   * The clause being compiled, for ksqlDB's messages: `SELECT column 'BOB' cannot be resolved.`,
   * `WHERE column ...`, `Error in WHERE expression: ...`. Defaults to 'SELECT'.
   */
  readonly clause?: string;
  /** Receives a message for each row-level failure (the value becomes NULL); default: ignore. */
  readonly onError?: (message: string) => void;
  /** `CREATE TYPE` names (upper-case) for `CAST(x AS MY_TYPE)`; default: none. */
  readonly customTypes?: ReadonlyMap<string, Type>;
}

export interface CompiledExpression {
  /** null only for an untyped NULL (e.g. the literal `NULL` alone). */
  readonly type: Type | null;
  /** True when the value does not depend on the row (literals and functions of literals). */
  readonly constant: boolean;
  /** Never throws: a failure in a function, cast or arithmetic gives NULL and calls `onError`. */
  evaluate(row: readonly unknown[]): unknown;
}
