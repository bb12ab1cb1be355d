/**
 * What planning one query needs from the engine: the DSL builder, the catalog, functions, serdes
 * and ksqlDB properties; plus the running count of generated names.
 */
import type { StreamsBuilder } from '../../../core/streams/dsl/streams-builder.js';
import type { Serde } from '../../../core/streams/serdes/serde.js';
import type { FunctionRegistry } from '../../functions/types.js';
import type { FormatColumn, FormatOptions, ReadOptions } from '../../formats/types.js';
import type { Catalog } from '../catalog.js';

export interface SerdeFactory {
  /** Key or value serde of a topic's rows (validates the format against the columns); `read` as in `createRowSerde`. */
  row(columns: readonly FormatColumn[], options: FormatOptions, target: 'key' | 'value', read?: ReadOptions): Serde<unknown[]>;
  /** Serde for internal topics and stores: any SQL value or accumulator. */
  readonly internal: Serde<any>;
}

export interface PlanContext {
  readonly builder: StreamsBuilder;
  readonly catalog: Catalog;
  readonly registry: FunctionRegistry;
  readonly serdes: SerdeFactory;
  readonly properties: ReadonlyMap<string, string>;
  /** Records a row-level problem (ksqlDB's processing log). */
  readonly processingLog: (message: string) => void;
  /** Parses a string timestamp with a Java pattern (TIMESTAMP_FORMAT). */
  readonly parseTimestamp: (text: string, pattern: string) => number;
}
