/** Config definitions of the FileStream connectors (Kafka's FileStreamSourceConnector / FileStreamSinkConnector). */
import type { ConfigDef } from '../../api/types.js';
import { atLeast, nonEmptyString } from '../../api/config-validators.js';

export const FILE_CONFIG = 'file';
export const TOPIC_CONFIG = 'topic';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const BATCH_SIZE_DEFAULT = 2000;

/** Kafka's FileStreamSourceConnector.CONFIG_DEF. */
export const FILE_STREAM_SOURCE_CONFIG: ConfigDef = [
  {
    name: FILE_CONFIG,
    type: 'string',
    default: null,
    importance: 'high',
    documentation: 'Source filename. If not specified, the standard input will be used',
  },
  {
    name: TOPIC_CONFIG,
    type: 'string',
    importance: 'high',
    validator: nonEmptyString,
    documentation: 'The topic to publish data to',
  },
  {
    name: BATCH_SIZE_CONFIG,
    type: 'int',
    default: BATCH_SIZE_DEFAULT,
    importance: 'low',
    validator: atLeast(1),
    documentation: 'The maximum number of records the source task can read from the file each time it is polled',
  },
];

/** Kafka's FileStreamSinkConnector.CONFIG_DEF (`topics` belongs to the runtime's sink config). */
export const FILE_STREAM_SINK_CONFIG: ConfigDef = [
  {
    name: FILE_CONFIG,
    type: 'string',
    default: null,
    importance: 'high',
    documentation: 'Destination filename. If not specified, the standard output will be used',
  },
];
