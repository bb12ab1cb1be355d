/**
 * User-defined functions written in TypeScript / JavaScript: `loadUdfs(paths)` imports each
 * module and turns what it exports into registry `FunctionFactory`s (scalar, aggregate or
 * table), checked up front so a bad module fails with a message naming the module, the entry
 * and what is wrong. The module shape is documented in `aggregate/README.md` ("User-defined
 * functions"). `udfFactories(exports, label)` is the pure part (no I/O), for tests and for
 * callers that already hold the module.
 *
 * Types are written as SQL type text (`'INT'`, `'DECIMAL(4, 2)'`, `'ARRAY<STRING>'`,
 * `'STRUCT<A INT>'`); parameters may also be `'DECIMAL'` (any precision) or `'ANY'` (any type,
 * passed unchanged). Arguments are matched as ksqlDB does (exact, else INTEGER → BIGINT →
 * DECIMAL → DOUBLE widening, values converted before the call; NULL fits any parameter).
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqlError } from '../errors.js';
import { parseStatements } from '../index.js';
import { fromAstType, type Type } from '../types/types.js';
import { bindSignature, type ParamPattern, type ParamSpec } from './aggregate/signature.js';
import type { ArgSpec, FunctionFactory, FunctionKind, FunctionVariant, ResolvedAggregate, ResolvedScalar, ResolvedTableFunction } from './types.js';

/** Most entries one module may export (a runaway generated module fails instead of flooding the registry). */
export const UDF_ENTRIES_PER_MODULE_MAX = 1000;

type Fn = (...args: never[]) => unknown;

/** One signature of a scalar or table UDF. */
export interface UdfVariant {
  readonly params: readonly string[];
  readonly returns: string;
  /** The last parameter repeats (zero or more times). */
  readonly variadic?: boolean;
  readonly fn: Fn;
  readonly description?: string;
}

interface UdfCommon {
  readonly name: string;
  readonly description?: string;
  readonly category?: string;
}

/** `{ name, kind: 'SCALAR', params, returns, fn }` or with `variants: [...]`. */
export interface ScalarUdf extends UdfCommon, Partial<UdfVariant> {
  readonly kind: 'SCALAR';
  readonly variants?: readonly UdfVariant[];
}

/** Like a scalar, but `fn` returns an array: one output row per element. */
export interface TableUdf extends UdfCommon, Partial<UdfVariant> {
  readonly kind: 'TABLE';
  readonly variants?: readonly UdfVariant[];
}

/** An aggregate: row-value `params`, then trailing literal `constants` handed to `init`. */
export interface AggregateUdf extends UdfCommon {
  readonly kind: 'AGGREGATE';
  readonly params: readonly string[];
  /** The last of `params` repeats (zero or more times), before any `constants`. */
  readonly variadic?: boolean;
  readonly constants?: readonly string[];
  readonly returns: string;
  /** The accumulator's SQL type, when it has one (format checks); omit otherwise. */
  readonly aggregate?: string;
  init(...constants: never[]): unknown;
  add(acc: never, ...values: never[]): unknown;
  merge(a: never, b: never): unknown;
  result(acc: never): unknown;
  undo?(acc: never, ...values: never[]): unknown;
}

export type UdfDefinition = ScalarUdf | TableUdf | AggregateUdf;

/** A failure naming the module (and entry) it is about. */
function udfError(label: string, message: string, cause?: unknown): SqlError {
  return new SqlError(`UDF module ${label}: ${message}`, 'statement', { cause });
}

