/**
 * Runs parsed statements against the catalog and the runtime: DDL, persistent queries, INSERT
 * VALUES, DROP / TERMINATE, properties and variables. SHOW / DESCRIBE / EXPLAIN live in
 * `show.ts`; push and pull queries in `transient.ts`. Every statement that changes the catalog is
 * appended to the command topic so a restart replays it.
 */
import type { Statement, InsertValues, DropSource, CreateSource, CreateAsSelect, InsertInto, Terminate, PauseResume, AlterSource, CreateType } from '../ast/statements.js';
import { SqlError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import { castFunction, castSupported } from '../expr/cast.js';
import type { FunctionRegistry } from '../functions/types.js';
import { formatType, quoteName, typesEqual, type Type } from '../types/types.js';
import type { StreamsBuilder } from '../../core/streams/dsl/streams-builder.js';
import type { Topology } from '../../core/streams/topology/topology.js';
import type { RecordHeader } from '../../core/protocol/record-batch.js';
import { Catalog, type DataSource } from './catalog.js';
import { checkFormats, createSourceEntry, resolveType, withWrapDefault } from './ddl.js';
import { checkSinkFormats, planCreateAsSelect, planInsertInto, type PlannedPersistentQuery } from './persistent.js';
import type { PlanContext, SerdeFactory } from './planner/context.js';
import { sourceKeySerde } from './planner/source.js';
import type { StatementResult } from './results.js';
import type { QueryHandle, SqlRuntime } from './runtime.js';
import type { FormatColumn, FormatOptions } from '../formats/types.js';
import { CACHE_PROPERTIES, cacheMaxBytesProperty } from './cache-property.js';

export interface ExecutorDeps {
  readonly runtime: SqlRuntime;
  readonly registry: FunctionRegistry;
  readonly serdes: SerdeFactory;
  readonly validateFormat: (columns: readonly FormatColumn[], options: FormatOptions, target: 'key' | 'value') => void;
  readonly parseTimestamp: (text: string, pattern: string) => number;
  readonly processingLog: (message: string) => void;
  readonly nowMs: () => number;
}

export interface RunningQuery {
  readonly id: string;
  readonly sqlText: string;
  readonly sinkName: string;
  readonly sourceNames: readonly string[];
  readonly handle: QueryHandle;
  readonly applicationId: string;
  readonly topology: Topology;
}

export class Executor {
  readonly catalog = new Catalog();
  readonly properties = new Map<string, string>();
  readonly queries = new Map<string, RunningQuery>();
  /** True while replaying the command topic: nothing is appended to it again. */
  replaying = false;

  constructor(private readonly deps: ExecutorDeps, properties: Readonly<Record<string, string>> = {}) {
    for (const [k, v] of Object.entries(properties)) this.properties.set(k, v);
  }

  readonly newContext = (builder: StreamsBuilder): PlanContext => ({
    builder,
    catalog: this.catalog,
    registry: this.deps.registry,
    serdes: this.deps.serdes,
    properties: this.properties,
    processingLog: this.deps.processingLog,
    parseTimestamp: this.deps.parseTimestamp,
  });

  private defaultKeyFormat(): string {
    return (this.properties.get('ksql.persistence.default.format.key') ?? 'KAFKA').toUpperCase();
  }

  private defaultValueFormat(): string | undefined {
    return this.properties.get('ksql.persistence.default.format.value')?.toUpperCase();
  }

  private async record(stmt: Statement): Promise<void> {
    if (this.replaying) return;
    const props = Object.fromEntries([...this.properties].filter(([k]) => k.startsWith('ksql.') || k === 'auto.offset.reset' || (CACHE_PROPERTIES as readonly string[]).includes(k)));
    await this.deps.runtime.appendCommand(JSON.stringify({ statement: stmt.text, properties: props }));
  }

  async ensureTopic(name: string, partitions: number | undefined, replicas: number | undefined): Promise<number> {
    const existing = await this.deps.runtime.describeTopic(name);
    if (existing !== null) {
      if (partitions !== undefined && existing.partitions !== partitions) {
        throw new SqlError(`A Kafka topic with the name '${name}' already exists, with different partition/replica configuration than required. KSQL expects ${partitions} partitions (topic has ${existing.partitions}).`, 'statement');
      }
      return existing.partitions;
    }
    await this.deps.runtime.createTopic(name, partitions ?? 1, replicas ?? 1);
    return partitions ?? 1;
  }

  async createSource(stmt: CreateSource): Promise<StatementResult> {
    const existing = this.catalog.get(stmt.name);
    const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
    if (existing !== undefined) {
      if (stmt.ifNotExists) return { kind: 'message', statementText: stmt.text, message: `Cannot add ${kind} ${quoteName(stmt.name)}: A ${kind} with the same name already exists.` };
      if (stmt.orReplace && (stmt.isSource || existing.readOnly)) throw new SqlError(`Cannot add ${kind} '${stmt.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, 'engine');
      if (!stmt.orReplace) throw new SqlError(`Cannot add ${kind} '${stmt.name}': A ${existing.type === 'STREAM' ? 'stream' : 'table'} with the same name already exists`, 'engine');
      if (existing.type !== stmt.sourceType) throw new SqlError(`Cannot add ${kind} '${stmt.name}': A ${existing.type.toLowerCase()} with the same name already exists`, 'engine');
    }
    if (stmt.orReplace && stmt.isSource) throw new SqlError(`Cannot add ${kind} '${stmt.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, 'engine');
    const entry = createSourceEntry(stmt, this.catalog, { keyFormat: this.defaultKeyFormat(), valueFormat: this.defaultValueFormat() }, this.deps.validateFormat);
    const props = entry.props;
    const source = { ...entry.source, valueFormat: withWrapDefault(entry.source.valueFormat, entry.source.valueColumns.length, this.properties) };
    const partitions = await this.ensureTopic(source.topic, props.partitions, props.replicas);
    const withPartitions = { ...source, partitions };
    this.catalog.put(existing === undefined ? withPartitions : { ...withPartitions, ...(existing.writerQueryId === undefined ? {} : { writerQueryId: existing.writerQueryId }) });
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `${stmt.sourceType === 'STREAM' ? 'Stream' : 'Table'} created` };
  }

  private async startPersistent(id: string, planned: PlannedPersistentQuery, sqlText: string): Promise<void> {
    const applicationId = `_confluent-ksql-default_query_${id}`;
    const spec = {
      id, applicationId, topology: planned.topology,
      sourceTopics: planned.sourceNames.map((n) => this.catalog.require(n).topic),
      sinkTopic: planned.sink.topic,
      cacheMaxBytes: cacheMaxBytesProperty(this.properties),
    };
    const handle = await this.deps.runtime.startPersistent(spec);
    this.queries.set(id, { id, sqlText, sinkName: planned.sink.name, sourceNames: planned.sourceNames, handle, applicationId, topology: planned.topology });
    this.catalog.queries.set(id, { id, sqlText, sinkName: planned.sink.name, sourceNames: planned.sourceNames, sinkTopic: planned.sink.topic });
  }

  async createAsSelect(stmt: CreateAsSelect): Promise<StatementResult> {
    const existing = this.catalog.get(stmt.name);
    const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
    if (existing !== undefined && !stmt.orReplace) {
      if (stmt.ifNotExists) return { kind: 'message', statementText: stmt.text, message: `Cannot add ${kind} ${quoteName(stmt.name)}: A ${kind} with the same name already exists.` };
      throw new SqlError(`Cannot add ${kind} '${stmt.name}': A ${existing.type === 'STREAM' ? 'stream' : 'table'} with the same name already exists`, 'engine');
    }
    if (existing !== undefined && existing.readOnly) throw new SqlError(`Cannot add ${kind} '${stmt.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, 'engine');
    const planned = planCreateAsSelect(stmt, this.catalog, this.newContext, this.defaultKeyFormat());
    checkSinkFormats(planned.sink, this.deps.validateFormat);
    const firstSource = this.catalog.require(planned.sourceNames[0]!);
    const sourcePartitions = (await this.deps.runtime.describeTopic(firstSource.topic))?.partitions;
    const sinkPartitions = await this.ensureTopic(planned.sink.topic, planned.partitions ?? sourcePartitions, planned.replicas);
    let id = existing?.writerQueryId;
    if (id !== undefined) await this.stopQuery(id);
    id ??= this.catalog.nextQueryId(`${stmt.sourceType === 'STREAM' ? 'CSAS' : 'CTAS'}_${stmt.name}`);
    this.catalog.put({ ...planned.sink, writerQueryId: id, partitions: sinkPartitions });
    await this.startPersistent(id, planned, stmt.text);
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `Created query with ID ${id}`, queryId: id };
  }

  async insertInto(stmt: InsertInto): Promise<StatementResult> {
    const planned = planInsertInto(stmt, this.catalog, this.newContext);
    const id = this.catalog.nextQueryId('INSERTQUERY');
    await this.startPersistent(id, planned, stmt.text);
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `Created query with ID ${id}`, queryId: id };
  }

  async insertValues(stmt: InsertValues): Promise<StatementResult> {
    const target = this.catalog.get(stmt.target);
    if (target === undefined) {
      const other = this.catalog.findIgnoringCase(stmt.target);
      const hint = other === undefined ? '' : stmt.target === stmt.target.toUpperCase()
        ? `\nDid you mean "${other.name}"? Hint: wrap the source name in double quotes to make it case-sensitive.`
        : `\nDid you mean ${other.name}? Hint: try removing double quotes from the source name.`;
      throw new SqlError(`Cannot insert values into an unknown stream/table: ${quoteName(stmt.target)}${hint}`, 'engine');
    }
    if (target.readOnly) throw new SqlError(`Cannot insert into read-only ${target.type.toLowerCase()}: ${target.name}`, 'engine');
    const all = [...target.keyColumns, ...target.valueColumns];
    let names: string[];
    names = stmt.columns ?? [...target.keyColumns, ...target.valueColumns, ...target.headerColumns].map((c) => c.name);
    const headerNames = names.filter((n) => target.headerColumns.some((h) => h.name === n));
    if (headerNames.length > 0) throw new SqlError(`Cannot insert into HEADER columns: ${headerNames.join(', ')}`, 'engine');
    if (names.length !== stmt.values.length) {
      throw new SqlError(`Expected a value for each column. Expected Columns: [${names.join(', ')}]. Got [${stmt.values.map((v) => v.kind).join(', ')}]`, 'engine');
    }
    const byName = new Map<string, unknown>();
    let timestamp = this.deps.nowMs();
    names.forEach((name, i) => {
      const compiled = compileExpression(stmt.values[i]!, { columns: [], registry: this.deps.registry, customTypes: this.catalog.types });
      const value = compiled.evaluate([]);
      if (name === 'ROWTIME') {
        timestamp = value === null ? timestamp : Number(value as bigint | number);
        return;
      }
      const col = all.find((c) => c.name === name);
      if (col === undefined) throw new SqlError(`Column name ${quoteName(name)} does not exist.`, 'engine');
      byName.set(name, coerce(value, compiled.type, col.type, name));
    });
    const keyRow = target.keyColumns.map((c) => byName.get(c.name) ?? null);
    const valueRow = target.valueColumns.map((c) => byName.get(c.name) ?? null);
    const keySerde = sourceKeySerde(target, this.deps.serdes);
    const valueSerde = this.deps.serdes.row(target.valueColumns, target.valueFormat, 'value');
    const key = target.keyColumns.length === 0 ? null : keySerde.serialize(target.topic, target.window === undefined ? keyRow : { key: keyRow, window: { startMs: 0, endMs: 0 } });
    const value = valueSerde.serialize(target.topic, valueRow);
    const headers: RecordHeader[] = [];
    await this.deps.runtime.produce(target.topic, [{ key, value, timestamp, headers }]);
    return { kind: 'none', statementText: stmt.text };
  }

  async dropSource(stmt: DropSource): Promise<StatementResult> {
    const source = this.catalog.get(stmt.name);
    if (source === undefined) {
      if (stmt.ifExists) return { kind: 'message', statementText: stmt.text, message: `Source ${stmt.name} does not exist.` };
      throw new SqlError(`Source ${stmt.name} does not exist.`, 'statement');
    }
    if (source.type !== stmt.sourceType) {
      throw new SqlError(`Incompatible data source type is ${source.type}, but statement was DROP ${stmt.sourceType}`, 'statement');
    }
    if (stmt.deleteTopic && source.readOnly) throw new SqlError(`Cannot delete topic for read-only source: ${source.name}`, 'engine');
    const readers = this.catalog.readersOf(source.name).map((q) => q.id);
    const writers = this.catalog.writersOf(source.name).map((q) => q.id).filter((id) => id !== source.writerQueryId);
    if (readers.length > 0 || writers.length > 0) {
      throw new SqlError(`Cannot drop ${source.name}.\nThe following streams and/or tables read from this source: [${readers.join(', ')}].\nYou need to drop them before dropping ${source.name}.`, 'statement');
    }
    if (source.writerQueryId !== undefined) await this.terminateQuery(source.writerQueryId);
    this.catalog.delete(source.name);
    if (stmt.deleteTopic) await this.deps.runtime.deleteTopic(source.topic);
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `Source ${source.name} (topic: ${source.topic}) was dropped.` };
  }

  async stopQuery(id: string): Promise<void> {
    const q = this.queries.get(id);
    if (q !== undefined) await q.handle.stop();
    this.queries.delete(id);
    this.catalog.queries.delete(id);
  }

  /** TERMINATE / DROP: stops the query for good and removes what it left (topics, group, state). */
  private async terminateQuery(id: string): Promise<void> {
    const q = this.queries.get(id);
    await this.stopQuery(id);
    if (q !== undefined) await this.deps.runtime.removeQueryState?.(q.applicationId);
  }

  async terminate(stmt: Terminate): Promise<StatementResult> {
    const ids = stmt.queryId === undefined ? [...this.queries.keys()] : [stmt.queryId];
    for (const id of ids) {
      const q = this.queries.get(id) ?? [...this.queries.values()].find((x) => x.id.toUpperCase() === id.toUpperCase());
      if (q === undefined) throw new SqlError(`Unknown queryId: ${id}`, 'statement');
      await this.terminateQuery(q.id);
      for (const s of this.catalog.all()) if (s.writerQueryId === q.id) this.catalog.put({ ...s, writerQueryId: undefined });
    }
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: 'Query terminated.' };
  }

  async pauseResume(stmt: PauseResume): Promise<StatementResult> {
    const ids = stmt.queryId === undefined ? [...this.queries.keys()] : [stmt.queryId];
    for (const id of ids) {
      const q = this.queries.get(id);
      if (q === undefined) throw new SqlError(`Unknown queryId: ${id}`, 'statement');
      if (stmt.kind === 'PauseQuery') await q.handle.pause();
      else await q.handle.resume();
    }
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: stmt.kind === 'PauseQuery' ? 'Query paused.' : 'Query resumed.' };
  }

  async alterSource(stmt: AlterSource): Promise<StatementResult> {
    const source = this.catalog.get(stmt.name);
    if (source === undefined) throw new SqlError(`Source ${stmt.name} does not exist.`, 'statement');
    if (source.readOnly) throw new SqlError(`Cannot alter ${source.type.toLowerCase()} '${source.name}': ALTER operations are not supported on source ${source.type.toLowerCase()}s.`, 'engine');
    if (source.writerQueryId !== undefined) throw new SqlError(`ALTER command is not supported for CREATE ... AS statements.`, 'statement');
    const added = stmt.columns.map((c) => ({ name: c.name, type: resolveType(c.type, this.catalog) }));
    for (const c of added) {
      if ([...source.keyColumns, ...source.valueColumns].some((x) => x.name === c.name)) {
        throw new SqlError(`Cannot add column ${quoteName(c.name)} to schema. A column with the same name already exists.`, 'statement');
      }
    }
    const updated: DataSource = { ...source, valueColumns: [...source.valueColumns, ...added] };
    checkFormats(this.deps.validateFormat, updated.keyColumns, updated.keyFormat, updated.valueColumns, updated.valueFormat);
    this.catalog.put(updated);
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `${source.type === 'STREAM' ? 'Stream' : 'Table'} altered.` };
  }

  async createType(stmt: CreateType): Promise<StatementResult> {
    if (this.catalog.types.has(stmt.name)) {
      if (stmt.ifNotExists) return { kind: 'message', statementText: stmt.text, message: `Type ${stmt.name} already exists.` };
      throw new SqlError(`Cannot register custom type '${stmt.name}' since it is already registered with type: ${formatType(this.catalog.types.get(stmt.name)!)}`, 'statement');
    }
    this.catalog.types.set(stmt.name, resolveType(stmt.type, this.catalog));
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `Registered custom type with name '${stmt.name}' and SQL type ${formatType(this.catalog.types.get(stmt.name)!)}` };
  }

  async dropType(name: string, ifExists: boolean, stmt: Statement): Promise<StatementResult> {
    if (!this.catalog.types.has(name)) {
      if (ifExists) return { kind: 'message', statementText: stmt.text, message: `Type ${name} does not exist.` };
      throw new SqlError(`Type ${name} does not exist.`, 'statement');
    }
    this.catalog.types.delete(name);
    await this.record(stmt);
    return { kind: 'message', statementText: stmt.text, message: `Dropped type '${name}'` };
  }
}

/** A VALUES value → the column's type, with ksqlDB's implicit conversions. */
export function coerce(value: unknown, from: Type | null, to: Type, column: string): unknown {
  if (value === null || from === null) return null;
  if (typesEqual(from, to)) return value;
  if (!castSupported(from, to)) {
    throw new SqlError(`Expected type ${formatType(to)} for field ${column} but got ${formatType(from)}(${String(value)})`, 'engine');
  }
  const converted = castFunction(from, to)(value);
  if (converted === null) throw new SqlError(`Expected type ${formatType(to)} for field ${column} but got ${formatType(from)}(${String(value)})`, 'engine');
  return converted;
}
