/**
 * Loads `plugin.path`: comma-separated entries, each a directory (every `.js`/`.mjs`/`.ts` module
 * and every package directory in it), a module file, or an npm package name. A plugin is a module
 * exporting a class (connector, transformation, predicate or converter); every such export is
 * registered under its export name and its class name.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FjordError } from '../../core/errors.js';
import { PluginRegistry } from './plugin-registry.js';

const MODULE_EXTENSIONS = ['.js', '.mjs', '.ts'];

/**
 * Builds the registry: built-ins first (name → class; several names may share a class, the
 * first one seen is listed), then each plugin.path entry in order.
 */
export async function loadPlugins(builtins: Record<string, unknown>, pluginPath: string[], cwd = process.cwd()): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  const namesByClass = new Map<unknown, string[]>();
  for (const [name, cls] of Object.entries(builtins)) {
    const names = namesByClass.get(cls) ?? [];
    // The full class name (with dots) is the listed one when there is one.
    if (name.includes('.')) names.unshift(name);
    else names.push(name);
    namesByClass.set(cls, names);
  }
  for (const [cls, names] of namesByClass) registry.add(names, cls, 'built-in');
  for (const entry of pluginPath) {
    for (const modulePath of modulesOf(entry, cwd)) await loadModule(registry, modulePath);
  }
  return registry;
}

/** The module files one plugin.path entry stands for. */
function modulesOf(entry: string, cwd: string): string[] {
  const full = path.resolve(cwd, entry);
  if (fs.existsSync(full)) {
    const stat = fs.statSync(full);
    if (stat.isFile()) return [full];
    if (fs.existsSync(path.join(full, 'package.json'))) return [packageMain(full)];
    const out: string[] = [];
    for (const name of fs.readdirSync(full).sort()) {
      const child = path.join(full, name);
      if (name.startsWith('.') || name === 'node_modules') continue;
      const s = fs.statSync(child);
      if (s.isFile() && MODULE_EXTENSIONS.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(child);
      else if (s.isDirectory() && fs.existsSync(path.join(child, 'package.json'))) out.push(packageMain(child));
    }
    return out;
  }
  if (entry.startsWith('.') || entry.startsWith('/') || entry.includes(path.sep + path.sep)) {
    throw new FjordError('CONFIG', `plugin.path entry '${entry}' does not exist (resolved to ${full})`);
  }
  // An npm package name, resolved from the working directory.
  try {
    const pkgJson = createRequire(path.join(cwd, 'noop.js')).resolve(`${entry}/package.json`);
    return [packageMain(path.dirname(pkgJson))];
  } catch (err) {
    throw new FjordError('CONFIG', `plugin.path entry '${entry}' is neither a directory, a module file nor an installed npm package (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

/** A package directory's entry module: exports (string, or '.' → import/default), else main, else index.js. */
function packageMain(dir: string): string {
  let pkg: { main?: string; exports?: unknown };
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as typeof pkg;
  } catch (err) {
    throw new FjordError('CONFIG', `plugin package ${dir}: unreadable package.json: ${(err as Error).message}`, { cause: err });
  }
  let target: unknown = pkg.exports;
  if (target && typeof target === 'object' && '.' in target) target = (target as Record<string, unknown>)['.'];
  if (target && typeof target === 'object') {
    const t = target as Record<string, unknown>;
    target = t.import ?? t.default ?? t.node ?? t.require;
  }
  const rel = typeof target === 'string' ? target : (pkg.main ?? 'index.js');
  return path.resolve(dir, rel);
}

async function loadModule(registry: PluginRegistry, modulePath: string): Promise<void> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (err) {
    throw new FjordError('CONFIG', `plugin.path: cannot load module ${modulePath}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  let found = 0;
  for (const [exportName, value] of Object.entries(mod)) {
    if (typeof value !== 'function') continue;
    const cls = value as { name?: string; className?: unknown };
    const names = [typeof cls.className === 'string' ? cls.className : null, exportName === 'default' ? null : exportName, cls.name || null]
      .filter((n): n is string => n !== null && n !== '');
    if (names.length === 0) names.push(path.basename(modulePath).replace(/\.[^.]+$/, ''));
    if (registry.add(names, value, modulePath)) found++;
  }
  if (found === 0) {
    throw new FjordError('CONFIG', `plugin.path: module ${modulePath} exports no connector, transformation, predicate, converter or header converter class`);
  }
}
