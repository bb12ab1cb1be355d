/** Config definition of the Postgres sink: Confluent JDBC sink connector keys. */
import type { ConfigDef } from '../../../api/types.js';
import { atLeast, nonEmptyString, oneOf } from '../../../api/config-validators.js';
import { CONNECTION_KEYS } from '../connection-config.js';

export const INSERT_MODE_CONFIG = 'insert.mode';
export const PK_MODE_CONFIG = 'pk.mode';
export const PK_FIELDS_CONFIG = 'pk.fields';
export const FIELDS_WHITELIST_CONFIG = 'fields.whitelist';
export const AUTO_CREATE_CONFIG = 'auto.create';
export const AUTO_EVOLVE_CONFIG = 'auto.evolve';
export const DELETE_ENABLED_CONFIG = 'delete.enabled';
export const TABLE_NAME_FORMAT_CONFIG = 'table.name.format';
export const BATCH_SIZE_CONFIG = 'batch.size';

export type InsertMode = 'insert' | 'upsert' | 'update';
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';

export const POSTGRES_SINK_CONFIG: ConfigDef = [
  ...CONNECTION_KEYS,
  {
    name: INSERT_MODE_CONFIG,
    type: 'string',
    default: 'insert',
    importance: 'high',
    validator: oneOf('insert', 'upsert', 'update'),
    documentation: 'insert: INSERT; upsert: INSERT ... ON CONFLICT (pk) DO UPDATE; update: UPDATE ... WHERE pk',
  },
  {
    name: PK_MODE_CONFIG,
    type: 'string',
    default: 'none',
    importance: 'high',
    validator: oneOf('none', 'kafka', 'record_key', 'record_value'),
    documentation: 'Where the primary key comes from: none, kafka (topic/partition/offset), record_key or record_value',
  },
  {
    name: PK_FIELDS_CONFIG,
    type: 'list',
    default: [],
    importance: 'medium',
    documentation:
      'kafka: three column names (default __connect_topic,__connect_partition,__connect_offset); record_key: the key field(s), ' +
      'or one column name for a primitive key; record_value: the value fields (empty = all)',
  },
  { name: FIELDS_WHITELIST_CONFIG, type: 'list', default: [], importance: 'medium', documentation: 'Value fields to write (empty = all)' },
  { name: AUTO_CREATE_CONFIG, type: 'boolean', default: false, importance: 'medium', documentation: 'CREATE TABLE when the destination table is missing' },
  { name: AUTO_EVOLVE_CONFIG, type: 'boolean', default: false, importance: 'medium', documentation: 'ALTER TABLE ADD COLUMN for fields the table lacks' },
  {
    name: DELETE_ENABLED_CONFIG,
    type: 'boolean',
    default: false,
    importance: 'medium',
    documentation: 'Treat null values (tombstones) as DELETE by key; requires pk.mode=record_key. When false, tombstones are skipped',
  },
  {
    name: TABLE_NAME_FORMAT_CONFIG,
    type: 'string',
    default: '${topic}',
    importance: 'medium',
    validator: nonEmptyString,
    documentation: 'Destination table name; ${topic} is replaced by the record topic. A dot separates schema and table',
  },
  { name: BATCH_SIZE_CONFIG, type: 'int', default: 3000, importance: 'medium', validator: atLeast(1), documentation: 'Records written per statement group' },
];
