/** Config definition of the Postgres source: Confluent JDBC source connector keys. */
import type { ConfigDef } from '../../../api/types.js';
import { atLeast, oneOf } from '../../../api/config-validators.js';
import { CONNECTION_KEYS } from '../connection-config.js';

export const MODE_CONFIG = 'mode';
export const INCREMENTING_COLUMN_CONFIG = 'incrementing.column.name';
export const TIMESTAMP_COLUMN_CONFIG = 'timestamp.column.name';
export const TIMESTAMP_INITIAL_CONFIG = 'timestamp.initial';
export const TIMESTAMP_DELAY_CONFIG = 'timestamp.delay.interval.ms';
export const QUERY_CONFIG = 'query';
export const TABLE_WHITELIST_CONFIG = 'table.whitelist';
export const TABLE_INCLUDE_LIST_CONFIG = 'table.include.list';
export const TABLE_BLACKLIST_CONFIG = 'table.blacklist';
export const TABLE_EXCLUDE_LIST_CONFIG = 'table.exclude.list';
export const TOPIC_PREFIX_CONFIG = 'topic.prefix';
export const POLL_INTERVAL_MS_CONFIG = 'poll.interval.ms';
export const BATCH_MAX_ROWS_CONFIG = 'batch.max.rows';
/** Set by the connector on each task: the tables that task reads. */
export const TABLES_CONFIG = 'tables';

export type SourceMode = 'bulk' | 'incrementing' | 'timestamp' | 'timestamp+incrementing';

export const POSTGRES_SOURCE_CONFIG: ConfigDef = [
  ...CONNECTION_KEYS,
  {
    name: MODE_CONFIG,
    type: 'string',
    importance: 'high',
    validator: oneOf('bulk', 'incrementing', 'timestamp', 'timestamp+incrementing'),
    documentation: 'bulk: the whole table each poll; incrementing / timestamp / timestamp+incrementing: only new (or changed) rows',
  },
  { name: INCREMENTING_COLUMN_CONFIG, type: 'string', default: '', importance: 'medium', documentation: 'Strictly increasing column (incrementing modes)' },
  {
    name: TIMESTAMP_COLUMN_CONFIG,
    type: 'list',
    default: [],
    importance: 'medium',
    documentation: 'Timestamp column(s) that change on every write (timestamp modes); several are combined with COALESCE',
  },
  {
    name: TIMESTAMP_INITIAL_CONFIG,
    type: 'long',
    default: null,
    importance: 'low',
    documentation: 'Start from rows after this time (ms since the epoch) when there is no stored offset; -1 = now; unset = from the epoch',
  },
  {
    name: TIMESTAMP_DELAY_CONFIG,
    type: 'long',
    default: 0,
    importance: 'low',
    validator: atLeast(0),
    documentation: 'Only read rows whose timestamp is at least this old (ms), so transactions still writing that time can finish',
  },
  { name: QUERY_CONFIG, type: 'string', default: '', importance: 'medium', documentation: 'Read this query instead of tables (one task, topic = topic.prefix)' },
  { name: TABLE_WHITELIST_CONFIG, type: 'list', default: [], importance: 'medium', documentation: 'Tables to read (empty = all tables of the current schema)' },
  { name: TABLE_INCLUDE_LIST_CONFIG, type: 'list', default: [], importance: 'medium', documentation: 'Newer name of table.whitelist' },
  { name: TABLE_BLACKLIST_CONFIG, type: 'list', default: [], importance: 'low', documentation: 'Tables not to read' },
  { name: TABLE_EXCLUDE_LIST_CONFIG, type: 'list', default: [], importance: 'low', documentation: 'Newer name of table.blacklist' },
  { name: TOPIC_PREFIX_CONFIG, type: 'string', importance: 'high', documentation: 'Topic = prefix + table name (query mode: the prefix alone)' },
  { name: POLL_INTERVAL_MS_CONFIG, type: 'int', default: 5000, importance: 'high', validator: atLeast(0), documentation: 'How often each table is queried for new rows (ms)' },
  { name: BATCH_MAX_ROWS_CONFIG, type: 'int', default: 100, importance: 'low', validator: atLeast(1), documentation: 'Most rows one poll() returns' },
  { name: TABLES_CONFIG, type: 'list', default: [], importance: 'low', documentation: "The tables this task reads, set by the connector" },
];