/** Parses SQL type text; 'ANY' and 'DECIMAL' only where `patterns` allows them. */
function parseTypeText(text: unknown, where: string, patterns: boolean): ParamPattern {
  if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where} must be a SQL type name such as 'INT', got ${JSON.stringify(text)}`);
  const upper = text.trim().toUpperCase();
  if (patterns && (upper === 'ANY' || upper === 'DECIMAL')) return upper;
  const parsed = parseStatements(`CREATE TYPE UDF_TYPE AS ${text};`);
  const stmt = parsed.statements[0];
  if (parsed.errors.length > 0 || stmt === undefined || stmt.kind !== 'CreateType') throw new Error(`${where}: '${text}' is not a SQL type`);
  try {
    return fromAstType(stmt.type);
  } catch (e) {
    throw new Error(`${where}: '${text}' is not a SQL type (${(e as Error).message})`);
  }
}

function requireFunction(entry: object, key: string, where: string): void {
  if (typeof (entry as Record<string, unknown>)[key] !== 'function') throw new Error(`${where}: missing '${key}' (a function)`);
}

function requireTypes(list: unknown, where: string): readonly string[] {
  if (!Array.isArray(list)) throw new Error(`${where} must be an array of SQL type names`);
  return list as string[];
}

interface CheckedVariant {
  readonly params: readonly ParamPattern[];
  readonly returns: Type;
  readonly variadic: boolean;
  readonly fn: (...args: unknown[]) => unknown;
  readonly text: FunctionVariant;
}

function checkVariant(v: Partial<UdfVariant>, where: string): CheckedVariant {
  requireFunction(v, 'fn', where);
  const params = requireTypes(v.params, `${where}: 'params'`).map((p, i) => parseTypeText(p, `${where}: params[${i}]`, true));
  const returns = parseTypeText(v.returns, `${where}: 'returns'`, false) as Type;
  const variadic = v.variadic === true;
  if (variadic && params.length === 0) throw new Error(`${where}: 'variadic' needs at least one parameter`);
  const signature = (v.params ?? []).map((p, i) => (variadic && i === params.length - 1 ? `...${p}` : p)).join(', ');
  return { params, returns, variadic, fn: v.fn as (...args: unknown[]) => unknown, text: { signature, returnType: String(v.returns), description: v.description ?? '' } };
}

function variantsOf(entry: ScalarUdf | TableUdf, where: string): CheckedVariant[] {
  const list = entry.variants ?? [entry];
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${where}: 'variants' must be a non-empty array`);
  return list.map((v, i) => checkVariant(v as Partial<UdfVariant>, entry.variants === undefined ? where : `${where} variants[${i}]`));
}

/** Binds a call to one of the variants and returns the converted-argument caller. */
function bindVariant(displayName: string, variants: readonly CheckedVariant[], args: readonly ArgSpec[]): { variant: CheckedVariant; call: (values: readonly unknown[]) => unknown } {
  const signatures = variants.map((v) => ({ params: v.params, variadic: v.variadic, variant: v }));
  const bound = bindSignature(displayName, signatures, args);
  const { converters } = bound;
  const { fn } = bound.signature.variant;
  return { variant: bound.signature.variant, call: (values) => fn(...values.map((x, i) => converters[i]!(x))) };
}

function scalarFactory(entry: ScalarUdf, where: string): FunctionFactory<'SCALAR'> {
  const variants = variantsOf(entry, where);
  return {
    ...describe(entry, 'SCALAR', variants),
    resolve(args): ResolvedScalar {
      const { variant, call } = bindVariant(entry.name, variants, args);
      return { name: entry.name.toUpperCase(), returnType: variant.returns, invoke: (values) => normalise(call(values)) };
    },
  };
}

function tableFactory(entry: TableUdf, where: string): FunctionFactory<'TABLE'> {
  const variants = variantsOf(entry, where);
  const name = entry.name.toUpperCase();
  return {
    ...describe(entry, 'TABLE', variants),
    resolve(args): ResolvedTableFunction {
      const { variant, call } = bindVariant(entry.name, variants, args);
      return {
        name,
        returnType: variant.returns,
        invoke(values) {
          const rows = call(values);
          if (rows === null || rows === undefined) return [];
          if (!Array.isArray(rows)) throw new TypeError(`table function ${name} must return an array, got ${typeof rows}`);
          return rows.map(normalise);
        },
      };
    },
  };
}

function aggregateFactory(entry: AggregateUdf, where: string): FunctionFactory<'AGGREGATE'> {
  for (const key of ['init', 'add', 'merge', 'result']) requireFunction(entry, key, where);
  if (entry.undo !== undefined) requireFunction(entry, 'undo', where);
  const params = requireTypes(entry.params, `${where}: 'params'`).map((p, i) => parseTypeText(p, `${where}: params[${i}]`, true));
  const constants = requireTypes(entry.constants ?? [], `${where}: 'constants'`).map((p, i) => parseTypeText(p, `${where}: constants[${i}]`, true));
  const returns = parseTypeText(entry.returns, `${where}: 'returns'`, false) as Type;
  const aggregateType = entry.aggregate === undefined ? null : (parseTypeText(entry.aggregate, `${where}: 'aggregate'`, false) as Type);
  const specs: ParamSpec[] = [...params.map((type) => ({ type })), ...constants.map((type) => ({ type, constant: true }))];
  const variadicAt = entry.variadic === true ? params.length - 1 : undefined;
  if (variadicAt !== undefined && variadicAt < 0) throw new Error(`${where}: 'variadic' needs at least one parameter`);
  const shown = entry.params.map((p, i) => (i === variadicAt ? `...${p}` : p));
  const signature = [...shown, ...(entry.constants ?? []).map((c) => `${c} (literal)`)].join(', ');
  const name = entry.name.toUpperCase();
  const udaf = entry as unknown as Record<'init' | 'add' | 'merge' | 'result' | 'undo', (...a: unknown[]) => unknown>;
  return {
    ...describe(entry, 'AGGREGATE', []),
    variants: [{ signature, returnType: entry.returns, description: entry.description ?? '' }],
    resolve(args): ResolvedAggregate {
      const bound = bindSignature(entry.name, [{ params: specs, variadicAt }], args);
      const initArgs = bound.constants.filter((_, i) => !bound.columnArgs.includes(i));
      const convert = (values: readonly unknown[]): unknown[] => values.map((v, i) => bound.converters[bound.columnArgs[i]!]!(v));
      const resolved: ResolvedAggregate = {
        name,
        returnType: returns,
        aggregateType,
        columnArgs: bound.columnArgs,
        init: () => udaf.init(...initArgs),
        add: (acc, values) => udaf.add(acc, ...convert(values)),
        merge: (a, b) => udaf.merge(a, b),
        result: (acc) => normalise(udaf.result(acc)),
      };
      return entry.undo === undefined ? resolved : { ...resolved, undo: (acc, values) => udaf.undo(acc, ...convert(values)) };
    },
  };
}

