/**
 * The SQL engine facade: parse → execute statement by statement against a catalog, starting
 * persistent queries on the runtime and recording catalog changes in the command topic.
 */
import { parseSql as parseStatements } from '../parser/parse.js';
import type { Statement } from '../ast/statements.js';
import { builtinRegistry } from '../functions/index.js';
import type { FunctionFactory, FunctionRegistry } from '../functions/types.js';
import { loadUdfs } from '../functions/udf-loader.js';
import { createRowSerde, validateFormat } from '../formats/create-row-serde.js';
import type { FormatColumn, FormatOptions } from '../formats/types.js';
import { internalSerde } from '../types/internal-serde.js';
import { STRING } from '../types/types.js';
import { SqlError } from '../errors.js';
import { sessionWindowedSerde, timeWindowedSerde } from '../../core/streams/serdes/windowed-serde.js';
import { Executor } from './executor.js';
import type { SerdeFactory } from './planner/context.js';
import type { StatementResult } from './results.js';
import type { LateRecordInfo, SqlRuntime } from './runtime.js';
import { showStatement } from './show.js';
import { pullQuery, pushQuery } from './transient.js';
import { readFile } from 'node:fs/promises';
import { checkCacheProperty } from './cache-property.js';

export interface SqlEngineOptions {
  readonly runtime: SqlRuntime;
  /** Defaults to the built-in functions. */
  readonly registry?: FunctionRegistry;
  /** ksqlDB properties for this session (`auto.offset.reset`, `ksql.functions.collect_list.limit`, ...). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Replay the command topic on open (default true): re-creates sources, restarts queries. */
  readonly restore?: boolean;
  /** Receives ksqlDB's processing-log messages (records that could not be read or computed). */
  readonly processingLog?: (message: string) => void;
  /** Wall clock (INSERT VALUES without ROWTIME). */
  readonly nowMs?: () => number;
  /** Modules of user-defined functions (TypeScript or JS; see sql/functions/aggregate/README.md), registered beside the built-ins. */
  readonly udfModules?: readonly string[];
}

/** A window of a windowed key. */
export interface KeyWindow {
  readonly start: number;
  readonly end: number;
}

/** How records of a topic registered as a stream/table are laid out: what test runners and PRINT need. */
export interface TopicSchema {
  readonly sourceName: string;
  readonly sourceType: 'STREAM' | 'TABLE';
  readonly keyColumns: readonly FormatColumn[];
  readonly keyFormat: FormatOptions;
  readonly valueColumns: readonly FormatColumn[];
  readonly valueFormat: FormatOptions;
  readonly window?: { readonly type: 'TUMBLING' | 'HOPPING' | 'SESSION'; readonly sizeMs?: number };
  /** Windowed topics only: the key bytes split into the unwindowed key bytes and the window. */
  splitWindowedKey?(bytes: Buffer): { key: Buffer | null; window: KeyWindow };
  /** Windowed topics only: the inverse of splitWindowedKey. */
  joinWindowedKey?(key: Buffer | null, window: KeyWindow): Buffer;
}

const rawSerde = {
  name: 'raw',
  serialize: (_t: string, v: Buffer | null) => v,
  deserialize: (_t: string, d: Buffer | null) => d,
};

export function defaultSerdes(): SerdeFactory {
  return {
    row: (columns, options, target, read) => createRowSerde([...columns], options, target, read),
    internal: internalSerde,
  };
}

/** TIMESTAMP_FORMAT parsing: ksqlDB's PARSE_TIMESTAMP (Java patterns, UTC). */
function timestampParser(registry: FunctionRegistry): (text: string, pattern: string) => number {
  const parse = registry.resolveScalar('PARSE_TIMESTAMP', [{ kind: 'value', type: STRING }, { kind: 'value', type: STRING }]);
  return (text, pattern) => {
    const ms = parse.invoke([text, pattern]);
    if (typeof ms !== 'number') throw new SqlError(`Text '${text}' could not be parsed with pattern '${pattern}'`, 'engine');
    return ms;
  };
}

