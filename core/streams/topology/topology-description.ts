/**
 * `Topology.describe()`: the topology as Kafka Streams prints it, so people can compare Fjord's
 * sub-topologies, node names and stores with what they know from Kafka.
 */
import type { TopologyNode } from './nodes.js';
import type { SubTopology } from './topology.js';

/** What `topology.describe()` returns; `toString()` prints Kafka Streams' layout. */
export class TopologyDescription {
  constructor(readonly subtopologies: readonly SubTopology[]) {}

  /**
   * Kafka's text, byte for byte: "Topologies:" then each sub-topology (the first indented three
   * spaces, later ones two, because Kafka's builder starts with "\n "), nodes ordered by the size
   * of their downstream graph (largest first) then by name, and a blank line after each
   * sub-topology but not after a global store.
   */
  toString(): string {
    let out = 'Topologies:\n ';
    for (const sub of this.subtopologies) out += `  ${sub.global ? describeGlobalStore(sub) : describeSubTopology(sub)}`;
    return out;
  }
}

function describeSubTopology(sub: SubTopology): string {
  const order = nodeOrder(sub.nodes);
  const nodes = [...sub.nodes].sort(order);
  // As in Kafka, a processor reading a global store does not list it: only the sub-topology's own stores.
  const own = new Set(sub.stores.map((s) => s.name));
  return `Sub-topology: ${sub.id}\n${nodes.map((n) => `    ${describeNode(n, order, own)}\n`).join('')}\n`;
}

function describeGlobalStore(sub: SubTopology): string {
  const order = nodeOrder(sub.nodes);
  const nodes = [...sub.nodes].sort(order);
  return `Sub-topology: ${sub.id} for global store (will not generate tasks)\n${nodes.map((n) => `    ${describeNode(n, order)}\n`).join('')}`;
}

/**
 * Kafka's node order: by the size of the graph below a node (itself plus, for each child, the
 * child's size: sources and early nodes come first), ties broken by name.
 */
function nodeOrder(nodes: readonly TopologyNode[]): (a: TopologyNode | string, b: TopologyNode | string) => number {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const sizes = new Map<string, number>();
  const sizeOf = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const node = byName.get(name);
    const children = node === undefined || node.kind === 'sink' ? [] : node.children;
    const size = 1 + children.reduce((sum, c) => sum + sizeOf(c), 0);
    sizes.set(name, size);
    return size;
  };
  return (a, b) => {
    const nameA = typeof a === 'string' ? a : a.name;
    const nameB = typeof b === 'string' ? b : b.name;
    return sizeOf(nameB) - sizeOf(nameA) || (nameA < nameB ? -1 : nameA > nameB ? 1 : 0);
  };
}

function describeNode(node: TopologyNode, order: (a: string, b: string) => number, ownStores?: ReadonlySet<string>): string {
  const names = (list: string[]) => (list.length === 0 ? 'none' : [...list].sort(order).join(', '));
  if (node.kind === 'source') {
    const topics = node.pattern !== undefined ? node.pattern.source : `[${node.topics.join(', ')}]`;
    return `Source: ${node.name} (topics: ${topics})\n      --> ${names(node.children)}`;
  }
  if (node.kind === 'processor') {
    const stores = ownStores === undefined ? node.stores : node.stores.filter((st) => ownStores.has(st));
    return `Processor: ${node.name} (stores: [${stores.join(', ')}])\n      --> ${names(node.children)}\n      <-- ${names(node.parents)}`;
  }
  const target = typeof node.topic === 'string' ? `topic: ${node.topic}` : `extractor class: ${node.topic.name || 'TopicNameExtractor'}`;
  return `Sink: ${node.name} (${target})\n      <-- ${names(node.parents)}`;
}
