/** Config definition of the Datagen source: Confluent's kafka-connect-datagen keys, plus a seed alias and a rate limit. */
import type { ConfigDef } from '../../api/types.js';
import { atLeast, nonEmptyString } from '../../api/config-validators.js';

export const KAFKA_TOPIC_CONFIG = 'kafka.topic';
export const QUICKSTART_CONFIG = 'quickstart';
export const MAX_INTERVAL_CONFIG = 'max.interval';
export const ITERATIONS_CONFIG = 'iterations';
export const SCHEMA_KEYFIELD_CONFIG = 'schema.keyfield';
export const SCHEMA_FILENAME_CONFIG = 'schema.filename';
export const SCHEMA_STRING_CONFIG = 'schema.string';
export const RANDOM_SEED_CONFIG = 'random.seed';
export const SEED_CONFIG = 'seed';
export const RECORDS_PER_SECOND_CONFIG = 'records.per.second';
/** Set by the connector on each task's config (Confluent's DatagenTask.TASK_ID). */
export const TASK_ID_CONFIG = 'task.id';

export const DATAGEN_CONFIG: ConfigDef = [
  { name: KAFKA_TOPIC_CONFIG, type: 'string', importance: 'high', validator: nonEmptyString, documentation: 'Topic to write to' },
  {
    name: QUICKSTART_CONFIG,
    type: 'string',
    default: '',
    importance: 'high',
    documentation: 'Name of quickstart to use: users, pageviews, orders or clickstream',
  },
  {
    name: MAX_INTERVAL_CONFIG,
    type: 'long',
    default: 500,
    importance: 'high',
    validator: atLeast(0),
    documentation: 'Max interval between messages (ms): each record waits a random time up to this; 0 generates as fast as allowed',
  },
  {
    name: ITERATIONS_CONFIG,
    type: 'int',
    default: 1000000,
    importance: 'high',
    documentation: 'Number of messages to send per task, or less than 1 for unlimited',
  },
  {
    name: SCHEMA_KEYFIELD_CONFIG,
    type: 'string',
    default: '',
    importance: 'high',
    documentation: "Name of field to use as the message key (default: the quickstart's key field)",
  },
  {
    name: SCHEMA_FILENAME_CONFIG,
    type: 'string',
    default: '',
    importance: 'low',
    documentation: 'Not supported by Fjord (Avro schema files); use quickstart',
  },
  {
    name: SCHEMA_STRING_CONFIG,
    type: 'string',
    default: '',
    importance: 'low',
    documentation: 'Not supported by Fjord (Avro schema strings); use quickstart',
  },
  {
    name: RANDOM_SEED_CONFIG,
    type: 'long',
    default: null,
    importance: 'low',
    documentation: 'Seed for the generated data: the same seed gives the same records (per task)',
  },
  { name: SEED_CONFIG, type: 'long', default: null, importance: 'low', documentation: 'Alias of random.seed' },
  {
    name: RECORDS_PER_SECOND_CONFIG,
    type: 'double',
    default: 0,
    importance: 'medium',
    validator: atLeast(0),
    documentation: 'Most records per second each task generates; 0 means no limit beyond max.interval',
  },
  { name: TASK_ID_CONFIG, type: 'int', default: 0, importance: 'low', validator: atLeast(0), documentation: "This task's number, set by the connector" },
];
