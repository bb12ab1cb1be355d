/** Small typed accessors over Chevrotain CST nodes, shared by the AST builder files. */
import { CstElement, CstNode, IToken } from 'chevrotain';
import { SourcePosition } from '../ast/node.js';
import { assert } from '../../core/errors.js';

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** Sub-rule nodes under `name` (a rule name or a LABEL). */
export function nodes(node: CstNode, name: string): CstNode[] {
  return (node.children[name] ?? []).filter((e): e is CstNode => !isToken(e));
}

/** The first sub-rule node under `name`, if any. */
export function maybeNode(node: CstNode, name: string): CstNode | undefined {
  return nodes(node, name)[0];
}

/** The first sub-rule node under `name`; the grammar guarantees it exists. */
export function node(parent: CstNode, name: string): CstNode {
  const found = maybeNode(parent, name);
  assert(found !== undefined, `CST node ${parent.name} has no child ${name}`);
  return found;
}

/** Tokens under `name` (a token type name or a LABEL). */
export function tokens(node: CstNode, name: string): IToken[] {
  return (node.children[name] ?? []).filter(isToken);
}

/** The first token under `name`, if any. */
export function maybeToken(node: CstNode, name: string): IToken | undefined {
  return tokens(node, name)[0];
}

/** The first token under `name`; the grammar guarantees it exists. */
export function token(parent: CstNode, name: string): IToken {
  const found = maybeToken(parent, name);
  assert(found !== undefined, `CST node ${parent.name} has no token ${name}`);
  return found;
}

/** True when the node has any child under `name`. */
export function has(node: CstNode, name: string): boolean {
  return (node.children[name]?.length ?? 0) > 0;
}

/** Position of a token. */
export function tokenPos(t: IToken): SourcePosition {
  return { line: t.startLine ?? 1, column: t.startColumn ?? 1, offset: t.startOffset };
}

/** The first token of a CST node (by offset), for its position. */
export function firstToken(n: CstNode): IToken {
  let best: IToken | undefined;
  for (const list of Object.values(n.children)) {
    for (const e of list) {
      const t = isToken(e) ? e : firstToken(e);
      if (best === undefined || t.startOffset < best.startOffset) best = t;
    }
  }
  assert(best !== undefined, `CST node ${n.name} is empty`);
  return best;
}

/** Position of a CST node (the parser tracks node locations). */
export function nodePos(n: CstNode): SourcePosition {
  const loc = n.location;
  if (loc === undefined || loc.startLine === undefined || Number.isNaN(loc.startOffset)) return tokenPos(firstToken(n));
  return { line: loc.startLine, column: loc.startColumn ?? 1, offset: loc.startOffset };
}

/** The only child element of a node with exactly one child (an OR of single alternatives). */
export function onlyChild(n: CstNode): { name: string; element: CstNode | IToken } {
  const entries = Object.entries(n.children);
  assert(entries.length >= 1, `CST node ${n.name} has no children`);
  const [name, list] = entries[0];
  return { name, element: list[0] };
}

export { isToken };
