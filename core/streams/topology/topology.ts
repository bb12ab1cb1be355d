/**
 * A processor topology (Kafka Streams' `Topology`): sources, processors, sinks and state stores,
 * split into sub-topologies. Nodes connected by parent/child edges or by a shared store belong to
 * one sub-topology; a topic written by one sub-topology and read by another (a repartition topic)
 * separates them. The runtime creates one task per sub-topology and input partition.
 */
import { FjordError } from '../../errors.js';
import type { ProcessorSupplier } from '../processor/processor.js';
import type { Serde } from '../serdes/serde.js';
import { Serdes } from '../serdes/serdes.js';
import type {
  ProcessorNode, SinkNode, SourceNode, StoreDef, StreamPartitioner, TimestampExtractor, TopicNameExtractor, TopologyNode,
} from './nodes.js';
import { TopologyDescription } from './topology-description.js';

export { TopologyDescription };

export interface SubTopology {
  id: number;
  nodes: TopologyNode[];
  sources: SourceNode[];
  stores: StoreDef[];
  /** Global-store sub-topologies feed global stores and generate no tasks. */
  global: boolean;
}

export interface AddSourceOptions {
  keySerde?: Serde<any>;
  valueSerde?: Serde<any>;
  timestampExtractor?: TimestampExtractor;
  /** The topic is `<applicationId>-<topic>` (repartition topics). */
  internal?: boolean;
}

export interface AddSinkOptions {
  keySerde?: Serde<any>;
  valueSerde?: Serde<any>;
  partitioner?: StreamPartitioner<any, any>;
  internal?: boolean;
}

export class Topology {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly stores = new Map<string, StoreDef>();
  /** Repartition topics this topology creates, with their partition count (null = like their input). */
  readonly repartitionTopics = new Map<string, { partitions: number | null }>();
  private cached: SubTopology[] | null = null;

  addSource(name: string, topics: string[] | RegExp, options: AddSourceOptions = {}): this {
    this.checkNewName(name);
    const pattern = topics instanceof RegExp ? topics : undefined;
    const list = topics instanceof RegExp ? [] : topics;
    if (pattern === undefined && list.length === 0) throw new FjordError('INVALID_ARGUMENT', `source ${name}: at least one topic is required`);
    for (const other of this.nodes.values()) {
      const clash = other.kind === 'source' && other.internal === (options.internal ?? false) ? other.topics.find((t) => list.includes(t)) : undefined;
      if (clash !== undefined) throw new FjordError('INVALID_ARGUMENT', `topic ${clash} is already read by source ${other.name}; a topic can be the source of only one stream or table`);
    }
    this.put({
      kind: 'source', name, topics: list, pattern, internal: options.internal ?? false,
      keySerde: options.keySerde ?? Serdes.ByteArray(), valueSerde: options.valueSerde ?? Serdes.ByteArray(),
      timestampExtractor: options.timestampExtractor, children: [],
    });
    return this;
  }

  addProcessor(name: string, supplier: ProcessorSupplier<any, any, any, any>, ...parents: string[]): this {
    this.checkNewName(name);
    if (parents.length === 0) throw new FjordError('INVALID_ARGUMENT', `processor ${name} needs at least one parent`);
    this.put({ kind: 'processor', name, supplier, parents: [...parents], children: [], stores: [] });
    this.link(name, parents);
    return this;
  }

  /** @internal The DSL marks a processor that never reads values (see `ProcessorNode.ignoresValues`). */
  markIgnoresValues(name: string): this {
    const node = this.nodes.get(name);
    if (node === undefined || node.kind !== 'processor') throw new FjordError('INVALID_ARGUMENT', `no processor named ${name}`);
    node.ignoresValues = true;
    return this;
  }

  addSink(name: string, topic: string | TopicNameExtractor<any, any>, options: AddSinkOptions, ...parents: string[]): this {
    this.checkNewName(name);
    if (parents.length === 0) throw new FjordError('INVALID_ARGUMENT', `sink ${name} needs at least one parent`);
    this.put({
      kind: 'sink', name, topic, internal: options.internal ?? false,
      keySerde: options.keySerde ?? Serdes.ByteArray(), valueSerde: options.valueSerde ?? Serdes.ByteArray(),
      partitioner: options.partitioner, parents: [...parents],
    });
    this.link(name, parents);
    return this;
  }

