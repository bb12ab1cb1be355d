/** The Postgres sink's parsed and cross-checked settings (shared by connector and task). */
import { bool, configError, list, num, parsePluginConfig, str } from '../../common/config.js';
import { connectionSettings, type ConnectionSettings } from '../connection.js';
import {
  AUTO_CREATE_CONFIG, AUTO_EVOLVE_CONFIG, BATCH_SIZE_CONFIG, DELETE_ENABLED_CONFIG, FIELDS_WHITELIST_CONFIG,
  INSERT_MODE_CONFIG, PK_FIELDS_CONFIG, PK_MODE_CONFIG, POSTGRES_SINK_CONFIG, TABLE_NAME_FORMAT_CONFIG,
  type InsertMode, type PkMode,
} from './config.js';
import type { RowMapping } from './row-mapper.js';

export interface PostgresSinkSettings {
  connection: ConnectionSettings;
  insertMode: InsertMode;
  mapping: RowMapping;
  autoCreate: boolean;
  autoEvolve: boolean;
  batchSize: number;
}

export function parsePostgresSinkSettings(props: Record<string, string>, where: string): PostgresSinkSettings {
  const config = parsePluginConfig(POSTGRES_SINK_CONFIG, props, where);
  const insertMode = str(config, INSERT_MODE_CONFIG) as InsertMode;
  const pkMode = str(config, PK_MODE_CONFIG) as PkMode;
  const pkFields = list(config, PK_FIELDS_CONFIG);
  const deleteEnabled = bool(config, DELETE_ENABLED_CONFIG);
  // The Confluent JDBC sink's rules between keys, checked up front rather than at the first record.
  if (deleteEnabled && pkMode !== 'record_key') {
    throw configError(where, DELETE_ENABLED_CONFIG, true, `deletes are only supported for pk.mode record_key (pk.mode is ${pkMode})`);
  }
  if (insertMode !== 'insert' && pkMode === 'none') {
    throw configError(where, INSERT_MODE_CONFIG, insertMode, `${insertMode} needs primary key columns; set pk.mode to kafka, record_key or record_value`);
  }
  if (pkMode === 'kafka' && pkFields.length !== 0 && pkFields.length !== 3) {
    throw configError(where, PK_FIELDS_CONFIG, pkFields, 'pk.mode kafka needs exactly three column names (topic, partition, offset) or none for the defaults');
  }
  return {
    connection: connectionSettings(config, where),
    insertMode,
    mapping: {
      pkMode,
      pkFields,
      fieldsWhitelist: list(config, FIELDS_WHITELIST_CONFIG),
      deleteEnabled,
      tableNameFormat: str(config, TABLE_NAME_FORMAT_CONFIG)!,
    },
    autoCreate: bool(config, AUTO_CREATE_CONFIG),
    autoEvolve: bool(config, AUTO_EVOLVE_CONFIG),
    batchSize: num(config, BATCH_SIZE_CONFIG),
  };
}
