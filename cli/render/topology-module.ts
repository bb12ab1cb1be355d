/**
 * Finds the topology a user's module exports, for `fjord topology <module>`: a Topology, a
 * StreamsBuilder (built here), or a function (possibly async) returning either. Recognised by
 * shape, not `instanceof`: a TypeScript module loaded through tsx gets its own copy of Fjord's
 * classes. TypeScript modules load with plain `import()` under tsx, else through tsx's API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FjordError } from '../../core/errors.js';
import type { DrawableTopology } from '../../core/streams/topology/draw.js';

/** Export names tried, in order, when the user names none. */
export const TOPOLOGY_EXPORT_NAMES = ['default', 'topology', 'buildTopology', 'builder'] as const;

const isTopology = (v: unknown): v is DrawableTopology & { describe(): { toString(): string } } =>
  typeof v === 'object' && v !== null && typeof (v as { subTopologies?: unknown }).subTopologies === 'function';
const isBuilder = (v: unknown): v is { build(): unknown } =>
  typeof v === 'object' && v !== null && typeof (v as { build?: unknown }).build === 'function';

/** Turns one exported value into a topology, or null when it is none of the accepted shapes. */
async function asTopology(value: unknown): Promise<ReturnType<typeof topologyOrNull>> {
  return topologyOrNull(typeof value === 'function' ? await (value as () => unknown)() : value);
}

function topologyOrNull(value: unknown): (DrawableTopology & { describe(): { toString(): string } }) | null {
  if (isTopology(value)) return value;
  if (isBuilder(value)) {
    const built = value.build();
    if (isTopology(built)) return built;
  }
  return null;
}

/**
 * The topology from a loaded module's exports: `exportName` if given, else the first of
 * TOPOLOGY_EXPORT_NAMES present, else the only export that is one.
 */
export async function topologyFromExports(exports: Record<string, unknown>, where: string, exportName?: string) {
  if (exportName !== undefined) {
    if (!(exportName in exports)) throw new FjordError('INVALID_ARGUMENT', `${where} has no export named '${exportName}' (exports: ${Object.keys(exports).join(', ') || 'none'})`);
    const t = await asTopology(exports[exportName]);
    if (t === null) throw new FjordError('INVALID_ARGUMENT', `${where}: export '${exportName}' is not a Topology, a StreamsBuilder or a function returning one`);
    return t;
  }
  for (const name of TOPOLOGY_EXPORT_NAMES) {
    if (!(name in exports)) continue;
    const t = await asTopology(exports[name]);
    if (t !== null) return t;
  }
  // Only values, not functions: calling arbitrary exported functions to see what they return could do anything.
  const found = Object.entries(exports).map(([name, v]) => [name, topologyOrNull(v)] as const).filter(([, t]) => t !== null);
  if (found.length === 1) return found[0][1]!;
  const hint = found.length > 1 ? `several exports are topologies (${found.map(([n]) => n).join(', ')}); choose one with --export NAME` : `export a Topology, a StreamsBuilder or a function returning one, as default or as one of ${TOPOLOGY_EXPORT_NAMES.slice(1).join(', ')}`;
  throw new FjordError('INVALID_ARGUMENT', `${where}: no topology found; ${hint}`);
}

/** Imports a .js/.mjs/.ts/.mts module by path, relative to the working directory. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new FjordError('INVALID_ARGUMENT', `module not found: ${file}`);
  const url = pathToFileURL(full).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
  }
  // A .ts file under plain node: load it through tsx (a dev dependency of a Fjord checkout).
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import('tsx/esm/api')) as { tsImport: typeof tsImport });
  } catch {
    throw new FjordError('INVALID_ARGUMENT', `${file} is TypeScript and tsx is not installed: compile it to .js, or npm install tsx`);
  }
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}
