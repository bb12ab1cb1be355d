/**
 * Producer and consumer settings for tasks from Kafka's client config names: the worker's
 * `producer.*` / `consumer.*` keys, then a connector's `producer.override.*` /
 * `consumer.override.*` (Kafka's connector client overrides). Keys the Fjord clients do not
 * have are ignored, as Kafka's clients ignore unknown configs (with a warning).
 */
import { defaultConsumerConfig, type ConsumerConfig } from '../../core/client/consumer-config.js';
import { defaultProducerConfig, type ProducerConfig } from '../../core/client/producer-config.js';
import { FjordError } from '../../core/errors.js';
import type { Logger } from '../../core/io/logger.js';
import { withPrefix } from './worker-config.js';

function camelCase(kafkaKey: string): string {
  return kafkaKey.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase());
}

function convert<T extends object>(defaults: T, props: Record<string, string>, what: string, logger: Logger): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(props)) {
    const field = camelCase(key);
    if (!(field in defaults)) {
      logger.warn(`${what}: ignoring '${key}', which the Fjord client does not support`);
      continue;
    }
    const def = (defaults as Record<string, unknown>)[field];
    if (field === 'acks') out[field] = text === 'all' || text === '-1' ? 'all' : Number(text);
    else if (field === 'partitionAssignmentStrategy') out[field] = text.split(',').map((s) => s.trim().replace(/^.*\.(\w+)Assignor$/, '$1').toLowerCase());
    else if (typeof def === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new FjordError('CONFIG', `${what}: ${key}=${text}: expected a number`);
      out[field] = n;
    } else if (typeof def === 'boolean') out[field] = text.trim().toLowerCase() === 'true';
    else out[field] = text;
  }
  return out as Partial<T>;
}

/** A source task's producer: Connect's defaults (acks=all), the worker's producer.*, the connector's producer.override.*. */
export function taskProducerConfig(worker: Record<string, string>, connector: Record<string, string>, clientId: string, logger: Logger): Partial<ProducerConfig> {
  return {
    acks: 'all',
    ...convert(defaultProducerConfig, withPrefix(worker, 'producer.'), 'worker producer.*', logger),
    ...convert(defaultProducerConfig, withPrefix(connector, 'producer.override.'), 'connector producer.override.*', logger),
    clientId,
  };
}

/** A sink task's consumer: group connect-<name>, no auto commit, earliest (Connect's defaults), then overrides. */
export function taskConsumerConfig(worker: Record<string, string>, connector: Record<string, string>, name: string, clientId: string, logger: Logger): Partial<ConsumerConfig> {
  return {
    autoOffsetReset: 'earliest',
    ...convert(defaultConsumerConfig, withPrefix(worker, 'consumer.'), 'worker consumer.*', logger),
    ...convert(defaultConsumerConfig, withPrefix(connector, 'consumer.override.'), 'connector consumer.override.*', logger),
    groupId: `connect-${name}`,
    enableAutoCommit: false,
    clientId,
  };
}
