/** Statement nodes: one per ksqlDB statement form. */
import { Duration, Expression, Literal } from './expressions.js';
import { NodeBase } from './node.js';
import { Query } from './query.js';
import { SqlType } from './types.js';

/** Fields every statement carries. */
export interface StatementBase extends NodeBase {
  /** The statement's text as written, from its first token through its `;`. */
  text: string;
}

/** One `name = value` of a WITH clause. Names are upper-cased (`KAFKA_TOPIC`). */
export interface Property extends NodeBase {
  name: string;
  value: Literal;
}

/** A column of `CREATE STREAM|TABLE (...)`. */
export interface TableElement extends NodeBase {
  name: string;
  type: SqlType;
  /** `KEY` (streams) or `PRIMARY KEY` (tables). */
  key?: 'KEY' | 'PRIMARY KEY';
  /** `HEADERS` (all headers) or `HEADER('k')` (the header with key `k`). */
  headers?: { key?: string };
}

/** `CREATE [OR REPLACE] [SOURCE] STREAM|TABLE [IF NOT EXISTS] name [(cols)] [WITH (...)]`. */
export interface CreateSource extends StatementBase {
  kind: 'CreateSource';
  sourceType: 'STREAM' | 'TABLE';
  name: string;
  orReplace: boolean;
  ifNotExists: boolean;
  /** `CREATE SOURCE STREAM|TABLE`: read-only. */
  isSource: boolean;
  elements: TableElement[];
  properties: Property[];
}

/** `CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name [WITH (...)] AS SELECT ...`. */
export interface CreateAsSelect extends StatementBase {
  kind: 'CreateAsSelect';
  sourceType: 'STREAM' | 'TABLE';
  name: string;
  orReplace: boolean;
  ifNotExists: boolean;
  properties: Property[];
  query: Query;
}

/** `INSERT INTO name [WITH (...)] SELECT ...`. */
export interface InsertInto extends StatementBase {
  kind: 'InsertInto';
  target: string;
  properties: Property[];
  query: Query;
}

/** `INSERT INTO name [(cols)] VALUES (...)`. */
export interface InsertValues extends StatementBase {
  kind: 'InsertValues';
  target: string;
  /** Absent when the statement names no columns (all columns in order). */
  columns?: string[];
  values: Expression[];
}

/** `CREATE TYPE [IF NOT EXISTS] name AS type`. */
export interface CreateType extends StatementBase {
  kind: 'CreateType';
  name: string;
  type: SqlType;
  ifNotExists: boolean;
}

/** `DROP STREAM|TABLE [IF EXISTS] name [DELETE TOPIC]`. */
export interface DropSource extends StatementBase {
  kind: 'DropSource';
  sourceType: 'STREAM' | 'TABLE';
  name: string;
  ifExists: boolean;
  deleteTopic: boolean;
}

/** `DROP TYPE [IF EXISTS] name`. */
export interface DropType extends StatementBase {
  kind: 'DropType';
  name: string;
  ifExists: boolean;
}

/** `TERMINATE queryId` or `TERMINATE ALL` (`queryId` absent). */
export interface Terminate extends StatementBase {
  kind: 'Terminate';
  queryId?: string;
}

/** `PAUSE queryId | ALL` and `RESUME queryId | ALL` (`queryId` absent for ALL). */
export interface PauseResume extends StatementBase {
  kind: 'PauseQuery' | 'ResumeQuery';
  queryId?: string;
}

/** `ALTER STREAM|TABLE name ADD [COLUMN] c type, ...`. */
export interface AlterSource extends StatementBase {
  kind: 'AlterSource';
  sourceType: 'STREAM' | 'TABLE';
  name: string;
  columns: { name: string; type: SqlType }[];
}

/** What SHOW/LIST lists. */
export type ListTarget =
  | 'STREAMS'
  | 'TABLES'
  | 'QUERIES'
  | 'TOPICS'
  | 'PROPERTIES'
  | 'FUNCTIONS'
  | 'TYPES'
  | 'VARIABLES'
  | 'CONNECTORS'
  | 'PLUGINS';

/** `SHOW|LIST STREAMS|TABLES|QUERIES|TOPICS|... [EXTENDED]` (`SHOW ALL TOPICS` sets `all`). */
export interface List extends StatementBase {
  kind: 'List';
  /** `PLUGINS` stands for `SHOW CONNECTOR PLUGINS`. */
  target: ListTarget;
  extended: boolean;
  all: boolean;
  /** `SHOW SOURCE CONNECTORS` / `SHOW SINK CONNECTORS`. */
  connectorType?: 'SOURCE' | 'SINK';
}

