/**
 * The short way to write a scalar function:
 *
 *   scalar('ABS', 'MATHEMATICAL', 'The absolute value of a value.', [
 *     sig('INTEGER', ['INTEGER'], (x: number) => Math.abs(x)),
 *     sig((c) => c.args[0]!, ['DECIMAL'], absDecimal),
 *   ])
 *
 * Each `sig` is one overload: its return type (a pattern over the bound generics, a Type, or a
 * function of the resolved argument types), its parameter patterns (see ../signature.ts) and the
 * implementation, called with the argument values already widened to the parameter types (a
 * variadic tail arrives as the remaining positional arguments). By default a NULL argument makes
 * the result NULL without calling the implementation; `{ nulls: true }` passes NULLs through.
 */
import type { ArgSpec, FunctionFactory, ResolvedScalar } from '../types.js';
import type { Type } from '../../types/types.js';
import { type Bindings, parsePattern, substituteOrThrow, formatPattern, type ParamPattern } from '../signature.js';
import { type Overload, overload, chooseOverload, formatOverload } from '../overloads.js';

/** What a computed return type sees. */
export interface ReturnContext {
  /** Per argument: the type the implementation sees (after widening); null for NULL and lambda arguments. */
  readonly args: readonly (Type | null)[];
  readonly bindings: Bindings;
  /** The call's argument specs (for constants). */
  readonly specs: readonly ArgSpec[];
}

export type ReturnSpec = string | Type | ((ctx: ReturnContext) => Type);

// Implementations take the argument values positionally; their types are the caller's business.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Impl = (...args: any[]) => unknown;

/** Builds the implementation per resolution, when it depends on the argument types or constants. */
export type ImplFactory = (ctx: ReturnContext) => Impl;

export interface SigOptions {
  /** The implementation handles NULL arguments itself (default: any NULL argument gives NULL). */
  readonly nulls?: boolean;
  readonly description?: string;
  /** `impl` is an ImplFactory: called once per resolution with the argument types. */
  readonly bind?: boolean;
}

export interface ScalarSig {
  readonly params: readonly string[];
  readonly returns: ReturnSpec;
  readonly impl: Impl | ImplFactory;
  readonly options: SigOptions;
}

export function sig(returns: ReturnSpec, params: readonly string[], impl: Impl, options: SigOptions = {}): ScalarSig {
  return { params, returns, impl, options };
}

/** An overload whose implementation is built per call site from the argument types. */
export function sigBound(returns: ReturnSpec, params: readonly string[], make: ImplFactory, options: SigOptions = {}): ScalarSig {
  return { params, returns, impl: make, options: { ...options, bind: true } };
}

interface Body {
  readonly sig: ScalarSig;
  /** A pattern over the bindings, or a computed type. */
  readonly returns: ParamPattern | ((ctx: ReturnContext) => Type);
}

function returnText(r: Body['returns']): string {
  return typeof r === 'function' ? 'ANY' : formatPattern(r);
}

/** A scalar function factory from its overloads. `name` is ksqlDB's declared name (used in its messages). */
export function scalar(name: string, category: string, description: string, sigs: readonly ScalarSig[]): FunctionFactory<'SCALAR'> {
  const overloads: Overload<Body>[] = sigs.map((s) => overload(s.params, {
    sig: s,
    returns: normalizeReturn(s.returns),
  }));
  return {
    name,
    kind: 'SCALAR',
    category,
    description,
    variants: overloads.map((o) => ({
      signature: formatOverload(o),
      returnType: returnText(o.value.returns),
      description: o.value.sig.options.description ?? description,
    })),
    resolve(args: readonly ArgSpec[]): ResolvedScalar {
      const chosen = chooseOverload(name, overloads, args);
      const body = chosen.overload.value;
      const ctx: ReturnContext = { args: chosen.args.map((m) => m.type), bindings: chosen.bindings, specs: args };
      const returnType = computeReturn(name, body.returns, ctx);
      const impl = body.sig.options.bind === true ? (body.sig.impl as ImplFactory)(ctx) : (body.sig.impl as Impl);
      const converters = chosen.args.map((m) => m.convert);
      const lambdas = args.map((a) => a.kind === 'lambda');
      const passNulls = body.sig.options.nulls === true;
      return {
        name,
        returnType,
        invoke(values: readonly unknown[]): unknown {
          const converted = new Array<unknown>(values.length);
          for (let i = 0; i < values.length; i++) {
            const v = values[i];
            if (v === null && !passNulls && !lambdas[i]) return null;
            converted[i] = converters[i]!(v);
          }
          const result = impl(...converted);
          return result === undefined ? null : result;
        },
      };
    },
  };
}

function normalizeReturn(r: ReturnSpec): Body['returns'] {
  if (typeof r === 'string') return parsePattern(r);
  if (typeof r === 'function') return r;
  return { kind: 'exact', type: r };
}

function computeReturn(name: string, r: Body['returns'], ctx: ReturnContext): Type {
  return typeof r === 'function' ? r(ctx) : substituteOrThrow(r, ctx.bindings, name);
}
