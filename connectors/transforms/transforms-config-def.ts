/**
 * The config keys a connector's `transforms`/`predicates` settings add, for the validate
 * endpoint (Kafka's ConnectorConfig.enrich): per alias `transforms.a.type`, `.predicate`,
 * `.negate` and the transform's own keys under `transforms.a.`, grouped as `Transforms: a`;
 * per predicate `predicates.p.type` and its keys, grouped as `Predicates: p`.
 */
import { parseConfigValue } from '../api/config-def.js';
import type { ConfigDef, ConfigKey } from '../api/types.js';
import { findPredicateClass, findTransformationClass } from './registry.js';

function aliasesOf(props: Record<string, string>, key: string): string[] {
  try {
    return parseConfigValue('list', props[key] ?? '') as string[];
  } catch {
    return [];
  }
}

function ownDef(cls: unknown): ConfigDef {
  if (typeof cls !== 'function') return [];
  try {
    const instance = new (cls as new () => { config?: () => ConfigDef })();
    return instance.config?.() ?? [];
  } catch {
    return [];
  }
}

/** The extra keys for this connector config; unknown classes get a type key that fails validation. */
export function transformsConfigDef(props: Record<string, string>, load?: (className: string) => unknown): ConfigDef {
  const keys: ConfigKey[] = [];
  for (const [kind, alias] of [
    ...aliasesOf(props, 'transforms').map((a) => ['transform', a] as const),
    ...aliasesOf(props, 'predicates').map((a) => ['predicate', a] as const),
  ]) {
    const prefix = kind === 'transform' ? `transforms.${alias}.` : `predicates.${alias}.`;
    const group = kind === 'transform' ? `Transforms: ${alias}` : `Predicates: ${alias}`;
    const className = props[`${prefix}type`]?.trim() ?? '';
    const cls = kind === 'transform' ? findTransformationClass(className, load) : findPredicateClass(className, load);
    let order = 0;
    keys.push({
      name: `${prefix}type`, type: 'class', importance: 'high', group, orderInGroup: order++, width: 'long',
      displayName: `${kind === 'transform' ? 'Transformation' : 'Predicate'} type for ${alias}`,
      documentation: `Class for the '${alias}' ${kind === 'transform' ? 'transformation' : 'predicate'}.`,
      validator: (_n, v) => {
        if (typeof v === 'string' && typeof (kind === 'transform' ? findTransformationClass(v, load) : findPredicateClass(v, load)) !== 'function') {
          throw `Class ${v} could not be found.`;
        }
      },
    });
    if (kind === 'transform') {
      keys.push(
        { name: `${prefix}predicate`, type: 'string', default: '', importance: 'medium', group, orderInGroup: order++, width: 'long',
          displayName: `Predicate for ${alias}`, documentation: 'The alias of a predicate used to determine whether to apply this transformation.' },
        { name: `${prefix}negate`, type: 'boolean', default: false, importance: 'medium', group, orderInGroup: order++, width: 'short',
          displayName: `Negate for ${alias}`, documentation: 'Whether the configured predicate should be negated.' },
      );
    }
    for (const key of ownDef(cls)) keys.push({ ...key, name: prefix + key.name, group, orderInGroup: order++ });
  }
  return keys;
}