export class SqlEngine {
  private readonly executor: Executor;
  private readonly variables: Record<string, string> = {};
  private readonly registry: FunctionRegistry;

  private constructor(private readonly options: SqlEngineOptions, udfs: readonly FunctionFactory[]) {
    const registry = options.registry ?? builtinRegistry({ nowMs: options.nowMs ?? Date.now }, options.properties ?? {}, udfs);
    this.registry = registry;
    this.executor = new Executor({
      runtime: options.runtime,
      registry,
      serdes: defaultSerdes(),
      validateFormat: (columns, opts, target) => void validateFormat(columns, opts, target),
      parseTimestamp: timestampParser(registry),
      processingLog: options.processingLog ?? (() => {}),
      nowMs: options.nowMs ?? Date.now,
    }, options.properties ?? {});
  }

  static async open(options: SqlEngineOptions): Promise<SqlEngine> {
    const udfs = options.udfModules === undefined || options.udfModules.length === 0 ? [] : await loadUdfs(options.udfModules);
    const engine = new SqlEngine(options, udfs);
    if (options.restore !== false) await engine.restore();
    return engine;
  }

  private async restore(): Promise<void> {
    const commands = await this.options.runtime.readCommands();
    if (commands.length === 0) return;
    this.executor.replaying = true;
    try {
      for (const command of commands) {
        const { statement, properties } = JSON.parse(command) as { statement: string; properties: Record<string, string> };
        const saved = new Map(this.executor.properties);
        for (const [k, v] of Object.entries(properties)) this.executor.properties.set(k, v);
        try {
          await this.execute(statement);
        } catch (err) {
          this.options.processingLog?.(`could not replay '${statement}': ${(err as Error).message}`);
        } finally {
          this.executor.properties.clear();
          for (const [k, v] of saved) this.executor.properties.set(k, v);
        }
      }
    } finally {
      this.executor.replaying = false;
    }
  }

  /**
   * Parses `text` and runs its statements in order. Throws the first failure (SqlError or
   * SqlSyntaxError); the statements before it keep their effect, as in ksqlDB.
   */
  async execute(text: string): Promise<StatementResult[]> {
    const parsed = parseStatements(text, { variables: this.variables });
    const firstError = parsed.errors[0];
    const results: StatementResult[] = [];
    for (const stmt of parsed.statements) {
      if (firstError !== undefined && (stmt.pos.line > firstError.line || (stmt.pos.line === firstError.line && stmt.pos.column > firstError.column))) break;
      results.push(await this.executeStatement(stmt));
    }
    if (firstError !== undefined) throw firstError;
    return results;
  }

