/** Datagen's parsed and cross-checked settings, shared by the connector (to validate) and the task. */
import { configError, num, parsePluginConfig, str } from '../common/config.js';
import {
  DATAGEN_CONFIG, ITERATIONS_CONFIG, KAFKA_TOPIC_CONFIG, MAX_INTERVAL_CONFIG, QUICKSTART_CONFIG,
  RANDOM_SEED_CONFIG, RECORDS_PER_SECOND_CONFIG, SCHEMA_FILENAME_CONFIG, SCHEMA_KEYFIELD_CONFIG,
  SCHEMA_STRING_CONFIG, SEED_CONFIG, TASK_ID_CONFIG,
} from './config.js';
import { QUICKSTARTS, type Quickstart } from './quickstarts.js';

export interface DatagenSettings {
  topic: string;
  quickstart: Quickstart;
  keyField: string;
  maxIntervalMs: number;
  /** Records per task; 0 = unlimited. */
  iterations: number;
  /** Configured seed, or null to use the stored one (or a fresh one). */
  seed: number | null;
  recordsPerSecond: number;
  taskId: number;
}

export function parseDatagenSettings(props: Record<string, string>, where: string): DatagenSettings {
  const config = parsePluginConfig(DATAGEN_CONFIG, props, where);
  for (const unsupported of [SCHEMA_FILENAME_CONFIG, SCHEMA_STRING_CONFIG]) {
    if (str(config, unsupported)) throw configError(where, unsupported, str(config, unsupported), `custom Avro schemas are not supported; set "${QUICKSTART_CONFIG}" to one of ${Object.keys(QUICKSTARTS).join(', ')}`);
  }
  const name = (str(config, QUICKSTART_CONFIG) ?? '').toLowerCase();
  const quickstart = QUICKSTARTS[name];
  if (!Object.hasOwn(QUICKSTARTS, name)) {
    throw configError(where, QUICKSTART_CONFIG, name, `${name === '' ? 'a quickstart is required' : 'no such quickstart'}; use one of ${Object.keys(QUICKSTARTS).join(', ')}`);
  }
  const keyField = str(config, SCHEMA_KEYFIELD_CONFIG) || quickstart.keyField;
  if (!quickstart.schema.fields!.some((f) => f.field === keyField)) {
    throw configError(where, SCHEMA_KEYFIELD_CONFIG, keyField, `quickstart ${name} has no such field`);
  }
  const seedValue = config[RANDOM_SEED_CONFIG] ?? config[SEED_CONFIG];
  const iterations = num(config, ITERATIONS_CONFIG);
  return {
    topic: str(config, KAFKA_TOPIC_CONFIG)!,
    quickstart,
    keyField,
    maxIntervalMs: num(config, MAX_INTERVAL_CONFIG),
    iterations: iterations < 1 ? 0 : iterations,
    seed: typeof seedValue === 'number' ? seedValue : null,
    recordsPerSecond: num(config, RECORDS_PER_SECOND_CONFIG),
    taskId: num(config, TASK_ID_CONFIG),
  };
}
