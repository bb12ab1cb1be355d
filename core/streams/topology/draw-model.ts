/**
 * The shape the topology drawings share: sub-topologies with their nodes in reading order
 * (sources first, then depth-first along the edges), the topics each source reads and each sink
 * writes, and the stores each processor uses. Built from `Topology.subTopologies()` (the data
 * `describe()` prints) and never changes it.
 */
import type { StoreDef, TopologyNode } from './nodes.js';
import type { SubTopology } from './topology.js';

/** What the drawings accept: a Topology, or its description (both carry the sub-topologies). */
export type DrawableTopology = { subTopologies(): readonly SubTopology[] } | { readonly subtopologies: readonly SubTopology[] };

/** Options every drawing takes. */
export interface DrawOptions {
  /** Names internal topics (repartition, changelog) as at run time: `<applicationId>-...`. */
  applicationId?: string;
}

/** The sub-topologies of either input. */
export function subTopologiesOf(topology: DrawableTopology): readonly SubTopology[] {
  return 'subTopologies' in topology ? topology.subTopologies() : topology.subtopologies;
}

/**
 * A topic as the drawings name it: internal topics are prefixed with the application id at run
 * time, shown as `<app>` unless the caller names the application.
 */
export function topicLabel(topic: string, internal: boolean, applicationId?: string): string {
  return internal ? `${applicationId ?? '<app>'}-${topic}` : topic;
}

/** The topics a source reads: names, or the pattern as `/regex/`. */
export function sourceTopics(node: Extract<TopologyNode, { kind: 'source' }>, applicationId?: string): string[] {
  if (node.pattern !== undefined) return [`/${node.pattern.source}/`];
  return node.topics.map((t) => topicLabel(t, node.internal, applicationId));
}

/** The topic a sink writes, or `(dynamic: name)` for a TopicNameExtractor. */
export function sinkTopic(node: Extract<TopologyNode, { kind: 'sink' }>, applicationId?: string): string {
  if (typeof node.topic === 'string') return topicLabel(node.topic, node.internal, applicationId);
  return `(dynamic: ${node.topic.name || 'TopicNameExtractor'})`;
}

/** One line about a store: kind, where it lives, its changelog (named when the application is), its window. */
export function storeSummary(store: StoreDef, applicationId?: string): string {
  const parts: string[] = [store.kind === 'keyValue' ? 'key-value' : store.kind, store.persistent ? 'persistent' : 'in-memory'];
  if (store.global !== undefined) parts.push(`global, from ${store.global.topic}`);
  else if (!store.logging) parts.push('no changelog');
  else parts.push(applicationId === undefined ? 'changelog' : `changelog ${applicationId}-${store.name}-changelog`);
  if (store.windowSizeMs !== undefined) parts.push(`window ${store.windowSizeMs} ms`);
  if (store.retentionMs !== undefined) parts.push(`retention ${store.retentionMs} ms`);
  return parts.join(', ');
}

/** Children of a node (sinks have none). */
export function childrenOf(node: TopologyNode): string[] {
  return node.kind === 'sink' ? [] : node.children;
}

/**
 * The nodes of a sub-topology in reading order: each source (by name) then depth-first through
 * its children in the order they were added; nodes no source reaches come last. Each node once.
 */
export function readingOrder(sub: SubTopology): TopologyNode[] {
  const byName = new Map(sub.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const out: TopologyNode[] = [];
  const visit = (node: TopologyNode): void => {
    if (seen.has(node.name)) return;
    seen.add(node.name);
    out.push(node);
    for (const c of childrenOf(node)) {
      const child = byName.get(c);
      if (child !== undefined) visit(child);
    }
  };
  const sources = sub.nodes.filter((n) => n.kind === 'source').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const s of sources) visit(s);
  for (const n of sub.nodes) visit(n);
  return out;
}
