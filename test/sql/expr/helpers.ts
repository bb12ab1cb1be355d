/** Shared fixtures for the expression compiler tests: a parser shortcut, a fake registry, a scope. */
import { parseStatements } from '../../../sql/index.js';
import type { Expression } from '../../../sql/ast/expressions.js';
import { SqlError } from '../../../sql/errors.js';
import type { ArgSpec, FunctionKind, FunctionRegistry, LambdaValue, ResolvedScalar } from '../../../sql/functions/types.js';
import { compileExpression } from '../../../sql/expr/index.js';
import type { ColumnBinding, CompileScope, CompiledExpression } from '../../../sql/expr/types.js';
import { array, formatType, type Type } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';

/** The expression `text` as written in `SELECT text FROM <from>;`. */
export function parseExpr(text: string, from = 'S'): Expression {
  const { statements, errors } = parseStatements(`SELECT ${text} FROM ${from};`);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  const st = statements[0]!;
  if (st.kind !== 'QueryStatement') throw new Error('not a query');
  const item = st.query.select[0]!;
  if (item.kind !== 'SingleColumn') throw new Error('not a single column');
  return item.expression;
}

/** Calls seen by the fake registry, for assertions on ArgSpecs. */
export const seenSpecs: ArgSpec[][] = [];

function scalar(name: string, returnType: Type, invoke: (args: readonly unknown[]) => unknown): ResolvedScalar {
  return { name, returnType, invoke };
}

/** A tiny registry: UPPER, TRANSFORM (lambda), FAIL (throws), ECHO_ARGS (specs), SUM (aggregate), EXPLODE (table). */
export const fakeRegistry: FunctionRegistry = {
  kindOf(name: string): FunctionKind | null {
    const n = name.toUpperCase();
    if (n === 'SUM') return 'AGGREGATE';
    if (n === 'EXPLODE') return 'TABLE';
    return ['UPPER', 'TRANSFORM', 'FAIL', 'ECHO_ARGS', 'COUNTER'].includes(n) ? 'SCALAR' : null;
  },
  resolveScalar(name: string, args: readonly ArgSpec[]): ResolvedScalar {
    seenSpecs.push([...args]);
    switch (name.toUpperCase()) {
      case 'UPPER': {
        const a = args[0];
        if (args.length !== 1 || a?.kind !== 'value' || (a.type !== null && a.type.kind !== 'STRING')) {
          const types = args.map((x) => (x.kind === 'value' ? (x.type === null ? 'null' : formatType(x.type)) : 'LAMBDA'));
          throw new SqlError(`Function 'upper' does not accept parameters (${types.join(', ')}).`);
        }
        return scalar('UPPER', T.STRING, (v) => (v[0] === null ? null : (v[0] as string).toUpperCase()));
      }
      case 'TRANSFORM': {
        const arr = args[0];
        const fn = args[1];
        if (arr?.kind !== 'value' || arr.type?.kind !== 'ARRAY' || fn?.kind !== 'lambda') throw new SqlError('bad TRANSFORM');
        const bodyType = fn.bodyType([arr.type.element]);
        return scalar('TRANSFORM', array(bodyType ?? T.STRING), (v) =>
          v[0] === null ? null : (v[0] as unknown[]).map((x) => (v[1] as LambdaValue)(x)),
        );
      }
      case 'FAIL': return scalar('FAIL', T.INTEGER, () => { throw new Error('boom'); });
      case 'ECHO_ARGS': return scalar('ECHO_ARGS', T.STRING, (v) => v.map(String).join('|'));
      case 'COUNTER': {
        let n = 0;
        return scalar('COUNTER', T.INTEGER, () => ++n);
      }
      default: throw new SqlError(`Can't find any functions with the name '${name}'`);
    }
  },
  resolveAggregate() { throw new Error('not used'); },
  resolveTable() { throw new Error('not used'); },
  describe() { throw new Error('not used'); },
  list() { return []; },
};

/** Columns by name and type, indexed in order, from source `S` unless given. */
export function columns(defs: [string, Type, string?][]): ColumnBinding[] {
  return defs.map(([name, type, source], index) => ({ name, type, index, source: source ?? 'S' }));
}

export function scopeOf(cols: ColumnBinding[], extra: Partial<CompileScope> = {}): CompileScope {
  return { columns: cols, registry: fakeRegistry, ...extra };
}

export function compile(text: string, cols: ColumnBinding[] = [], extra: Partial<CompileScope> = {}): CompiledExpression {
  return compileExpression(parseExpr(text), scopeOf(cols, extra));
}

/** Evaluates a row-free expression. */
export function evalConst(text: string): unknown {
  return compile(text).evaluate([]);
}

/** The SqlError message compiling `text` throws. */
export function compileError(text: string, cols: ColumnBinding[] = [], from = 'S'): string {
  try {
    compileExpression(parseExpr(text, from), scopeOf(cols));
  } catch (err) {
    if (err instanceof SqlError) return err.message;
    throw err;
  }
  throw new Error(`expected ${text} to fail`);
}

/**
 * A value in a compact, exact form for assertions: bigints as `5n`, decimals as `1.50m`,
 * maps as `{k => v}` entries, buffers as `0x..`; everything else as is.
 */
export function render(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v !== null && typeof v === 'object') {
    if ('unscaled' in v && 'scale' in v) return `${String(v)}m`;
    if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
    if (Array.isArray(v)) return v.map(render);
    if (v instanceof Map) return [...v.entries()].map(([k, x]) => [render(k), render(x)]);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, render(x)]));
  }
  return v;
}
