/**
 * The transform chain of one connector, built from its config as Kafka Connect does:
 * `transforms=a,b`, `transforms.a.type=<class>`, `transforms.a.<key>=...` (the transform's own
 * config), `transforms.a.predicate=p`, `transforms.a.negate=true|false`, `predicates=p`,
 * `predicates.p.type=<class>`, `predicates.p.<key>=...`. Stages run in the listed order; a
 * stage with a predicate runs only when the predicate holds (or, negated, does not); a stage
 * returning null drops the record and ends the chain.
 */
import { ConfigException, parseConfig, type ConfigProblem } from '../api/config-def.js';
import { noDuplicates } from '../api/config-validators.js';
import type { ConfigDef, ConnectRecord, Predicate, Transformation } from '../api/types.js';
import { findPredicateClass, findTransformationClass } from './registry.js';

/** One configured stage. */
export interface TransformStage<R extends ConnectRecord = ConnectRecord> {
  alias: string;
  /** The class name as configured (what DLQ headers and logs show as the executing class). */
  className: string;
  transform: Transformation<R>;
  predicate: { alias: string; className: string; predicate: Predicate<R> } | null;
  negate: boolean;
}

/** Applies configured transforms in order. */
export class TransformChain<R extends ConnectRecord = ConnectRecord> {
  constructor(readonly stages: readonly TransformStage<R>[]) {}

  /**
   * The transformed record, or null when a stage dropped it. `onStage` is told which stage is
   * about to run, so an error handler can report the executing class.
   */
  apply(record: R, onStage?: (stage: TransformStage<R>) => void): R | null {
    let current: R | null = record;
    for (const stage of this.stages) {
      onStage?.(stage);
      current = applyStage(stage, current);
      if (current === null) return null;
    }
    return current;
  }

  /** Closes every transform and predicate (errors are collected and the first rethrown). */
  close(): void {
    let first: unknown = null;
    for (const stage of this.stages) {
      for (const closeable of [stage.transform, stage.predicate?.predicate]) {
        try {
          closeable?.close?.();
        } catch (err) {
          first ??= err;
        }
      }
    }
    if (first !== null) throw first;
  }
}

/** One stage on one record (Kafka's TransformationStage.apply). */
export function applyStage<R extends ConnectRecord>(stage: TransformStage<R>, record: R): R | null {
  if (stage.predicate !== null && stage.predicate.predicate.test(record) === stage.negate) return record;
  return stage.transform.apply(record);
}

const ALIASES_DEF: ConfigDef = [
  { name: 'transforms', type: 'list', default: [], importance: 'low', documentation: '', validator: noDuplicates },
  { name: 'predicates', type: 'list', default: [], importance: 'low', documentation: '', validator: noDuplicates },
];

/** Props under `prefix` with it removed, minus the chain's own keys. */
function ownProps(props: Record<string, string>, prefix: string, reserved: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) {
    if (!k.startsWith(prefix)) continue;
    const key = k.slice(prefix.length);
    if (!reserved.includes(key)) out[key] = v;
  }
  return out;
}

type Kind = 'transform' | 'predicate';

