/** Test helpers: resolve and call built-in scalars by argument types. */
import type { ArgSpec } from '../../../sql/functions/types.js';
import type { Type } from '../../../sql/types/types.js';
import { builtinRegistry } from '../../../sql/functions/index.js';

export const registry = builtinRegistry({ random: () => 0.25, nowMs: () => 1_600_000_000_000 });

export const arg = (type: Type | null, constant?: unknown): ArgSpec =>
  constant === undefined ? { kind: 'value', type } : { kind: 'value', type, constant: { value: constant } };

export const lambda = (arity: number, body: (params: readonly Type[]) => Type | null): ArgSpec =>
  ({ kind: 'lambda', arity, bodyType: body });

/** Resolves `name` for `types` and calls it with `values`. */
export function call(name: string, types: readonly (Type | null | ArgSpec)[], values: readonly unknown[]): unknown {
  const specs = types.map((t) => (t !== null && 'kind' in t && (t.kind === 'value' || t.kind === 'lambda') ? (t as ArgSpec) : arg(t as Type | null)));
  return registry.resolveScalar(name, specs).invoke(values);
}

export function returnType(name: string, types: readonly (Type | null | ArgSpec)[]): Type {
  const specs = types.map((t) => (t !== null && 'kind' in t && (t.kind === 'value' || t.kind === 'lambda') ? (t as ArgSpec) : arg(t as Type | null)));
  return registry.resolveScalar(name, specs).returnType;
}
