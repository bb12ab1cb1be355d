/**
 * The `errors.*` settings of one connector, read from its props with Kafka's keys and defaults
 * (see connectors/api/connector-config.ts for their documentation).
 */
import { parseConfig } from '../../api/config-def.js';
import { SINK_CONNECTOR_CONFIG } from '../../api/connector-config.js';
import type { ConfigDef } from '../../api/types.js';

/** The errors.* settings, parsed. */
export interface ErrorHandlingConfig {
  /** errors.retry.timeout: 0 = no retries, -1 = retry forever. */
  retryTimeoutMs: number;
  /** errors.retry.delay.max.ms */
  retryDelayMaxMs: number;
  /** errors.tolerance */
  tolerance: 'none' | 'all';
  /** errors.log.enable */
  logEnable: boolean;
  /** errors.log.include.messages */
  logIncludeMessages: boolean;
  /** errors.deadletterqueue.topic.name: '' = no DLQ. */
  dlqTopic: string;
  /** errors.deadletterqueue.topic.replication.factor */
  dlqReplicationFactor: number;
  /** errors.deadletterqueue.context.headers.enable */
  dlqContextHeadersEnable: boolean;
}

const ERROR_KEYS: ConfigDef = SINK_CONNECTOR_CONFIG.filter((k) => k.name.startsWith('errors.'));

/** Kafka's defaults: no retries, no tolerance, no logging, no DLQ. */
export const DEFAULT_ERROR_HANDLING: ErrorHandlingConfig = errorHandlingConfig({});

/** Reads the errors.* keys of a connector's props (other keys are ignored); bad values throw INVALID_CONFIG. */
export function errorHandlingConfig(props: Record<string, string>, where?: string): ErrorHandlingConfig {
  const c = parseConfig(ERROR_KEYS, props, where);
  return {
    retryTimeoutMs: c['errors.retry.timeout'] as number,
    retryDelayMaxMs: c['errors.retry.delay.max.ms'] as number,
    tolerance: c['errors.tolerance'] as 'none' | 'all',
    logEnable: c['errors.log.enable'] as boolean,
    logIncludeMessages: c['errors.log.include.messages'] as boolean,
    dlqTopic: (c['errors.deadletterqueue.topic.name'] as string).trim(),
    dlqReplicationFactor: c['errors.deadletterqueue.topic.replication.factor'] as number,
    dlqContextHeadersEnable: c['errors.deadletterqueue.context.headers.enable'] as boolean,
  };
}
