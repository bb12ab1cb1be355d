/** Config definitions of the Arrow sink and source. */
import type { ConfigDef } from '../../api/types.js';
import { atLeast, nonEmptyString } from '../../api/config-validators.js';

export const PATH_CONFIG = 'path';
export const ROTATE_RECORDS_CONFIG = 'rotate.records';
export const ROTATE_BYTES_CONFIG = 'rotate.bytes';
export const ROTATE_INTERVAL_MS_CONFIG = 'rotate.interval.ms';
export const ARROW_SCHEMA_CONFIG = 'arrow.schema';
export const METADATA_COLUMNS_CONFIG = 'metadata.columns';
export const TOPIC_CONFIG = 'topic';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const POLL_INTERVAL_MS_CONFIG = 'poll.interval.ms';

export const ARROW_SINK_CONFIG: ConfigDef = [
  { name: PATH_CONFIG, type: 'string', importance: 'high', validator: nonEmptyString, documentation: 'Directory the Arrow IPC files are written to (created if missing)' },
  { name: ROTATE_RECORDS_CONFIG, type: 'int', default: 10000, importance: 'high', validator: atLeast(1), documentation: 'Most records in one file' },
  {
    name: ROTATE_BYTES_CONFIG,
    type: 'long',
    default: 16 * 1024 * 1024,
    importance: 'medium',
    validator: atLeast(1),
    documentation: 'A file is completed once its records reach about this many bytes (estimated from their JSON size); also bounds memory per partition',
  },
  {
    name: ROTATE_INTERVAL_MS_CONFIG,
    type: 'long',
    default: 60000,
    importance: 'medium',
    validator: atLeast(0),
    documentation: 'A file is completed at the first put or offset commit this long (wall clock) after its first record; 0 disables',
  },
  {
    name: ARROW_SCHEMA_CONFIG,
    type: 'string',
    default: '',
    importance: 'medium',
    documentation: 'Declared value schema as Connect JSON ({"type":"struct","fields":[{"field":"id","type":"int64"}, ...]}); empty = from the record schema or the JSON values',
  },
  {
    name: METADATA_COLUMNS_CONFIG,
    type: 'boolean',
    default: true,
    importance: 'low',
    documentation: 'Add __kafka_offset, __kafka_timestamp and __kafka_key columns (ArrowSource restores keys and timestamps from them)',
  },
];

export const ARROW_SOURCE_CONFIG: ConfigDef = [
  { name: PATH_CONFIG, type: 'string', importance: 'high', validator: nonEmptyString, documentation: 'Directory to read Arrow IPC files from' },
  { name: TOPIC_CONFIG, type: 'string', default: '', importance: 'high', documentation: "Topic for all records; empty = each file's own topic and partition" },
  { name: BATCH_SIZE_CONFIG, type: 'int', default: 1000, importance: 'low', validator: atLeast(1), documentation: 'Most records one poll() returns' },
  { name: POLL_INTERVAL_MS_CONFIG, type: 'int', default: 1000, importance: 'low', validator: atLeast(0), documentation: 'How often to look for new files once all are read (ms)' },
];
