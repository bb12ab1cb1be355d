/**
 * Duck-type checks for plugins: what a class must have to be a connector, task, transformation,
 * predicate or converter. A class that has some of a kind's marks but not all of its methods is a
 * broken plugin, and the error names the module, the class and the missing method.
 */
import { FjordError } from '../../core/errors.js';

/** Plugin types as Kafka's GET /connector-plugins names them. */
export type PluginType = 'source' | 'sink' | 'transformation' | 'predicate' | 'converter' | 'header_converter';

type AnyClass = abstract new (...args: never[]) => unknown;

/** Method names a class's instances have (its prototype chain, without Object's). */
export function methodNames(cls: AnyClass): Set<string> {
  const names = new Set<string>();
  for (let proto = cls.prototype as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && d && typeof d.value === 'function') names.add(name);
    }
  }
  return names;
}

type Kind = 'connector' | 'transformation' | 'predicate' | 'converter' | 'header_converter';

interface KindRule {
  kind: Kind;
  /** Having any of these makes a class look like this kind. */
  marks: string[];
  required: string[];
}

const RULES: KindRule[] = [
  { kind: 'connector', marks: ['taskClass', 'taskConfigs'], required: ['version', 'start', 'taskClass', 'taskConfigs', 'stop', 'config'] },
  { kind: 'converter', marks: ['fromConnectData', 'toConnectData'], required: ['configure', 'fromConnectData', 'toConnectData'] },
  { kind: 'header_converter', marks: ['fromConnectHeader', 'toConnectHeader'], required: ['configure', 'fromConnectHeader', 'toConnectHeader'] },
  { kind: 'transformation', marks: ['apply'], required: ['configure', 'apply', 'config'] },
  { kind: 'predicate', marks: ['test'], required: ['configure', 'test', 'config'] },
];

/**
 * What kind of plugin `cls` is, or null if it looks like none. Throws when it looks like one
 * but lacks a required method. `where` names the module for messages.
 */
export function pluginKindOf(cls: unknown, exportName: string, where: string): Kind | null {
  if (typeof cls !== 'function' || !cls.prototype) return null;
  const methods = methodNames(cls as AnyClass);
  for (const rule of RULES) {
    if (!rule.marks.some((m) => methods.has(m))) continue;
    const missing = rule.required.filter((m) => !methods.has(m));
    if (missing.length > 0) {
      throw new FjordError('CONFIG', `plugin ${where}: class '${exportName}' looks like a ${rule.kind} but has no ${missing.map((m) => `${m}()`).join(', ')} method${missing.length > 1 ? 's' : ''}`);
    }
    return rule.kind;
  }
  return null;
}

/** Source or sink: the instance's `kind` field (SourceConnector/SinkConnector), else what its task class can do. */
export function connectorType(instance: { kind?: unknown; taskClass(): unknown }, name: string, where: string): 'source' | 'sink' {
  if (instance.kind === 'source' || instance.kind === 'sink') return instance.kind;
  const task = instance.taskClass();
  return taskType(task, `task class of ${name}`, where);
}

/** Checks a task class has what the runtime calls; returns whether it is a source or sink task. */
export function taskType(task: unknown, name: string, where: string): 'source' | 'sink' {
  if (typeof task !== 'function' || !task.prototype) {
    throw new FjordError('CONFIG', `plugin ${where}: ${name} is not a class (taskClass() must return the task's class)`);
  }
  const methods = methodNames(task as AnyClass);
  const isSource = methods.has('poll');
  const isSink = methods.has('put');
  if (!isSource && !isSink) throw new FjordError('CONFIG', `plugin ${where}: ${name} has neither poll() (source task) nor put() (sink task)`);
  const missing = ['version', 'start', 'stop'].filter((m) => !methods.has(m));
  if (missing.length > 0) throw new FjordError('CONFIG', `plugin ${where}: ${name} has no ${missing.map((m) => `${m}()`).join(', ')} method${missing.length > 1 ? 's' : ''}`);
  return isSource ? 'source' : 'sink';
}

/**
 * Hands a plugin instance its context: initialize() when it has one (the API's base classes do),
 * else the `context` field the base classes would have set, so plain duck-typed classes work too.
 */
export function initializePlugin<C>(instance: object, context: C): void {
  const withInit = instance as { initialize?: (c: C) => void; context?: C };
  if (typeof withInit.initialize === 'function') withInit.initialize(context);
  else withInit.context = context;
}