/** `CREATE SOURCE|SINK CONNECTOR [IF NOT EXISTS] name WITH (...)`. */
export interface CreateConnector extends StatementBase {
  kind: 'CreateConnector';
  connectorType: 'SOURCE' | 'SINK';
  name: string;
  ifNotExists: boolean;
  /** Connector configs; quoted names keep their case (`'connector.class'`). */
  properties: Property[];
}

/** `DROP CONNECTOR [IF EXISTS] name`. */
export interface DropConnector extends StatementBase {
  kind: 'DropConnector';
  name: string;
  ifExists: boolean;
}

/** `DESCRIBE CONNECTOR name`. */
export interface DescribeConnector extends StatementBase {
  kind: 'DescribeConnector';
  name: string;
}

/** `DESCRIBE name [EXTENDED]`. */
export interface Describe extends StatementBase {
  kind: 'Describe';
  name: string;
  extended: boolean;
}

/** `DESCRIBE STREAMS|TABLES [EXTENDED]`. */
export interface DescribeSources extends StatementBase {
  kind: 'DescribeSources';
  target: 'STREAMS' | 'TABLES';
  extended: boolean;
}

/** `DESCRIBE FUNCTION name`. */
export interface DescribeFunction extends StatementBase {
  kind: 'DescribeFunction';
  name: string;
}

/** `EXPLAIN statement` or `EXPLAIN queryId`. */
export interface Explain extends StatementBase {
  kind: 'Explain';
  statement?: Statement;
  queryId?: string;
}

/** `PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n]`. */
export interface Print extends StatementBase {
  kind: 'Print';
  /** Unquoted names are upper-cased; `'quoted'` names are kept as written. */
  topic: string;
  fromBeginning: boolean;
  interval?: number;
  limit?: number;
}

/** `SET 'name' = 'value'`. */
export interface SetProperty extends StatementBase {
  kind: 'SetProperty';
  name: string;
  value: string;
}

/** `UNSET 'name'`. */
export interface UnsetProperty extends StatementBase {
  kind: 'UnsetProperty';
  name: string;
}

/** `ALTER SYSTEM 'name' = 'value'`. */
export interface AlterSystemProperty extends StatementBase {
  kind: 'AlterSystemProperty';
  name: string;
  value: string;
}

/** `DEFINE name = 'value'`. */
export interface DefineVariable extends StatementBase {
  kind: 'DefineVariable';
  name: string;
  value: string;
}

/** `UNDEFINE name`. */
export interface UndefineVariable extends StatementBase {
  kind: 'UndefineVariable';
  name: string;
}

/** `RUN SCRIPT 'path'`. */
export interface RunScript extends StatementBase {
  kind: 'RunScript';
  path: string;
}

/** A SELECT on its own: a push query (with EMIT) or a pull query (without). */
export interface QueryStatement extends StatementBase {
  kind: 'QueryStatement';
  query: Query;
}

/** `ASSERT [NOT EXISTS] TOPIC name [WITH (...)] [TIMEOUT n unit]`. */
export interface AssertTopic extends StatementBase {
  kind: 'AssertTopic';
  topic: string;
  exists: boolean;
  properties: Property[];
  timeout?: Duration;
}

/** `ASSERT [NOT EXISTS] SCHEMA [SUBJECT name] [ID n] [TIMEOUT n unit]`. */
export interface AssertSchema extends StatementBase {
  kind: 'AssertSchema';
  subject?: string;
  id?: number;
  exists: boolean;
  timeout?: Duration;
}

/** Every statement form, discriminated by `kind`. */
export type Statement =
  | CreateSource
  | CreateAsSelect
  | InsertInto
  | InsertValues
  | CreateType
  | DropSource
  | DropType
  | Terminate
  | PauseResume
  | AlterSource
  | List
  | Describe
  | DescribeSources
  | DescribeFunction
  | Explain
  | Print
  | SetProperty
  | UnsetProperty
  | AlterSystemProperty
  | DefineVariable
  | UndefineVariable
  | RunScript
  | QueryStatement
  | AssertTopic
  | AssertSchema
  | CreateConnector
  | DropConnector
  | DescribeConnector;
