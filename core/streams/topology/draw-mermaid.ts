/**
 * `drawTopologyMermaid`: a topology as a Mermaid flowchart (renders on GitHub, in VS Code, at
 * mermaid.live). Sub-topologies are subgraphs; sources are stadiums, processors rectangles, sinks
 * subroutine boxes, stores cylinders (dotted edges to the processors using them), topics
 * parallelograms outside the subgraphs, so a repartition topic visibly links two sub-topologies.
 */
import type { TopologyNode } from './nodes.js';
import { readingOrder, sinkTopic, sourceTopics, subTopologiesOf, type DrawableTopology, type DrawOptions } from './draw-model.js';

/** Mermaid labels are quoted; quotes and angle brackets inside one are written as entities. */
function label(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;
}

/** Node ids are generated (n0, t0, s0): names may hold characters Mermaid ids cannot. */
class Ids {
  private readonly ids = new Map<string, string>();
  private next = 0;
  constructor(private readonly prefix: string) {}
  get(name: string): string {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = `${this.prefix}${this.next++}`;
      this.ids.set(name, id);
    }
    return id;
  }
  has(name: string): boolean {
    return this.ids.has(name);
  }
}

function shape(node: TopologyNode): string {
  if (node.kind === 'source') return `([${label(node.name)}])`;
  if (node.kind === 'sink') return `[[${label(node.name)}]]`;
  return `[${label(node.name)}]`;
}

/** The Mermaid source of the diagram (`flowchart LR`), ending with a line break. */
export function drawTopologyMermaid(topology: DrawableTopology, options: DrawOptions = {}): string {
  const nodes = new Ids('n');
  const topics = new Ids('t');
  const stores = new Ids('s');
  const body: string[] = [];
  const edges: string[] = [];
  const topicLines: string[] = [];
  const topic = (name: string): string => {
    const known = topics.has(name);
    const id = topics.get(name);
    if (!known) topicLines.push(`  ${id}[/${label(name)}/]`);
    return id;
  };
  for (const sub of subTopologiesOf(topology)) {
    body.push(`  subgraph sub${sub.id}[${label(sub.global ? `Sub-topology ${sub.id} (global store)` : `Sub-topology ${sub.id}`)}]`);
    for (const node of readingOrder(sub)) {
      const id = nodes.get(node.name);
      body.push(`    ${id}${shape(node)}`);
      if (node.kind === 'source') for (const t of sourceTopics(node, options.applicationId)) edges.push(`  ${topic(t)} --> ${id}`);
      if (node.kind === 'sink') edges.push(`  ${id} --> ${topic(sinkTopic(node, options.applicationId))}`);
      else for (const c of node.children) edges.push(`  ${id} --> ${nodes.get(c)}`);
      if (node.kind === 'processor') for (const s of node.stores) edges.push(`  ${id} -.- ${stores.get(s)}`);
    }
    for (const s of sub.stores) body.push(`    ${stores.get(s.name)}[(${label(s.name)})]`);
    body.push('  end');
  }
  return ['flowchart LR', ...topicLines, ...body, ...edges].join('\n') + '\n';
}