  /** Adds a store (a definition, or a `Stores.*` builder) and connects it to the named processors. */
  addStateStore(storeOrBuilder: StoreDef | { def: StoreDef }, ...processorNames: string[]): this {
    const store = 'def' in storeOrBuilder ? storeOrBuilder.def : storeOrBuilder;
    if (this.stores.has(store.name)) throw new FjordError('INVALID_ARGUMENT', `a state store named ${store.name} already exists`);
    this.stores.set(store.name, store);
    this.connectProcessorAndStateStores(...processorNames.map((p) => [p, store.name] as const));
    return this;
  }

  connectProcessorAndStateStores(...pairs: (readonly [string, string])[]): this {
    for (const [processorName, storeName] of pairs) {
      const node = this.nodes.get(processorName);
      if (node === undefined || node.kind !== 'processor') throw new FjordError('INVALID_ARGUMENT', `no processor named ${processorName} to connect store ${storeName} to`);
      if (!this.stores.has(storeName)) throw new FjordError('INVALID_ARGUMENT', `processor ${processorName}: no state store named ${storeName} (add it with addStateStore first)`);
      if (!node.stores.includes(storeName)) node.stores.push(storeName);
    }
    this.cached = null;
    return this;
  }

  hasStore(name: string): boolean {
    return this.stores.has(name);
  }

  store(name: string): StoreDef | undefined {
    return this.stores.get(name);
  }

  node(name: string): TopologyNode | undefined {
    return this.nodes.get(name);
  }

  allStores(): StoreDef[] {
    return [...this.stores.values()];
  }

  /**
   * Sub-topologies numbered as Kafka numbers them: in the order their first node was added, global
   * store sub-topologies included (they take an id but generate no tasks).
   */
  subTopologies(): SubTopology[] {
    if (this.cached !== null) return this.cached;
    this.cached = this.components().map((g, id) => ({ ...g, id }));
    return this.cached;
  }

  /** What the topology looks like; `describe().toString()` prints Kafka Streams' layout. */
  describe(): TopologyDescription {
    return new TopologyDescription(this.subTopologies());
  }

  /**
   * Groups nodes into sub-topologies: parent/child edges and shared stores join them. Global
   * stores do not: any processor may read one (a stream-globalTable join) without joining the
   * global store's own sub-topology, which is the one holding the store's source node.
   */
  private components(): Omit<SubTopology, 'id'>[] {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let root = x;
      while (parent.get(root) !== root) root = parent.get(root)!;
      parent.set(x, root);
      return root;
    };
    const union = (a: string, b: string) => parent.set(find(a), find(b));
    const isGlobal = (store: string) => this.stores.get(store)?.global !== undefined;
    const globalSources = new Set([...this.stores.values()].flatMap((s) => (s.global === undefined ? [] : [s.global.sourceNode])));
    for (const name of this.nodes.keys()) parent.set(name, name);
    const storeOwner = new Map<string, string>();
    for (const node of this.nodes.values()) {
      if (node.kind !== 'source') for (const p of node.parents) union(node.name, p);
      if (node.kind === 'processor') {
        for (const s of node.stores) {
          if (isGlobal(s)) continue;
          const owner = storeOwner.get(s);
          if (owner === undefined) storeOwner.set(s, node.name);
          else union(node.name, owner);
        }
      }
    }
    const byRoot = new Map<string, TopologyNode[]>();
    for (const node of this.nodes.values()) {
      const root = find(node.name);
      const list = byRoot.get(root) ?? [];
      list.push(node);
      byRoot.set(root, list);
    }
    return [...byRoot.values()].map((nodes) => {
      const global = nodes.some((n) => globalSources.has(n.name));
      const storeNames = new Set(nodes.flatMap((n) => (n.kind === 'processor' ? n.stores : [])).filter((s) => global || !isGlobal(s)));
      const stores = [...storeNames].map((s) => this.stores.get(s)!);
      return { nodes, sources: nodes.filter((n): n is SourceNode => n.kind === 'source'), stores, global };
    });
  }

  private put(node: TopologyNode): void {
    this.nodes.set(node.name, node);
    this.cached = null;
  }

  private link(child: string, parents: string[]): void {
    for (const p of parents) {
      const parent = this.nodes.get(p);
      if (parent === undefined) throw new FjordError('INVALID_ARGUMENT', `${child}: no parent node named ${p}`);
      if (parent.kind === 'sink') throw new FjordError('INVALID_ARGUMENT', `${child}: sink ${p} cannot have children`);
      parent.children.push(child);
    }
  }

  private checkNewName(name: string): void {
    if (name.length === 0) throw new FjordError('INVALID_ARGUMENT', 'a topology node needs a non-empty name');
    if (this.nodes.has(name)) throw new FjordError('INVALID_ARGUMENT', `a node named ${name} already exists in this topology`);
  }
}
