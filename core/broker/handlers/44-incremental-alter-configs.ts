/** IncrementalAlterConfigs (44): SET / DELETE / APPEND / SUBTRACT on topic config overrides. */
import { FjordError } from '../../errors.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../protocol/generated/incremental-alter-configs.js';
import type { BrokerState, RequestContext } from '../broker-state.js';
import { RESOURCE_TYPE } from './32-describe-configs.js';
import { errorCodeOf, messageOf } from './error-code-of.js';
import { parseTopicOverrides } from './topic-configs.js';
import { LOG_CONFIG_DEFINITIONS } from '../../log/log-config.js';

type Resource = IncrementalAlterConfigsRequest['resources'][number];

export const CONFIG_OPERATION = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export function handleIncrementalAlterConfigs(b: BrokerState, req: IncrementalAlterConfigsRequest, ctx: RequestContext): IncrementalAlterConfigsResponse {
  return {
    throttleTimeMs: 0,
    responses: req.resources.map((r) => {
      try {
        if (r.resourceType !== RESOURCE_TYPE.TOPIC) throw new FjordError('INVALID_REQUEST', `only topic configs can be altered (resource type 2), got ${r.resourceType}`);
        const info = b.topics.get(r.resourceName);
        if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${r.resourceName}' does not exist`);
        const next = applyOps({ ...info.configs }, r);
        parseTopicOverrides(next);
        if (!req.validateOnly) {
          b.setTopicConfigs(r.resourceName, next);
          b.logger.info(`altered config of topic ${r.resourceName} for ${ctx.clientId}: ${JSON.stringify(next)}`);
        }
        return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
      } catch (err) {
        const code = err instanceof FjordError && err.code === 'CONFIG' ? 40 : errorCodeOf(err, b.logger, `alter configs ${r.resourceName}`);
        return { errorCode: code, errorMessage: messageOf(err), resourceType: r.resourceType, resourceName: r.resourceName };
      }
    }),
  };
}

function applyOps(configs: Record<string, string>, r: Resource): Record<string, string> {
  for (const c of r.configs) {
    const isList = LOG_CONFIG_DEFINITIONS.find((d) => d.name === c.name)?.type === 'list';
    const current = configs[c.name] ?? LOG_CONFIG_DEFINITIONS.find((d) => d.name === c.name)?.default ?? '';
    const items = current.split(',').map((s) => s.trim()).filter(Boolean);
    switch (c.configOperation) {
      case CONFIG_OPERATION.SET:
        if (c.value === null) throw new FjordError('INVALID_CONFIG', `config ${c.name}: SET needs a value`);
        configs[c.name] = c.value;
        break;
      case CONFIG_OPERATION.DELETE:
        delete configs[c.name];
        break;
      case CONFIG_OPERATION.APPEND:
      case CONFIG_OPERATION.SUBTRACT: {
        if (!isList) throw new FjordError('INVALID_CONFIG', `config ${c.name} is not a list; APPEND/SUBTRACT apply to list configs only`);
        const values = (c.value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const next = c.configOperation === CONFIG_OPERATION.APPEND ? [...new Set([...items, ...values])] : items.filter((i) => !values.includes(i));
        configs[c.name] = next.join(',');
        break;
      }
      default:
        throw new FjordError('INVALID_REQUEST', `config ${c.name}: unknown operation ${c.configOperation}`);
    }
  }
  return configs;
}
