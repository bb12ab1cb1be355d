/** The Postgres source's parsed and cross-checked settings (shared by connector and task). */
import { configError, list, num, numOrNull, parsePluginConfig, str } from '../../common/config.js';
import { connectionSettings, type ConnectionSettings } from '../connection.js';
import {
  BATCH_MAX_ROWS_CONFIG, INCREMENTING_COLUMN_CONFIG, MODE_CONFIG, POLL_INTERVAL_MS_CONFIG, POSTGRES_SOURCE_CONFIG,
  QUERY_CONFIG, TABLES_CONFIG, TABLE_BLACKLIST_CONFIG, TABLE_EXCLUDE_LIST_CONFIG, TABLE_INCLUDE_LIST_CONFIG,
  TABLE_WHITELIST_CONFIG, TIMESTAMP_COLUMN_CONFIG, TIMESTAMP_DELAY_CONFIG, TIMESTAMP_INITIAL_CONFIG, TOPIC_PREFIX_CONFIG,
  type SourceMode,
} from './config.js';

export interface PostgresSourceSettings {
  connection: ConnectionSettings;
  mode: SourceMode;
  incrementingColumn: string;
  timestampColumns: string[];
  timestampInitialMs: number | null;
  timestampDelayMs: number;
  query: string;
  includeTables: string[];
  excludeTables: string[];
  /** Set on task configs by the connector. */
  tables: string[];
  topicPrefix: string;
  pollIntervalMs: number;
  batchMaxRows: number;
}

export function parsePostgresSourceSettings(props: Record<string, string>, where: string): PostgresSourceSettings {
  const config = parsePluginConfig(POSTGRES_SOURCE_CONFIG, props, where);
  const mode = str(config, MODE_CONFIG) as SourceMode;
  const incrementingColumn = str(config, INCREMENTING_COLUMN_CONFIG) ?? '';
  const timestampColumns = list(config, TIMESTAMP_COLUMN_CONFIG);
  if (mode.includes('incrementing') && incrementingColumn === '') {
    throw configError(where, INCREMENTING_COLUMN_CONFIG, '', `mode ${mode} needs the name of a strictly increasing column`);
  }
  if (mode.startsWith('timestamp') && timestampColumns.length === 0) {
    throw configError(where, TIMESTAMP_COLUMN_CONFIG, '', `mode ${mode} needs at least one timestamp column`);
  }
  const query = str(config, QUERY_CONFIG) ?? '';
  const includeTables = [...list(config, TABLE_WHITELIST_CONFIG), ...list(config, TABLE_INCLUDE_LIST_CONFIG)];
  const excludeTables = [...list(config, TABLE_BLACKLIST_CONFIG), ...list(config, TABLE_EXCLUDE_LIST_CONFIG)];
  if (query !== '' && (includeTables.length > 0 || excludeTables.length > 0)) {
    throw configError(where, QUERY_CONFIG, query, 'do not set table.whitelist/table.include.list or table.blacklist/table.exclude.list together with query');
  }
  if (includeTables.length > 0 && excludeTables.length > 0) {
    throw configError(where, TABLE_EXCLUDE_LIST_CONFIG, excludeTables, 'set either an include list or an exclude list of tables, not both');
  }
  return {
    connection: connectionSettings(config, where),
    mode,
    incrementingColumn,
    timestampColumns,
    timestampInitialMs: numOrNull(config, TIMESTAMP_INITIAL_CONFIG),
    timestampDelayMs: num(config, TIMESTAMP_DELAY_CONFIG),
    query,
    includeTables,
    excludeTables,
    tables: list(config, TABLES_CONFIG),
    topicPrefix: str(config, TOPIC_PREFIX_CONFIG) ?? '',
    pollIntervalMs: num(config, POLL_INTERVAL_MS_CONFIG),
    batchMaxRows: num(config, BATCH_MAX_ROWS_CONFIG),
  };
}
