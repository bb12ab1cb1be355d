/** DescribeConfigs (32): topic configs (every key, value and source) and broker settings. */
import { FjordError } from '../../errors.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../../protocol/generated/describe-configs.js';
import { brokerConfigKeys, type BrokerConfig } from '../broker-config.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { errorCodeOf, messageOf } from './error-code-of.js';
import { CONFIG_SOURCE, configEntriesOf, type ConfigEntry } from './topic-configs.js';

export const RESOURCE_TYPE = { TOPIC: 2, BROKER: 4 } as const;

type Result = DescribeConfigsResponse['results'][number];

export function handleDescribeConfigs(b: BrokerState, req: DescribeConfigsRequest, ctx: RequestContext): DescribeConfigsResponse {
  return {
    throttleTimeMs: 0,
    results: req.resources.map((r): Result => {
      try {
        const entries = entriesFor(b, r.resourceType, r.resourceName);
        const keys = r.configurationKeys;
        const selected = keys ? entries.filter((e) => keys.includes(e.name)) : entries;
        return {
          errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName,
          configs: selected.map((e) => ({
            name: e.name, value: e.value, readOnly: r.resourceType === RESOURCE_TYPE.BROKER,
            isDefault: e.source === CONFIG_SOURCE.DEFAULT_CONFIG, configSource: e.source, isSensitive: false,
            synonyms: [], configType: e.configType, documentation: req.includeDocumentation ? e.documentation : null,
          })),
        };
      } catch (err) {
        return {
          errorCode: errorCodeOf(err, b.logger, `describe configs ${r.resourceName} for ${ctx.clientId}`), errorMessage: messageOf(err),
          resourceType: r.resourceType, resourceName: r.resourceName, configs: [],
        };
      }
    }),
  };
}

function entriesFor(b: BrokerState, resourceType: number, name: string): ConfigEntry[] {
  if (resourceType === RESOURCE_TYPE.TOPIC) {
    const info = b.topics.get(name);
    if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${name}' does not exist`);
    return configEntriesOf(info.configs);
  }
  if (resourceType === RESOURCE_TYPE.BROKER) {
    if (name !== '' && name !== String(b.config.nodeId)) throw new FjordError('INVALID_REQUEST', `broker ${name} is not this broker (${b.config.nodeId})`);
    return (Object.keys(brokerConfigKeys) as (keyof BrokerConfig)[]).map((field) => ({
      name: brokerConfigKeys[field], value: String(b.config[field]), source: 4, configType: typeof b.config[field] === 'boolean' ? 1 : 5, documentation: '',
    }));
  }
  throw new FjordError('INVALID_REQUEST', `resource type ${resourceType} is not supported (2 = topic, 4 = broker)`);
}
