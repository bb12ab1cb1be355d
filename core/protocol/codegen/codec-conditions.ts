/**
 * Small pieces of generated TypeScript shared by the read and write emitters: version
 * conditions, per-field encoding choices and default comparisons.
 */
import { FieldModel, MessageModel, intersect } from './codec-model.js';
import { VersionRange } from './schema.js';

/**
 * A condition on `version` that holds exactly for `range`, assuming the version is already known
 * to lie in `within`: `'true'` or `'false'` when that is constant, so emitters can drop branches.
 */
export function versionCond(range: VersionRange, within: VersionRange): string {
  const r = intersect(range, within);
  if (r.min > r.max) return 'false';
  const parts: string[] = [];
  if (r.min > within.min) parts.push(`version >= ${r.min}`);
  if (r.max < within.max) parts.push(`version <= ${r.max}`);
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

/** `if (cond) stmt`, dropping the test when the condition is constant. */
export function guarded(cond: string, body: string[], indent: string): string[] {
  if (cond === 'false') return [];
  if (cond === 'true') return body.map((l) => indent + l);
  if (body.length === 1) return [`${indent}if (${cond}) ${body[0]}`];
  return [`${indent}if (${cond}) {`, ...body.map((l) => `${indent}  ${l}`), `${indent}}`];
}

/** The struct-level `flexible` condition: whether a struct ends with a tagged-field section. */
export function flexibleCond(m: MessageModel): string {
  return versionCond(m.flexible, m.valid);
}

/** How code refers to the struct-level condition: the `flexible` local, or a constant. */
export function flexibleRef(m: MessageModel): string {
  const cond = flexibleCond(m);
  return cond === 'true' || cond === 'false' ? cond : 'flexible';
}

/** The `compact` argument for a field: `flexible` when it follows the message, else a literal or its own condition. */
export function compactArg(f: FieldModel, m: MessageModel): string {
  const cond = versionCond(f.compact, f.versions);
  if (cond === 'true' || cond === 'false') return cond;
  const sameAsMessage = f.compact.min === m.flexible.min && f.compact.max === m.flexible.max;
  return sameAsMessage ? 'flexible' : `(${cond})`;
}

/** Whether null may be sent, given the field is on the wire: `'true'`, `'false'` or a condition. */
export function nullCond(f: FieldModel): string {
  return versionCond(f.nullable, f.versions);
}

/** Parenthesises a condition for use after `!`. */
export function paren(cond: string): string {
  return /^[\w.]+$/.test(cond) ? cond : `(${cond})`;
}

/**
 * An expression that is true when `x` (a value of the field's type, not undefined) differs from the
 * field's default: how tagged fields decide whether to go on the wire.
 */
export function differsFromDefault(f: FieldModel, x: string): string {
  const nullable = f.tsType.endsWith(' | null');
  if (f.defaultNull) return `${x} !== null`;
  const orNull = (test: string): string => (nullable ? `(${x} === null || ${test})` : test);
  if (f.isArray) return orNull(`${x}.length !== 0`);
  if (f.struct) return orNull(`!isDefault${f.struct.tsName}(${x})`);
  if (f.primitive === 'bytes' || f.primitive === 'records') return orNull(`${x}.length !== 0`);
  if (f.primitive === 'uuid') return `!isZeroUuid(${x})`;
  return `${x} !== ${f.defaultExpr}`;
}

/** The TypeScript expression for a field's value in `msg`, with the schema default when optional and absent. */
export function valueOf(f: FieldModel, msg: string): string {
  const access = `${msg}.${f.prop}`;
  return f.optional ? `${access} === undefined ? ${f.defaultExpr} : ${access}` : access;
}

const RESERVED = new Set(['r', 'w', 'msg', 'version', 'flexible', 'Buffer']);

/** The local variable a decoder keeps a field in (the property name unless that would shadow something). */
export function local(f: FieldModel): string {
  return RESERVED.has(f.prop) ? `${f.prop}_` : f.prop;
}
