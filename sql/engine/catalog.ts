/**
 * The catalog (ksqlDB's metastore): streams and tables with their schemas, formats and topics,
 * custom types, and the persistent queries reading and writing them. Pure data; the executor
 * changes it and records each change in the command topic.
 */
import type { FormatOptions } from '../formats/types.js';
import { SqlError } from '../errors.js';
import { formatType, quoteName, type Type } from '../types/types.js';

export type SourceType = 'STREAM' | 'TABLE';

export interface Column {
  readonly name: string;
  readonly type: Type;
}

/** A HEADERS (all headers: ARRAY<STRUCT<KEY STRING, VALUE BYTES>>) or HEADER('k') (one header's BYTES) column. */
export interface HeaderColumn extends Column {
  /** undefined for the HEADERS column. */
  readonly headerKey?: string;
}

export type WindowKind = 'TUMBLING' | 'HOPPING' | 'SESSION';

export interface SourceWindow {
  readonly type: WindowKind;
  /** Tumbling/hopping window size (what WINDOW_SIZE or the query's window gives). */
  readonly sizeMs?: number;
}

export interface DataSource {
  readonly name: string;
  readonly type: SourceType;
  readonly topic: string;
  readonly keyColumns: readonly Column[];
  readonly valueColumns: readonly Column[];
  readonly headerColumns: readonly HeaderColumn[];
  readonly keyFormat: FormatOptions;
  readonly valueFormat: FormatOptions;
  readonly window?: SourceWindow;
  /** The TIMESTAMP property: a column giving event time, with TIMESTAMP_FORMAT for strings. */
  readonly timestampColumn?: { readonly name: string; readonly format?: string };
  /** CREATE SOURCE STREAM|TABLE: read-only. */
  readonly readOnly: boolean;
  /** The statement that created it (DESCRIBE EXTENDED, command topic). */
  readonly sqlText: string;
  /** The persistent query writing it (C*AS), if any. */
  readonly writerQueryId?: string;
  /** Partitions of its topic, when known (joins check co-partitioning with it). */
  readonly partitions?: number;
}

export interface PersistentQueryInfo {
  readonly id: string;
  readonly sqlText: string;
  readonly sinkName: string;
  readonly sourceNames: readonly string[];
  readonly sinkTopic: string;
}

/** `` `ID` INTEGER KEY, `NAME` STRING `` — ksqlDB's schema text in messages. */
export function formatColumns(source: Pick<DataSource, 'keyColumns' | 'valueColumns' | 'type'>): string {
  const keyWord = source.type === 'TABLE' ? 'PRIMARY KEY' : 'KEY';
  return [
    ...source.keyColumns.map((c) => `${quoteName(c.name)} ${formatType(c.type)} ${keyWord}`),
    ...source.valueColumns.map((c) => `${quoteName(c.name)} ${formatType(c.type)}`),
  ].join(', ');
}

export class Catalog {
  private readonly sources = new Map<string, DataSource>();
  readonly types = new Map<string, Type>();
  readonly queries = new Map<string, PersistentQueryInfo>();
  /** ksqlDB numbers queries with one counter across kinds: CSAS_X_0, CTAS_Y_1, INSERTQUERY_2. */
  private queryCounter = 0;

  get(name: string): DataSource | undefined {
    return this.sources.get(name);
  }

  require(name: string, what = 'stream/table'): DataSource {
    const found = this.sources.get(name);
    if (found === undefined) throw new SqlError(`${what} ${name} does not exist.`, 'statement');
    return found;
  }

  /** A case-insensitive match for "Did you mean" hints. */
  findIgnoringCase(name: string): DataSource | undefined {
    for (const s of this.sources.values()) if (s.name.toUpperCase() === name.toUpperCase()) return s;
    return undefined;
  }

  put(source: DataSource): void {
    this.sources.set(source.name, source);
  }

  delete(name: string): void {
    this.sources.delete(name);
  }

  all(): DataSource[] {
    return [...this.sources.values()];
  }

  bySourceTopic(topic: string): DataSource | undefined {
    for (const s of this.sources.values()) if (s.topic === topic) return s;
    return undefined;
  }

  nextQueryId(prefix: string): string {
    return `${prefix}_${this.queryCounter++}`;
  }

  /** Queries that read `name`. */
  readersOf(name: string): PersistentQueryInfo[] {
    return [...this.queries.values()].filter((q) => q.sourceNames.includes(name));
  }

  writersOf(name: string): PersistentQueryInfo[] {
    return [...this.queries.values()].filter((q) => q.sinkName === name);
  }
}
