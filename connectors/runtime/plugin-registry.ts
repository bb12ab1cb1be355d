/**
 * Plugins by name: the built-in ones (connectors/plugins/index.ts) plus whatever `plugin.path`
 * brings (see plugin-loader.ts). A plugin is found by its full class name, its export/class
 * name, or that name without a `Connector` suffix (Kafka's aliases: `FileStreamSink`).
 */
import { FjordError } from '../../core/errors.js';
import { connectorType, pluginKindOf, type PluginType } from './plugin-checks.js';

/** One plugin class. */
export interface PluginEntry {
  /** The name listed in GET /connector-plugins (the full class name when there is one). */
  className: string;
  type: PluginType;
  cls: new () => unknown;
  version: string;
  /** Where it came from: 'built-in' or a module path. */
  origin: string;
}

export class PluginRegistry {
  private readonly byName = new Map<string, PluginEntry>();
  private readonly entries: PluginEntry[] = [];

  /**
   * Adds a class under these names (the first is its listed class name). Classes that are no
   * plugin kind are ignored (a module may export helpers); broken ones throw, naming `origin`.
   */
  add(names: string[], cls: unknown, origin: string): PluginEntry | null {
    const kind = pluginKindOf(cls, names[0], origin);
    if (kind === null) return null;
    const ctor = cls as new () => unknown;
    const existing = [...this.byName.values()].find((e) => e.cls === ctor);
    const entry = existing ?? this.makeEntry(names[0], kind, ctor, origin);
    if (!existing) this.entries.push(entry);
    for (const name of expandAliases(names)) if (!this.byName.has(name)) this.byName.set(name, entry);
    return entry;
  }

  private makeEntry(className: string, kind: NonNullable<ReturnType<typeof pluginKindOf>>, cls: new () => unknown, origin: string): PluginEntry {
    if (kind !== 'connector') {
      let version = 'undefined';
      try {
        const v = (new cls() as { version?: () => string }).version?.();
        if (typeof v === 'string') version = v;
      } catch { /* a transform that needs config to construct: no version */ }
      return { className, type: kind, cls, version, origin };
    }
    let instance: { kind?: unknown; version(): string; taskClass(): unknown };
    try {
      instance = new cls() as typeof instance;
    } catch (err) {
      throw new FjordError('CONFIG', `plugin ${origin}: connector class '${className}' cannot be constructed without arguments: ${(err as Error).message}`, { cause: err });
    }
    return { className, type: connectorType(instance, className, origin), cls, version: String(instance.version()), origin };
  }

  /** The plugin with this name, or undefined. */
  find(name: string): PluginEntry | undefined {
    return this.byName.get(name);
  }

  /** A connector class by name; an unknown or non-connector name throws, naming `where`. */
  connector(name: string): PluginEntry {
    const entry = this.byName.get(name);
    if (!entry || (entry.type !== 'source' && entry.type !== 'sink')) {
      const known = this.list(['source', 'sink']).map((e) => e.className);
      throw new FjordError('CONFIG', `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${known.join(', ') || '(none)'}`);
    }
    return entry;
  }

  /** Every plugin of these types, sorted by class name. */
  list(types?: PluginType[]): PluginEntry[] {
    return this.entries.filter((e) => !types || types.includes(e.type)).sort((a, b) => a.className.localeCompare(b.className));
  }

  /** A loader for transformations/predicates/converters by name (for the transform chain and converters). */
  classLoader(): (name: string) => (new () => unknown) | undefined {
    return (name) => this.byName.get(name)?.cls;
  }
}

/** Each name, its simple name after the last '.', and those without a `Connector` suffix. */
function expandAliases(names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const simple = name.slice(name.lastIndexOf('.') + 1);
    for (const n of [name, simple]) {
      out.push(n);
      if (n.endsWith('Connector') && n.length > 'Connector'.length) out.push(n.slice(0, -'Connector'.length));
    }
  }
  return [...new Set(out)];
}