  private async executeStatement(stmt: Statement): Promise<StatementResult> {
    const ex = this.executor;
    switch (stmt.kind) {
      case 'CreateSource': return ex.createSource(stmt);
      case 'CreateAsSelect': return ex.createAsSelect(stmt);
      case 'InsertInto': return ex.insertInto(stmt);
      case 'InsertValues': return ex.insertValues(stmt);
      case 'DropSource': return ex.dropSource(stmt);
      case 'Terminate': return ex.terminate(stmt);
      case 'PauseQuery':
      case 'ResumeQuery': return ex.pauseResume(stmt);
      case 'AlterSource': return ex.alterSource(stmt);
      case 'CreateType': return ex.createType(stmt);
      case 'DropType': return ex.dropType(stmt.name, stmt.ifExists, stmt);
      case 'SetProperty':
      case 'AlterSystemProperty':
        checkCacheProperty(stmt.name, stmt.value);
        ex.properties.set(stmt.name, stmt.value);
        return { kind: 'none', statementText: stmt.text, note: `Successfully changed local property '${stmt.name}' to '${stmt.value}'.` };
      case 'UnsetProperty':
        ex.properties.delete(stmt.name);
        return { kind: 'none', statementText: stmt.text, note: `Successfully unset local property '${stmt.name}'.` };
      case 'DefineVariable':
        this.variables[stmt.name] = stmt.value;
        return { kind: 'none', statementText: stmt.text };
      case 'UndefineVariable':
        for (const k of Object.keys(this.variables)) if (k.toUpperCase() === stmt.name.toUpperCase()) delete this.variables[k];
        return { kind: 'none', statementText: stmt.text };
      case 'AssertTopic': {
        const info = await this.options.runtime.describeTopic(stmt.topic);
        if ((info !== null) !== stmt.exists) throw new SqlError(`Topic ${stmt.topic} ${stmt.exists ? 'does not exist' : 'exists'}`, 'engine');
        return { kind: 'message', statementText: stmt.text, message: `Topic ${stmt.topic} ${stmt.exists ? 'exists' : 'does not exist'}` };
      }
      case 'QueryStatement':
        return stmt.query.isPullQuery
          ? pullQuery(stmt, ex, ex.newContext)
          : pushQuery(stmt, ex, this.options.runtime, ex.newContext);
      case 'RunScript': {
        let text: string;
        try {
          text = await readFile(stmt.path, 'utf8');
        } catch (err) {
          throw new SqlError(`Failed to read file: ${stmt.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'engine');
        }
        const results = await this.execute(text);
        return { kind: 'none', statementText: stmt.text, note: `Ran ${results.length} statement(s) from ${stmt.path}` };
      }
      default:
        return showStatement(stmt, { executor: ex, runtime: this.options.runtime, variables: this.variables, registry: this.registry });
    }
  }

  /** Properties set for this session. */
  properties(): ReadonlyMap<string, string> {
    return this.executor.properties;
  }

  /** The schema of the first stream/table registered on `topic`, or null. */
  topicSchema(topic: string): TopicSchema | null {
    const ds = this.executor.catalog.bySourceTopic(topic);
    if (ds === undefined) return null;
    const schema: TopicSchema = {
      sourceName: ds.name,
      sourceType: ds.type,
      keyColumns: ds.keyColumns,
      keyFormat: ds.keyFormat,
      valueColumns: ds.valueColumns,
      valueFormat: ds.valueFormat,
      ...(ds.window === undefined ? {} : { window: ds.window }),
    };
    if (ds.window === undefined) return schema;
    const windowed = ds.window.type === 'SESSION' ? sessionWindowedSerde<Buffer | null>(rawSerde) : timeWindowedSerde<Buffer | null>(rawSerde, ds.window.sizeMs ?? 0);
    return {
      ...schema,
      splitWindowedKey: (bytes) => {
        const w = windowed.deserialize(topic, bytes)!;
        return { key: w.key === null || w.key.length === 0 ? null : w.key, window: { start: w.window.startMs, end: w.window.endMs } };
      },
      joinWindowedKey: (key, window) => windowed.serialize(topic, { key: key ?? Buffer.alloc(0), window: { startMs: window.start, endMs: window.end } })!,
    };
  }

  /** The late side output of a running persistent query (records its windows refused), or [] when unknown. */
  lateRecords(queryId: string): readonly LateRecordInfo[] {
    return this.executor.queries.get(queryId)?.handle.lateRecords?.() ?? [];
  }

  /** Input records a running persistent query has processed since it (re)started, or 0 when unknown. */
  processedRecords(queryId: string): number {
    return this.executor.queries.get(queryId)?.handle.processedRecords?.() ?? 0;
  }

  /** Names of streams and tables (for completion). */
  sourceNames(): string[] {
    return this.executor.catalog.all().map((s) => s.name);
  }

  /** Column names of every source (for completion). */
  columnNames(): string[] {
    const names = new Set<string>();
    for (const s of this.executor.catalog.all()) for (const c of [...s.keyColumns, ...s.valueColumns]) names.add(c.name);
    return [...names];
  }

  /** Stops this engine's queries; the runtime belongs to the caller, who closes it. */
  async close(): Promise<void> {
    for (const id of [...this.executor.queries.keys()]) await this.executor.stopQuery(id);
  }
}