/** Instantiates and configures one plugin, turning each failure into problems named by full key. */
function instantiate<T>(
  kind: Kind, alias: string, props: Record<string, string>, load: ((n: string) => unknown) | undefined, problems: ConfigProblem[],
): { className: string; instance: T } | null {
  const prefix = kind === 'transform' ? `transforms.${alias}.` : `predicates.${alias}.`;
  const typeKey = `${prefix}type`;
  const className = props[typeKey]?.trim();
  if (className === undefined || className === '') {
    problems.push(className === undefined ? { name: typeKey } : { name: typeKey, value: '', reason: 'Class name must be non-empty' });
    return null;
  }
  const cls = kind === 'transform' ? findTransformationClass(className, load) : findPredicateClass(className, load);
  if (typeof cls !== 'function') {
    problems.push({ name: typeKey, value: className, reason: `Class ${className} could not be found.` });
    return null;
  }
  let instance: Record<string, unknown>;
  try {
    instance = new (cls as new () => Record<string, unknown>)();
  } catch (err) {
    problems.push({ name: typeKey, value: className, reason: `Class ${className} cannot be constructed: ${(err as Error).message}` });
    return null;
  }
  const needs = kind === 'transform' ? ['configure', 'apply'] : ['configure', 'test'];
  if (needs.some((m) => typeof instance[m] !== 'function')) {
    problems.push({ name: typeKey, value: className, reason: `Not a ${kind === 'transform' ? 'Transformation' : 'Predicate'} (needs ${needs.join(', ')})` });
    return null;
  }
  try {
    (instance.configure as (p: Record<string, string>) => void)(ownProps(props, prefix, kind === 'transform' ? ['type', 'predicate', 'negate'] : ['type']));
  } catch (err) {
    if (err instanceof ConfigException) problems.push(...err.prefixed(prefix).problems);
    else problems.push({ name: typeKey, value: className, reason: `configure() failed: ${(err as Error).message}` });
    return null;
  }
  return { className, instance: instance as T };
}

/**
 * Builds the chain from a connector's props. `load` resolves class names that are not
 * built-in (plugins). Every problem is reported at once as a ConfigException naming the full
 * keys (`transforms.a.field`).
 */
export function buildTransformChain<R extends ConnectRecord = ConnectRecord>(
  props: Record<string, string>,
  load?: (className: string) => unknown,
): TransformChain<R> {
  const aliases = parseConfig(ALIASES_DEF, props);
  const problems: ConfigProblem[] = [];
  const predicateAliases = aliases.predicates as string[];
  const predicates = new Map<string, { className: string; instance: Predicate<R> }>();
  for (const alias of predicateAliases) {
    const made = instantiate<Predicate<R>>('predicate', alias, props, load, problems);
    if (made) predicates.set(alias, made);
  }
  const stages: TransformStage<R>[] = [];
  for (const alias of aliases.transforms as string[]) {
    const made = instantiate<Transformation<R>>('transform', alias, props, load, problems);
    const stage = made && resolvePredicate(alias, props, predicateAliases, predicates, problems);
    if (made && stage) stages.push({ alias, className: made.className, transform: made.instance, ...stage });
  }
  if (problems.length > 0) throw new ConfigException(problems);
  return new TransformChain(stages);
}

function resolvePredicate<R extends ConnectRecord>(
  alias: string, props: Record<string, string>, predicateAliases: string[],
  predicates: Map<string, { className: string; instance: Predicate<R> }>, problems: ConfigProblem[],
): Pick<TransformStage<R>, 'predicate' | 'negate'> | null {
  const predicateKey = `transforms.${alias}.predicate`;
  const negateKey = `transforms.${alias}.negate`;
  const predicateAlias = props[predicateKey]?.trim() ?? '';
  const negateText = props[negateKey]?.trim().toLowerCase() ?? 'false';
  if (negateText !== 'true' && negateText !== 'false') {
    problems.push({ name: negateKey, value: props[negateKey], reason: 'Expected value to be either true or false' });
    return null;
  }
  const negate = negateText === 'true';
  if (predicateAlias === '') {
    if (props[negateKey] !== undefined) {
      problems.push({ name: negateKey, message: `Config '${negateKey}' was provided but there is no config '${predicateKey}' defining a predicate to be negated.` });
      return null;
    }
    return { predicate: null, negate: false };
  }
  if (!predicateAliases.includes(predicateAlias)) {
    problems.push({ name: predicateKey, value: predicateAlias, reason: `Predicate alias ${predicateAlias} is not listed in predicates (${predicateAliases.join(',') || 'empty'})` });
    return null;
  }
  const made = predicates.get(predicateAlias);
  if (!made) return null; // its own problem is already reported
  return { predicate: { alias: predicateAlias, className: made.className, predicate: made.instance }, negate };
}
