/**
 * Checks ksqlDB's AST builder makes over a whole statement, and the lambda-variable rewrite.
 * They walk the built AST generically (every object reachable from the root), which keeps
 * them independent of the node types.
 */
import { Expression } from '../ast/expressions.js';
import { SourcePosition } from '../ast/node.js';
import { SqlSyntaxError } from './errors.js';

type Node = { kind?: string; pos?: SourcePosition; [key: string]: unknown };

/** Calls `visit` for every object reachable from `root` (pre-order). */
function walk(root: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(root)) {
    for (const item of root) walk(item, visit);
  } else if (root !== null && typeof root === 'object') {
    visit(root as Node);
    for (const [key, value] of Object.entries(root)) if (key !== 'pos') walk(value, visit);
  }
}

/**
 * Throws when a qualified column (`x.col`) or `x.*` names neither a source nor an alias of the
 * statement, with ksqlDB's message.
 */
export function checkQualifiers(statement: unknown): void {
  const known = new Set<string>();
  walk(statement, (node) => {
    if (node.kind !== 'AliasedSource') return;
    known.add(node.name as string);
    if (node.alias !== undefined) known.add(node.alias as string);
  });
  walk(statement, (node) => {
    const qualifier = node.kind === 'ColumnRef' || node.kind === 'AllColumns' ? (node.source as string | undefined) : undefined;
    if (qualifier === undefined || known.has(qualifier)) return;
    const pos = node.pos ?? { line: 1, column: 1, offset: 0 };
    throw new SqlSyntaxError(
      `Failed to prepare statement: '${qualifier}' is not a valid stream/table name or alias. (line ${pos.line}:${pos.column})`,
      { line: pos.line, column: pos.column, offendingToken: qualifier },
    );
  });
}

/** `body` with unqualified references to `params` turned into `LambdaVariable` nodes. */
export function bindLambdaParams(body: Expression, params: string[]): Expression {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const node = value as Node;
    if (node.kind === 'ColumnRef' && node.source === undefined && params.includes(node.name as string)) {
      return { kind: 'LambdaVariable', name: node.name, pos: node.pos };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) copy[key] = key === 'pos' ? child : rewrite(child);
    return copy;
  };
  return rewrite(body) as Expression;
}
