/** Wraps a table function's resolve as a registry `FunctionFactory<'TABLE'>`. */
import type { ArgSpec, FunctionFactory, FunctionVariant, ResolvedTableFunction } from '../types.js';

export interface TableFunctionDefinition {
  readonly name: string;
  readonly description: string;
  readonly variants: readonly FunctionVariant[];
  resolve(args: readonly ArgSpec[]): ResolvedTableFunction;
}

export function tableFactory(def: TableFunctionDefinition): FunctionFactory<'TABLE'> {
  return {
    name: def.name,
    kind: 'TABLE',
    category: 'TABLE',
    description: def.description,
    variants: def.variants,
    resolve: (args) => def.resolve(args),
  };
}
