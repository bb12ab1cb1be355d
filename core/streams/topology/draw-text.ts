/**
 * `drawTopologyText`: a topology as a tree for the terminal. Each sub-topology starts at its
 * sources; a node with several parents (a join, a merge) is drawn in full under the first and
 * named with `(see above)` under the others, so every node's subtree is printed once.
 */
import type { TopologyNode } from './nodes.js';
import type { SubTopology } from './topology.js';
import { childrenOf, readingOrder, sinkTopic, sourceTopics, storeSummary, subTopologiesOf, type DrawableTopology, type DrawOptions } from './draw-model.js';

/** What `paint` may colour: the kind word of a node, or a sub-topology heading. */
export type DrawTextPart = 'source' | 'processor' | 'sink' | 'store' | 'heading';

/** Box-drawing by default; `ascii` for terminals and logs that cannot show it. */
export interface DrawTextOptions extends DrawOptions {
  ascii?: boolean;
  /** Colours a part (the CLI passes ANSI colours on a terminal); identity by default. */
  paint?: (part: DrawTextPart, text: string) => string;
}

const noPaint = (_part: DrawTextPart, text: string): string => text;

interface Glyphs {
  branch: string;
  last: string;
  pipe: string;
  space: string;
  from: string;
  to: string;
}

const UNICODE: Glyphs = { branch: '├─ ', last: '└─ ', pipe: '│  ', space: '   ', from: '←', to: '→' };
const ASCII: Glyphs = { branch: '|- ', last: '`- ', pipe: '|  ', space: '   ', from: '<-', to: '->' };

function nodeLine(node: TopologyNode, g: Glyphs, paint: NonNullable<DrawTextOptions['paint']>, appId: string | undefined): string {
  const kind = paint(node.kind, node.kind);
  if (node.kind === 'source') return `${kind} ${node.name} ${g.from} ${sourceTopics(node, appId).join(', ')}`;
  if (node.kind === 'sink') return `${kind} ${node.name} ${g.to} ${sinkTopic(node, appId)}`;
  return node.stores.length === 0 ? `${kind} ${node.name}` : `${kind} ${node.name} [${node.stores.map((st) => paint('store', st)).join(', ')}]`;
}

function drawSub(sub: SubTopology, g: Glyphs, paint: NonNullable<DrawTextOptions['paint']>, appId: string | undefined): string[] {
  const byName = new Map(sub.nodes.map((n) => [n.name, n]));
  const drawn = new Set<string>();
  const lines = [paint('heading', sub.global ? `Sub-topology ${sub.id} (global store, no tasks)` : `Sub-topology ${sub.id}`)];
  const walk = (node: TopologyNode, prefix: string, isLast: boolean, root: boolean): void => {
    const lead = root ? '  ' : `  ${prefix}${isLast ? g.last : g.branch}`;
    if (drawn.has(node.name)) {
      lines.push(`${lead}${node.kind} ${node.name} (see above)`);
      return;
    }
    drawn.add(node.name);
    lines.push(`${lead}${nodeLine(node, g, paint, appId)}`);
    const children = childrenOf(node).map((c) => byName.get(c)).filter((c): c is TopologyNode => c !== undefined);
    const childPrefix = root ? '' : `${prefix}${isLast ? g.space : g.pipe}`;
    children.forEach((c, i) => walk(c, childPrefix, i === children.length - 1, false));
  };
  for (const node of readingOrder(sub)) if (!drawn.has(node.name)) walk(node, '', true, true);
  if (sub.stores.length > 0) {
    lines.push('  stores:');
    for (const s of sub.stores) lines.push(`    ${paint('store', s.name)} (${storeSummary(s, appId)})`);
  }
  return lines;
}

/** The topology as indented trees, one per sub-topology, ending with a line break. */
export function drawTopologyText(topology: DrawableTopology, options: DrawTextOptions = {}): string {
  const g = options.ascii === true ? ASCII : UNICODE;
  const subs = subTopologiesOf(topology);
  if (subs.length === 0) return '(empty topology)\n';
  return `${subs.map((s) => drawSub(s, g, options.paint ?? noPaint, options.applicationId).join('\n')).join('\n\n')}\n`;
}
