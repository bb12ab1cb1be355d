/**
 * Drawing a topology for people: a text tree for the terminal, a Mermaid flowchart for a file,
 * JSON for scripts. All read `Topology.subTopologies()`, the data `describe()` prints.
 */
export { drawTopologyText, type DrawTextOptions, type DrawTextPart } from './draw-text.js';
export { drawTopologyMermaid } from './draw-mermaid.js';
export { topologyToJson, type TopologyJson, type TopologyNodeJson, type TopologyStoreJson } from './draw-json.js';
export type { DrawableTopology, DrawOptions } from './draw-model.js';
