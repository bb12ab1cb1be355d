/**
 * CAST between types, as ksqlDB's CastEvaluator allows it. `castSupported` decides at compile
 * time; `castFunction` builds the conversion once (for the hot path); `castValue` converts one
 * value. A value that cannot be converted (`'abc'` to INTEGER, a DECIMAL overflow) throws an
 * EvalError: the expression's value becomes NULL and the failure is logged, as in ksqlDB.
 */
import { SqlError } from '../errors.js';
import { Decimal } from '../types/decimal.js';
import { formatType, typesEqual, type StructType, type Type } from '../types/types.js';
import { castDecimal, roundToPrecision } from './decimal-math.js';
import { doubleToInt, doubleToLong, longToInt, parseJavaDouble, parseJavaInteger } from './java-semantics.js';
import { EvalError } from './node.js';
import { renderValue } from '../types/render.js';
import { MS_PER_DAY, parseDate, parseTime, parseTimestamp, timestampToDate, timestampToTime } from './temporal.js';

export type CastFn = (value: unknown) => unknown;

const identity: CastFn = (v) => v;

/** Whether ksqlDB accepts `CAST(<from> AS <to>)`. */
export function castSupported(from: Type, to: Type): boolean {
  if (typesEqual(from, to) || to.kind === 'STRING') return true;
  switch (to.kind) {
    case 'BOOLEAN': return from.kind === 'STRING';
    case 'INTEGER': case 'BIGINT': case 'DOUBLE': case 'DECIMAL':
      return from.kind === 'STRING' || from.kind === 'INTEGER' || from.kind === 'BIGINT' || from.kind === 'DOUBLE' || from.kind === 'DECIMAL';
    case 'DATE': case 'TIME': return from.kind === 'STRING' || from.kind === 'TIMESTAMP';
    case 'TIMESTAMP': return from.kind === 'STRING' || from.kind === 'DATE';
    case 'BYTES': return false;
    case 'ARRAY': return from.kind === 'ARRAY' && castSupported(from.element, to.element);
    case 'MAP': return from.kind === 'MAP' && castSupported(from.key, to.key) && castSupported(from.value, to.value);
    case 'STRUCT':
      return from.kind === 'STRUCT' && to.fields.every((f) => {
        const src = from.fields.find((s) => s.name === f.name);
        return src === undefined || castSupported(src.type, f.type);
      });
  }
}

/** ksqlDB's message for an unsupported cast. */
export function castNotSupported(from: Type, to: Type): SqlError {
  return new SqlError(`Cast of ${formatType(from)} to ${formatType(to)} is not supported`);
}

/** Converts one value (null stays null). Throws EvalError when the value cannot be converted. */
export function castValue(value: unknown, from: Type, to: Type): unknown {
  return value === null ? null : castFunction(from, to)(value);
}

/** The conversion `from` → `to`, built once; the returned function never receives null. */
export function castFunction(from: Type, to: Type): CastFn {
  if (typesEqual(from, to)) return identity;
  if (!castSupported(from, to)) throw castNotSupported(from, to);
  switch (to.kind) {
    case 'STRING': return (v) => javaToString(v, from);
    case 'BOOLEAN': return (v) => parseBoolean(v as string);
    case 'INTEGER': return toInteger(from);
    case 'BIGINT': return toBigint(from);
    case 'DOUBLE': return toDouble(from);
    case 'DECIMAL': return toDecimal(from, to);
    case 'DATE': return from.kind === 'TIMESTAMP' ? (v) => timestampToDate(v as number) : (v) => parsed(parseDate(v as string), v, 'DATE');
    case 'TIME': return from.kind === 'TIMESTAMP' ? (v) => timestampToTime(v as number) : (v) => parsed(parseTime(v as string), v, 'TIME');
    case 'TIMESTAMP': return from.kind === 'DATE' ? (v) => (v as number) * MS_PER_DAY : (v) => parsed(parseTimestamp(v as string), v, 'TIMESTAMP');
    case 'ARRAY': {
      const el = castFunction((from as { element: Type }).element, to.element);
      return (v) => (v as unknown[]).map((x) => (x === null ? null : el(x)));
    }
    case 'MAP': {
      const f = from as { key: Type; value: Type };
      const k = castFunction(f.key, to.key);
      const val = castFunction(f.value, to.value);
      return (v) => {
        const out = new Map<unknown, unknown>();
        for (const [a, b] of v as Map<unknown, unknown>) out.set(a === null ? null : k(a), b === null ? null : val(b));
        return out;
      };
    }
    case 'STRUCT': return toStruct(from as StructType, to);
    default: throw castNotSupported(from, to);
  }
}

function parsed(result: number | null, text: unknown, type: string): number {
  if (result === null) throw new EvalError(`Cannot parse '${String(text)}' as ${type}`);
  return result;
}

