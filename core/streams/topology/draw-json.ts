/**
 * `topologyToJson`: a topology as plain JSON data for scripts (`fjord topology --format json`):
 * sub-topologies with their nodes (kind, topics, edges, stores) and store definitions.
 */
import { childrenOf, readingOrder, sinkTopic, sourceTopics, subTopologiesOf, type DrawableTopology, type DrawOptions } from './draw-model.js';

export interface TopologyNodeJson {
  name: string;
  kind: 'source' | 'processor' | 'sink';
  /** Sources: topics read (or `/pattern/`); sinks: the topic written. Internal topics start `<app>-` (or the application id given). */
  topics: string[];
  children: string[];
  parents: string[];
  stores: string[];
}

export interface TopologyStoreJson {
  name: string;
  kind: 'keyValue' | 'window' | 'session';
  persistent: boolean;
  changelog: boolean;
  global: boolean;
  windowSizeMs: number | null;
  retentionMs: number | null;
  /** The changelog topic, when the store has one and the application id is given. */
  changelogTopic: string | null;
}

export interface TopologyJson {
  subtopologies: { id: number; global: boolean; nodes: TopologyNodeJson[]; stores: TopologyStoreJson[] }[];
}

/** The topology as JSON-ready data; nodes in reading order (sources first, depth-first). */
export function topologyToJson(topology: DrawableTopology, options: DrawOptions = {}): TopologyJson {
  const appId = options.applicationId;
  return {
    subtopologies: subTopologiesOf(topology).map((sub) => ({
      id: sub.id,
      global: sub.global,
      nodes: readingOrder(sub).map((n) => ({
        name: n.name,
        kind: n.kind,
        topics: n.kind === 'source' ? sourceTopics(n, appId) : n.kind === 'sink' ? [sinkTopic(n, appId)] : [],
        children: [...childrenOf(n)],
        parents: n.kind === 'source' ? [] : [...n.parents],
        stores: n.kind === 'processor' ? [...n.stores] : [],
      })),
      stores: sub.stores.map((s) => ({
        name: s.name,
        kind: s.kind,
        persistent: s.persistent,
        changelog: s.logging,
        global: s.global !== undefined,
        windowSizeMs: s.windowSizeMs ?? null,
        retentionMs: s.retentionMs ?? null,
        changelogTopic: s.logging && s.global === undefined && appId !== undefined ? `${appId}-${s.name}-changelog` : null,
      })),
    })),
  };
}