/** SQL NULL is null, never undefined (a JS function that returns nothing returns NULL). */
function normalise(v: unknown): unknown {
  return v === undefined ? null : v;
}

function describe<K extends FunctionKind>(entry: UdfCommon, kind: K, variants: readonly CheckedVariant[]) {
  return {
    name: entry.name.toUpperCase(),
    kind,
    category: entry.category ?? 'OTHER',
    description: entry.description ?? '',
    variants: variants.map((v) => v.text),
  };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function factoryOf(entry: unknown, where: string): FunctionFactory {
  if (entry === null || typeof entry !== 'object') throw new Error(`${where} must be an object, got ${entry === null ? 'null' : typeof entry}`);
  const e = entry as UdfDefinition;
  if (typeof e.name !== 'string' || !NAME.test(e.name)) throw new Error(`${where}: 'name' must be an identifier such as 'MY_FN', got ${JSON.stringify(e.name)}`);
  const named = `${where} (${e.name})`;
  switch (e.kind) {
    case 'SCALAR': return scalarFactory(e, named);
    case 'TABLE': return tableFactory(e, named);
    case 'AGGREGATE': return aggregateFactory(e, named);
    default: throw new Error(`${named}: 'kind' must be 'SCALAR', 'AGGREGATE' or 'TABLE', got ${JSON.stringify((e as { kind?: unknown }).kind)}`);
  }
}

/**
 * The factories a module's exports define: its `default` export (one definition or an array)
 * and/or a named `udfs` array. `label` names the module in errors. Throws SqlError.
 */
export function udfFactories(moduleExports: Record<string, unknown>, label: string): FunctionFactory[] {
  const entries: { value: unknown; where: string }[] = [];
  const add = (value: unknown, exportName: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => entries.push({ value: v, where: `export '${exportName}' [${i}]` }));
    else entries.push({ value, where: `export '${exportName}'` });
  };
  if (moduleExports['default'] !== undefined) add(moduleExports['default'], 'default');
  if (moduleExports['udfs'] !== undefined) add(moduleExports['udfs'], 'udfs');
  if (entries.length === 0) throw udfError(label, "exports no functions (expected a 'default' export or a 'udfs' array)");
  if (entries.length > UDF_ENTRIES_PER_MODULE_MAX) throw udfError(label, `exports ${entries.length} functions, more than ${UDF_ENTRIES_PER_MODULE_MAX}`);
  const seen = new Set<string>();
  return entries.map(({ value, where }) => {
    let factory: FunctionFactory;
    try {
      factory = factoryOf(value, where);
    } catch (e) {
      throw udfError(label, (e as Error).message, e);
    }
    if (seen.has(factory.name)) throw udfError(label, `${where}: function ${factory.name} is defined twice`);
    seen.add(factory.name);
    return factory;
  });
}

/** Imports each module (paths relative to the working directory) and returns all their factories, in order. */
export async function loadUdfs(modulePaths: readonly string[]): Promise<FunctionFactory[]> {
  const out: FunctionFactory[] = [];
  for (const p of modulePaths) {
    const abs = isAbsolute(p) ? p : resolvePath(p);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
    } catch (e) {
      throw udfError(`'${p}'`, `could not be loaded: ${(e as Error).message}`, e);
    }
    out.push(...udfFactories(mod, `'${p}'`));
  }
  return out;
}
