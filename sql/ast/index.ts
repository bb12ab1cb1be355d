/** The typed AST of Fjord SQL. */
export type { SourcePosition, NodeBase } from './node.js';
export type {
  SqlType, PrimitiveType, PrimitiveTypeName, DecimalType, ArrayType, MapType, StructType, StructField, CustomType,
} from './types.js';
export type {
  Expression, Literal, NullLiteral, BooleanLiteral, StringLiteral, IntegerLiteral, BigIntLiteral, DecimalLiteral,
  DoubleLiteral, LambdaVariable, ColumnRef, Dereference, Subscript, FunctionCall, IntervalUnit, LambdaExpression,
  ArrayConstructor, MapConstructor, StructConstructor, Cast, WhenClause, SearchedCase, SimpleCase, ArithmeticOperator,
  ArithmeticBinary, ArithmeticUnary, ComparisonOperator, Comparison, Between, InList, Like, IsNull, Not, LogicalBinary,
  TimeUnit, Duration,
} from './expressions.js';
export type {
  SelectItem, AllColumns, StructAll, SingleColumn, AliasedSource, WithinExpression, JoinType, JoinedSource,
  JoinRelation, Relation, TumblingWindow, HoppingWindow, SessionWindow, WindowExpression, Query,
} from './query.js';
export type {
  Statement, StatementBase, Property, TableElement, CreateSource, CreateAsSelect, InsertInto, InsertValues,
  CreateType, DropSource, DropType, Terminate, PauseResume, AlterSource, ListTarget, List, Describe, DescribeSources,
  DescribeFunction, Explain, Print, SetProperty, UnsetProperty, AlterSystemProperty, DefineVariable,
  UndefineVariable, RunScript, QueryStatement, AssertTopic, AssertSchema, CreateConnector, DropConnector,
  DescribeConnector,
} from './statements.js';