function booleanWordPrefix(s: string, word: boolean): boolean {
  if (s.length === 0) return false;
  const lower = s.toLowerCase();
  const tf = word ? 'true' : 'false';
  const yn = word ? 'yes' : 'no';
  return lower === tf.slice(0, s.length) || lower === yn.slice(0, s.length);
}

/**
 * ksqlDB's SqlBooleans.parseBoolean, used by CAST: true for a (case-insensitive) prefix of
 * `true` or `yes` (`t`, `Y`, `tru`), false for anything else. Never fails.
 */
export function parseBoolean(s: string): boolean {
  return booleanWordPrefix(s.trim(), true);
}

/** SqlBooleans.parseBooleanExact: prefixes of true/yes and false/no; null otherwise. */
export function parseBooleanExact(s: string): boolean | null {
  return booleanWordPrefix(s, true) ? true : booleanWordPrefix(s, false) ? false : null;
}

function stringToLong(s: string, bits: 32 | 64): bigint {
  const v = parseJavaInteger(s.trim(), bits);
  if (v === null) throw new EvalError(`For input string: "${s}"`);
  return v;
}

function decimalToLong(d: Decimal): bigint {
  const div = 10n ** BigInt(Math.max(0, d.scale));
  const whole = d.scale >= 0 ? d.unscaled / div : d.unscaled * 10n ** BigInt(-d.scale);
  return BigInt.asIntN(64, whole);
}

function toInteger(from: Type): CastFn {
  switch (from.kind) {
    case 'BIGINT': return (v) => longToInt(v as bigint);
    case 'DOUBLE': return (v) => doubleToInt(v as number);
    case 'DECIMAL': return (v) => longToInt(decimalToLong(v as Decimal));
    default: return (v) => Number(stringToLong(v as string, 32));
  }
}

function toBigint(from: Type): CastFn {
  switch (from.kind) {
    case 'INTEGER': return (v) => BigInt(v as number);
    case 'DOUBLE': return (v) => doubleToLong(v as number);
    case 'DECIMAL': return (v) => decimalToLong(v as Decimal);
    default: return (v) => stringToLong(v as string, 64);
  }
}

function toDouble(from: Type): CastFn {
  switch (from.kind) {
    case 'INTEGER': return identity;
    case 'BIGINT': return (v) => Number(v as bigint);
    case 'DECIMAL': return (v) => (v as Decimal).toNumber();
    default:
      return (v) => {
        const d = parseJavaDouble(v as string);
        if (d === null) throw new EvalError(`For input string: "${String(v)}"`);
        return d;
      };
  }
}

function toDecimal(from: Type, to: { precision: number; scale: number; kind: 'DECIMAL' }): CastFn {
  switch (from.kind) {
    case 'INTEGER': return (v) => castDecimal(roundToPrecision(new Decimal(BigInt(v as number), 0), to.precision), to);
    case 'BIGINT': return (v) => castDecimal(roundToPrecision(new Decimal(v as bigint, 0), to.precision), to);
    case 'DOUBLE': return (v) => castDecimal(roundToPrecision(doubleToDecimal(v as number), to.precision), to);
    case 'DECIMAL': return (v) => castDecimal(v as Decimal, to);
    default:
      return (v) => {
        let d: Decimal;
        try {
          d = Decimal.parse(v as string);
        } catch {
          throw new EvalError(`Cannot parse '${String(v)}' as DECIMAL`);
        }
        return castDecimal(d, to);
      };
  }
}

function toStruct(from: StructType, to: StructType): CastFn {
  const fields = to.fields.map((f) => {
    const src = from.fields.find((s) => s.name === f.name);
    return { name: f.name, src: src?.name, fn: src === undefined ? identity : castFunction(src.type, f.type) };
  });
  return (v) => {
    const rec = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const x = f.src === undefined ? null : (rec[f.src] ?? null);
      out[f.name] = x === null ? null : f.fn(x);
    }
    return out;
  };
}

/** The exact decimal value of a double (as `new BigDecimal(double)`). */
export function doubleToDecimal(d: number): Decimal {
  if (!Number.isFinite(d)) throw new EvalError(`Cannot convert ${d} to DECIMAL`);
  if (Number.isInteger(d)) return new Decimal(BigInt(d), 0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = expBits - 1075;
  }
  // d = mantissa * 2^exp with exp < 0 here: mantissa * 5^-exp / 10^-exp.
  let unscaled = mantissa * 5n ** BigInt(-exp);
  let scale = -exp;
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale--;
  }
  return new Decimal(neg ? -unscaled : unscaled, scale);
}

/**
 * A value as `CAST(x AS STRING)` renders it (Java's `String.valueOf`: `[1, 3]`, `{k=1}`,
 * `Struct{A=1,B=x}`, `1.0E10`); shared with the formats through sql/types/render.ts.
 */
export function javaToString(v: unknown, type: Type): string {
  return renderValue(v, type);
}
