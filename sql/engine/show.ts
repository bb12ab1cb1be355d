/** SHOW / LIST / DESCRIBE / EXPLAIN / PRINT and other statements that only report. */
import type { Statement } from '../ast/statements.js';
import { SqlError } from '../errors.js';
import { formatType } from '../types/types.js';
import type { Executor } from './executor.js';
import type { StatementResult } from './results.js';
import type { SqlRuntime } from './runtime.js';

export interface ShowContext {
  readonly executor: Executor;
  readonly runtime: SqlRuntime;
  readonly variables: Record<string, string>;
  readonly engine: unknown;
}

export async function showStatement(stmt: Statement, ctx: ShowContext): Promise<StatementResult> {
  const { executor } = ctx;
  const catalog = executor.catalog;
  switch (stmt.kind) {
    case 'List': {
      switch (stmt.target) {
        case 'STREAMS':
        case 'TABLES': {
          const type = stmt.target === 'STREAMS' ? 'STREAM' : 'TABLE';
          const rows = catalog.all().filter((s) => s.type === type).map((s) => [s.name, s.topic, s.keyFormat.format, s.valueFormat.format, s.window !== undefined]);
          return { kind: 'table', statementText: stmt.text, header: [type === 'STREAM' ? 'Stream Name' : 'Table Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], rows };
        }
        case 'QUERIES': {
          const rows = [...executor.queries.values()].map((q) => [q.id, 'PERSISTENT', q.handle.state(), q.sinkName, catalog.get(q.sinkName)?.topic ?? '', q.sqlText]);
          return { kind: 'table', statementText: stmt.text, header: ['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'], rows };
        }
        case 'TOPICS': {
          const topics = (await ctx.runtime.listTopics()).filter((t) => stmt.all || !t.name.startsWith('_'));
          return { kind: 'table', statementText: stmt.text, header: ['Kafka Topic', 'Partitions', 'Partition Replicas'], rows: topics.map((t) => [t.name, t.partitions, t.replicas]) };
        }
        case 'PROPERTIES':
          return { kind: 'table', statementText: stmt.text, header: ['Property', 'Scope', 'Value'], rows: [...executor.properties].map(([k, v]) => [k, 'SESSION', v]) };
        case 'TYPES':
          return { kind: 'table', statementText: stmt.text, header: ['Type Name', 'Schema'], rows: [...catalog.types].map(([k, t]) => [k, formatType(t)]) };
        case 'VARIABLES':
          return { kind: 'table', statementText: stmt.text, header: ['Variable Name', 'Value'], rows: Object.entries(ctx.variables) };
        default:
          throw new SqlError(`SHOW ${stmt.target} is not supported by Fjord's SQL engine.`, 'statement');
      }
    }
    default:
      throw new SqlError(`Statement not supported yet: ${stmt.text}`, 'statement');
  }
}
