/**
 * Expression nodes. Identifiers are already normalised as ksqlDB does: unquoted names are
 * upper-cased, quoted (`"x"`, `` `x` ``) names keep their case.
 */
import { NodeBase } from './node.js';
import { SqlType } from './types.js';

export interface NullLiteral extends NodeBase {
  kind: 'NullLiteral';
}

export interface BooleanLiteral extends NodeBase {
  kind: 'BooleanLiteral';
  value: boolean;
}

export interface StringLiteral extends NodeBase {
  kind: 'StringLiteral';
  value: string;
}

/** An integer literal that fits a 32-bit INT. */
export interface IntegerLiteral extends NodeBase {
  kind: 'IntegerLiteral';
  value: number;
}

/** An integer literal too large for INT but within BIGINT. */
export interface BigIntLiteral extends NodeBase {
  kind: 'BigIntLiteral';
  value: bigint;
}

/** `1.50`: a DECIMAL whose precision and scale come from the digits written. */
export interface DecimalLiteral extends NodeBase {
  kind: 'DecimalLiteral';
  /** The digits as written, with any leading minus (`-1.50`). */
  lexeme: string;
  precision: number;
  scale: number;
}

/** `1.5E3`: a DOUBLE. */
export interface DoubleLiteral extends NodeBase {
  kind: 'DoubleLiteral';
  value: number;
  /** The number as written (`1.5E3`). */
  lexeme: string;
}

/** Constants. */
export type Literal =
  | NullLiteral
  | BooleanLiteral
  | StringLiteral
  | IntegerLiteral
  | BigIntLiteral
  | DecimalLiteral
  | DoubleLiteral;

/** `col` or `src.col`. */
export interface ColumnRef extends NodeBase {
  kind: 'ColumnRef';
  name: string;
  /** The source name or alias before the dot, when qualified. */
  source?: string;
}

/** A lambda parameter used in the lambda's body (`x` in `x => x + 1`). */
export interface LambdaVariable extends NodeBase {
  kind: 'LambdaVariable';
  name: string;
}

/** `base->field`. */
export interface Dereference extends NodeBase {
  kind: 'Dereference';
  base: Expression;
  field: string;
}

/** `base[index]` on an array (1-based, negative from the end) or a map. */
export interface Subscript extends NodeBase {
  kind: 'Subscript';
  base: Expression;
  index: Expression;
}

/** `f(a, b)`, `COUNT(*)` (`star`), `f(arr, x => x + 1)`. `a || b` becomes `CONCAT(a, b)`. */
export interface FunctionCall extends NodeBase {
  kind: 'FunctionCall';
  /** Upper-cased unless quoted. */
  name: string;
  args: Expression[];
  /** True for `f(*)`; `args` is then empty. */
  star: boolean;
}

/** A time unit given as a function argument: `TIMESTAMPADD(SECONDS, 5, ts)`. */
export interface IntervalUnit extends NodeBase {
  kind: 'IntervalUnit';
  unit: TimeUnit;
}

/** `x => x + 1`, `(k, v) => v`: only valid as a function argument. */
export interface LambdaExpression extends NodeBase {
  kind: 'Lambda';
  params: string[];
  body: Expression;
}

export interface ArrayConstructor extends NodeBase {
  kind: 'ArrayConstructor';
  elements: Expression[];
}

export interface MapConstructor extends NodeBase {
  kind: 'MapConstructor';
  entries: { key: Expression; value: Expression }[];
}

export interface StructConstructor extends NodeBase {
  kind: 'StructConstructor';
  fields: { name: string; value: Expression }[];
}

export interface Cast extends NodeBase {
  kind: 'Cast';
  expression: Expression;
  type: SqlType;
}

export interface WhenClause {
  condition: Expression;
  result: Expression;
}

/** `CASE WHEN cond THEN r ... [ELSE e] END`. */
export interface SearchedCase extends NodeBase {
  kind: 'SearchedCase';
  whens: WhenClause[];
  else?: Expression;
}

/** `CASE operand WHEN value THEN r ... [ELSE e] END`. */
export interface SimpleCase extends NodeBase {
  kind: 'SimpleCase';
  operand: Expression;
  whens: WhenClause[];
  else?: Expression;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

export interface ArithmeticBinary extends NodeBase {
  kind: 'ArithmeticBinary';
  op: ArithmeticOperator;
  left: Expression;
  right: Expression;
}

export interface ArithmeticUnary extends NodeBase {
  kind: 'ArithmeticUnary';
  op: '+' | '-';
  operand: Expression;
}

/** ksqlDB's names for the comparison operators (they appear in its error messages). */
export type ComparisonOperator =
  | 'EQUAL'
  | 'NOT_EQUAL'
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUAL'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUAL'
  | 'IS_DISTINCT_FROM'
  | 'IS_NOT_DISTINCT_FROM';

export interface Comparison extends NodeBase {
  kind: 'Comparison';
  op: ComparisonOperator;
  left: Expression;
  right: Expression;
}

export interface Between extends NodeBase {
  kind: 'Between';
  value: Expression;
  min: Expression;
  max: Expression;
  negated: boolean;
}

export interface InList extends NodeBase {
  kind: 'InList';
  value: Expression;
  list: Expression[];
  negated: boolean;
}

export interface Like extends NodeBase {
  kind: 'Like';
  value: Expression;
  pattern: Expression;
  /** The single escape character of `ESCAPE 'c'`. */
  escape?: string;
  negated: boolean;
}

export interface IsNull extends NodeBase {
  kind: 'IsNull';
  value: Expression;
  negated: boolean;
}

export interface Not extends NodeBase {
  kind: 'Not';
  operand: Expression;
}

export interface LogicalBinary extends NodeBase {
  kind: 'LogicalBinary';
  op: 'AND' | 'OR';
  left: Expression;
  right: Expression;
}

/** Every expression form, discriminated by `kind`. */
export type Expression =
  | Literal
  | ColumnRef
  | LambdaVariable
  | Dereference
  | Subscript
  | FunctionCall
  | IntervalUnit
  | LambdaExpression
  | ArrayConstructor
  | MapConstructor
  | StructConstructor
  | Cast
  | SearchedCase
  | SimpleCase
  | ArithmeticBinary
  | ArithmeticUnary
  | Comparison
  | Between
  | InList
  | Like
  | IsNull
  | Not
  | LogicalBinary;

/** Time units of windows, `WITHIN`, `GRACE PERIOD`, ... folded to the plural spelling. */
export type TimeUnit = 'MILLISECONDS' | 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

/** `10 SECONDS`. */
export interface Duration extends NodeBase {
  value: number;
  unit: TimeUnit;
  /** `value` in milliseconds. */
  ms: number;
}
