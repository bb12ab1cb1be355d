/**
 * Structured values: the ARRAY[...], MAP(k := v) and STRUCT(f := v) constructors, struct field
 * access `a->f`, and subscripts `a[i]` (arrays 1-based, negative from the end, out of range →
 * NULL) and `m[k]`.
 */
import type { ArrayConstructor, Dereference, MapConstructor, StructConstructor, Subscript } from '../ast/expressions.js';
import { formatExpression } from '../ast/format.js';
import { atLocation, SqlError } from '../errors.js';
import { array, formatType, map, struct, type Type } from '../types/types.js';
import { castFunction } from './cast.js';
import { coerceList, type ListItem } from './common-type.js';
import { valuesEqual } from './compare.js';
import { fold, typer, type Ctx, type Node } from './node.js';

const ISSUE = '(see https://github.com/confluentinc/ksql/issues/4239)';

function items(exprs: ArrayConstructor['elements'], ctx: Ctx): ListItem[] {
  return exprs.map((expr) => ({ expr, node: ctx.compile(expr, ctx) }));
}

export function compileArray(e: ArrayConstructor, ctx: Ctx): Node {
  if (e.elements.length === 0) {
    throw new SqlError(`Array constructor cannot be empty. Please supply at least one element ${ISSUE}.`);
  }
  const { type, nodes } = coerceList(items(e.elements, ctx), typer(ctx));
  if (type === null) {
    throw new SqlError(`Cannot construct an array with all NULL elements ${ISSUE}. As a workaround, you may cast a NULL value to the desired type.`);
  }
  const evs = nodes.map((n) => n.ev);
  const n = evs.length;
  return fold({ type: array(type), constant: nodes.every((x) => x.constant), ev: (row) => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = evs[i]!(row);
    return out;
  } });
}

export function compileMap(e: MapConstructor, ctx: Ctx): Node {
  if (e.entries.length === 0) {
    throw new SqlError(`Map constructor cannot be empty. Please supply at least one key value pair ${ISSUE}.`);
  }
  const keys = coerceList(items(e.entries.map((x) => x.key), ctx), typer(ctx));
  if (keys.type === null) {
    throw new SqlError(`Cannot construct a map with all NULL keys ${ISSUE}. As a workaround, you may cast a NULL key to the desired type.`);
  }
  const values = coerceList(items(e.entries.map((x) => x.value), ctx), typer(ctx));
  if (values.type === null) {
    throw new SqlError(`Cannot construct a map with all NULL values ${ISSUE}. As a workaround, you may cast a NULL value to the desired type.`);
  }
  const ks = keys.nodes.map((x) => x.ev);
  const vs = values.nodes.map((x) => x.ev);
  const constant = keys.nodes.every((x) => x.constant) && values.nodes.every((x) => x.constant);
  return fold({ type: map(keys.type, values.type), constant, ev: (row) => {
    const out = new Map<unknown, unknown>();
    for (let i = 0; i < ks.length; i++) out.set(ks[i]!(row), vs[i]!(row));
    return out;
  } });
}

export function compileStruct(e: StructConstructor, ctx: Ctx): Node {
  if (new Set(e.fields.map((f) => f.name)).size !== e.fields.length) throw new SqlError('Duplicate field names found in STRUCT');
  const fields = e.fields.map((f) => {
    const node = ctx.compile(f.value, ctx);
    if (node.type === null) {
      throw new SqlError(atLocation(f.value.pos, `Cannot construct a struct with a NULL field '${f.name}'. As a workaround, you may cast the NULL value to the desired type.`));
    }
    return { name: f.name, type: node.type, node };
  });
  const names = fields.map((f) => f.name);
  const evs = fields.map((f) => f.node.ev);
  return fold({
    type: struct(fields.map((f) => ({ name: f.name, type: f.type }))),
    constant: fields.every((f) => f.node.constant),
    ev: (row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) out[names[i]!] = evs[i]!(row);
      return out;
    },
  });
}

export function compileDereference(e: Dereference, ctx: Ctx): Node {
  const base = ctx.compile(e.base, ctx);
  if (base.type === null || base.type.kind !== 'STRUCT') {
    throw new SqlError(atLocation(e.pos, `Expected STRUCT type, got: ${base.type === null ? 'NULL' : formatType(base.type)}`));
  }
  const field = base.type.fields.find((f) => f.name === e.field);
  if (field === undefined) throw new SqlError(atLocation(e.pos, `Could not find field '${e.field}' in '${formatExpression(e.base)}'.`));
  const name = field.name;
  const b = base.ev;
  return fold({ type: field.type, constant: base.constant, ev: (row) => {
    const v = b(row) as Record<string, unknown> | null;
    return v === null ? null : (v[name] ?? null);
  } });
}

function arrayAccess(base: Node, index: Node): Node {
  const b = base.ev;
  const ix = index.ev;
  const big = index.type!.kind === 'BIGINT';
  return fold({ type: (base.type as { element: Type }).element, constant: base.constant && index.constant, ev: (row) => {
    const arr = b(row) as unknown[] | null;
    if (arr === null) return null;
    const raw = ix(row);
    if (raw === null) return null;
    const i = big ? Number(raw as bigint) : (raw as number);
    const at = i >= 0 ? i - 1 : arr.length + i;
    return at < 0 || at >= arr.length ? null : (arr[at] ?? null);
  } });
}

function mapAccess(base: Node, index: Node, keyType: Type, valueType: Type): Node {
  const b = base.ev;
  const ix = index.ev;
  const conv = index.type === null ? null : castFunction(index.type, keyType);
  const primitive = keyType.kind !== 'DECIMAL' && keyType.kind !== 'BYTES' && keyType.kind !== 'ARRAY' && keyType.kind !== 'MAP' && keyType.kind !== 'STRUCT';
  return fold({ type: valueType, constant: base.constant && index.constant, ev: (row) => {
    const m = b(row) as Map<unknown, unknown> | null;
    if (m === null) return null;
    const raw = ix(row);
    const key = raw === null || conv === null ? raw : conv(raw);
    if (primitive) return m.get(key) ?? null;
    for (const [k, v] of m) if (valuesEqual(k, key, keyType)) return v ?? null;
    return null;
  } });
}

export function compileSubscript(e: Subscript, ctx: Ctx): Node {
  const base = ctx.compile(e.base, ctx);
  const index = ctx.compile(e.index, ctx);
  const t = base.type;
  if (t !== null && t.kind === 'ARRAY') {
    if (index.type !== null && index.type.kind !== 'INTEGER' && index.type.kind !== 'BIGINT') {
      throw new SqlError(atLocation(e.pos, `Array index must be an INTEGER, got ${formatType(index.type)}: ${formatExpression(e)}`));
    }
    return index.type === null ? { type: t.element, constant: true, ev: () => null } : arrayAccess(base, index);
  }
  if (t !== null && t.kind === 'MAP') {
    if (index.type !== null && index.type.kind !== t.key.kind) {
      try {
        castFunction(index.type, t.key);
      } catch {
        throw new SqlError(atLocation(e.pos, `Map key must be ${formatType(t.key)}, got ${formatType(index.type)}: ${formatExpression(e)}`));
      }
    }
    return mapAccess(base, index, t.key, t.value);
  }
  const hint = t !== null && t.kind === 'STRUCT' ? ` Use the dereference operator for STRUCTS: ${formatExpression(e.base)}->${formatExpression(e.index)}` : '';
  throw new SqlError(`Subscript expression (${formatExpression(e)}) do not apply to ${t === null ? 'NULL' : formatType(t)}.${hint}`);
}
