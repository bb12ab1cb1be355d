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

export function handleIncrementalAlterConfigs(b: BrokerState, req: IncrementalAlterConfigsRequest, ctx: RequestContext): IncrementalAlterConfigsResponse | Promise<IncrementalAlterConfigsResponse> {
  if (b.cluster) return alterThroughCluster(b, req, ctx);
  return {
    throttleTimeMs: 0,
    responses: req.resources.map((r) => {
      try {
        const { next } = prepare(b, r);
        if (!req.validateOnly) {
          b.setTopicConfigs(r.resourceName, next);
          b.logger.info(`altered config of topic ${r.resourceName} for ${ctx.clientId}: ${JSON.stringify(next)}`);
        }
        return ok(r);
      } catch (err) {
        return failed(b, r, err);
      }
    }),
  };
}

/** A replicated cluster keeps topic configs in the controller's image; every broker applies them from there. */
async function alterThroughCluster(b: BrokerState, req: IncrementalAlterConfigsRequest, ctx: RequestContext): Promise<IncrementalAlterConfigsResponse> {
  const responses: IncrementalAlterConfigsResponse['responses'] = [];
  for (const r of req.resources) {
    try {
      const { before, next } = prepare(b, r);
      if (!req.validateOnly) {
        await b.cluster!.alterTopicConfigs(r.resourceName, before, next);
        b.logger.info(`altered config of topic ${r.resourceName} for ${ctx.clientId} through the controller: ${JSON.stringify(next)}`);
      }
      responses.push(ok(r));
    } catch (err) {
      responses.push(failed(b, r, err));
    }
  }
  return { throttleTimeMs: 0, responses };
}

/** The topic's overrides before and after the request's operations (validated). */
function prepare(b: BrokerState, r: Resource): { before: Record<string, string>; next: Record<string, string> } {
  if (r.resourceType !== RESOURCE_TYPE.TOPIC) throw new FjordError('INVALID_REQUEST', `only topic configs can be altered (resource type 2), got ${r.resourceType}`);
  const info = b.topics.get(r.resourceName);
  if (!info) throw new FjordError('UNKNOWN_TOPIC_OR_PARTITION', `topic '${r.resourceName}' does not exist`);
  const next = applyOps({ ...info.configs }, r);
  parseTopicOverrides(next);
  return { before: { ...info.configs }, next };
}

function ok(r: Resource): IncrementalAlterConfigsResponse['responses'][number] {
  return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName };
}

function failed(b: BrokerState, r: Resource, err: unknown): IncrementalAlterConfigsResponse['responses'][number] {
  const code = err instanceof FjordError && err.code === 'CONFIG' ? 40 : errorCodeOf(err, b.logger, `alter configs ${r.resourceName}`);
  return { errorCode: code, errorMessage: messageOf(err), resourceType: r.resourceType, resourceName: r.resourceName };
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
