/**
 * The DSL's shared state: the topology being built, Kafka-style generated names
 * (`KSTREAM-FILTER-0000000001`) and small helpers the KStream/KTable classes share.
 */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import type { StoreDef, StoreKind } from '../topology/nodes.js';
import { Topology } from '../topology/topology.js';
import type { Materialized } from './options.js';

export class InternalBuilder {
  readonly topology = new Topology();
  private index = 0;

  /**
   * `PREFIX-0000000007`, or the user's name when given. As in Kafka, a user's name does not use
   * up an index, so naming one operator leaves the generated names of the others unchanged.
   */
  newName(prefix: string, given?: string): string {
    if (given !== undefined) return checkName('name', given);
    return `${prefix}-${String(this.index++).padStart(10, '0')}`;
  }

  /** Kafka's generated store name: `KSTREAM-AGGREGATE-STATE-STORE-0000000003` for prefix `KSTREAM-AGGREGATE-`. */
  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }

  /** `ignoresValues`: the processor only tests values for null (count; see `ProcessorNode.ignoresValues`). */
  addProcessor(name: string, supplier: ProcessorSupplier<any, any, any, any>, parents: string[], stores: string[] = [], ignoresValues = false): string {
    this.topology.addProcessor(name, supplier, ...parents);
    if (ignoresValues) this.topology.markIgnoresValues(name);
    if (stores.length > 0) this.topology.connectProcessorAndStateStores(...stores.map((s) => [name, s] as const));
    return name;
  }

  /** Adds a store for a DSL operator; the name comes from Materialized or is generated. */
  addStore(kind: StoreKind, generatedName: string, materialized: Materialized<any, any> | undefined, serdes: { keySerde: Serde<any>; valueSerde: Serde<any> }, extra: Partial<StoreDef> = {}): StoreDef {
    const def: StoreDef = {
      name: materialized?.storeName === undefined ? generatedName : checkName('store name', materialized.storeName),
      kind,
      persistent: materialized?.persistent ?? true,
      logging: materialized?.logging ?? true,
      changelogConfig: { 'cleanup.policy': kind === 'keyValue' ? 'compact' : 'compact,delete', ...materialized?.changelogConfig },
      timestamped: true,
      caching: materialized?.caching ?? true,
      keySerde: serdes.keySerde,
      valueSerde: serdes.valueSerde,
      ...extra,
    };
    this.topology.addStateStore(def);
    return def;
  }
}

/** The longest user-given name: it becomes part of topic names (changelog, repartition), as in Kafka. */
export const NAME_LENGTH_MAX = 249;

/**
 * Kafka's Named.validate for user-given processor, store and repartition names: they end up in
 * topic names, so they follow the topic-name rule (1-249 chars of ASCII letters, digits, '.', '_', '-').
 */
export function checkName(what: string, name: string): string {
  const problem = name.length === 0 ? 'it is empty'
    : name === '.' || name === '..' ? 'it cannot be "." or ".."'
      : name.length > NAME_LENGTH_MAX ? `it is ${name.length} characters, the limit is ${NAME_LENGTH_MAX}`
        : /^[a-zA-Z0-9._-]+$/.test(name) ? null
          : `it contains "${[...name].find((c) => !/[a-zA-Z0-9._-]/.test(c))}"; use ASCII letters, digits, '.', '_' and '-'`;
  if (problem !== null) throw new FjordError('INVALID_ARGUMENT', `${what} "${name}" is illegal: ${problem}`);
  return name;
}

/** Whether `name` looks generated (`KSTREAM-...-0000000007`); repartition nodes then get generated names too. */
export function isGeneratedName(name: string): boolean {
  return /^KSTREAM.*-[0-9]{10}$/.test(name);
}

/** The serde to use when the user gave none and the type may have changed: JSON. */
export function orDefault<T>(serde: Serde<T> | undefined): Serde<T> {
  return serde ?? (Serdes.Json<T>() as Serde<T>);
}
