/**
 * Validates a connector config as Kafka's AbstractHerder.validateConnectorConfig does: the
 * connector class must resolve, then the common + source/sink keys and the connector's own
 * config() are checked, plus its validate(), the sink topics rules and the transform chain.
 * Returns the REST ConfigInfos; `requireValid` turns errors into Kafka's 400 message.
 */
import { mergeConfigDefs, validateConfig, type ConfigInfos } from '../api/config-def.js';
import { SINK_CONNECTOR_CONFIG, SOURCE_CONNECTOR_CONFIG, validateSinkTopics } from '../api/connector-config.js';
import type { Connector } from '../api/types.js';
import { transformsConfigDef } from '../transforms/index.js';
import { badRequest } from './connect-errors.js';
import type { PluginEntry, PluginRegistry } from './plugin-registry.js';

/** Checks transforms/predicates config; returns a message per failure (the worker builds the chain). */
export type TransformCheck = (props: Record<string, string>) => string | null;

export interface Validated {
  infos: ConfigInfos;
  entry: PluginEntry;
}

export function validateConnectorConfig(plugins: PluginRegistry, props: Record<string, string>, checkTransforms: TransformCheck): Validated {
  const className = props['connector.class'];
  if (className === undefined || className.trim() === '') {
    throw badRequest(`Connector config ${JSON.stringify(props)} contains no connector type`);
  }
  let entry: PluginEntry;
  try {
    entry = plugins.connector(className);
  } catch (err) {
    throw badRequest((err as Error).message, err);
  }
  const connector = new entry.cls() as Connector;
  const base = entry.type === 'source' ? SOURCE_CONNECTOR_CONFIG : SINK_CONNECTOR_CONFIG;
  // The transforms' and predicates' own keys (transforms.<alias>.*) are validated too, as Kafka's enriched ConfigDef does.
  const def = mergeConfigDefs(base, connector.config(), transformsConfigDef(props, plugins.classLoader()));
  const extra: Record<string, string[]> = {};
  const add = (errors: Record<string, string[]>): void => {
    for (const [k, list] of Object.entries(errors)) (extra[k] ??= []).push(...list);
  };
  if (entry.type === 'sink') add(validateSinkTopics(props));
  if (connector.validate) {
    try {
      add(connector.validate(props));
    } catch (err) {
      add({ 'connector.class': [`${className}.validate() failed: ${(err as Error).message}`] });
    }
  }
  const transformError = checkTransforms(props);
  if (transformError) add({ transforms: [transformError] });
  const infos = validateConfig(def, props, entry.className, extra);
  return { infos, entry };
}

/** Throws Kafka's 400 message listing every error when the config is invalid. */
export function requireValid({ infos }: Validated): void {
  if (infos.error_count === 0) return;
  const messages = infos.configs.flatMap((c) => c.value.errors);
  throw badRequest(
    `Connector configuration is invalid and contains the following ${infos.error_count} error(s):\n${messages.join('\n')}\n` +
      'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
  );
}
