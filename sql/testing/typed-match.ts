/**
 * Comparing an expected JSON node with what a query wrote, by the column's SQL type — the way
 * ksqlDB's test runner compares an expected node with the deserialized (typed) actual value
 * (its `ExpectedRecordComparator`):
 * - DOUBLE: by numeric value (`1` matches `1.0`, `2147483648` matches `2.147483648E9`);
 * - INTEGER / BIGINT / DATE / TIME / TIMESTAMP: the expected number's whole part, exactly;
 * - DECIMAL: value and scale (`1.50` is not `1.5`; an expected whole number matches only a
 *   scale-0 decimal); an expected string is read as a decimal;
 * - STRING / BYTES: equal text; BOOLEAN: equal;
 * - STRUCT (and the value row): the same number of fields, each found by its exact name or else
 *   its upper-cased name; MAP: the same keys; ARRAY: the same length, element by element;
 * - an expected null matches only null.
 * Pure.
 */
import { JsonNumber, type JsonNode } from '../types/json.js';
import type { Type } from '../types/types.js';

interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** A number lexeme as BigDecimal sees it (`1.50` → 150 scale 2, `1E+3` → 1 scale -3); null if not a number. */
export function decimalParts(text: string): DecimalParts | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const fraction = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}${fraction}` || '0');
  return { unscaled, scale: fraction.length - exponent };
}

/** Java's `NumericNode.longValue()`: integral lexemes exactly, others truncated toward zero. */
function wholePart(n: JsonNumber): bigint | null {
  if (n.isIntegral) return BigInt(n.lexeme);
  const x = Math.trunc(n.toNumber());
  return Number.isFinite(x) ? BigInt(x) : null;
}

function matchNumber(expected: JsonNumber, actual: JsonNode, type: Type): boolean {
  if (!(actual instanceof JsonNumber)) return false;
  switch (type.kind) {
    case 'DOUBLE':
      return expected.toNumber() === actual.toNumber();
    case 'INTEGER': case 'BIGINT': case 'DATE': case 'TIME': case 'TIMESTAMP':
      return actual.isIntegral && wholePart(expected) === BigInt(actual.lexeme);
    case 'DECIMAL': {
      const a = decimalParts(actual.lexeme);
      if (a === null) return false;
      if (expected.isIntegral) return a.scale <= 0 && a.unscaled * 10n ** BigInt(-a.scale) === BigInt(expected.lexeme);
      const e = decimalParts(expected.lexeme);
      return e !== null && e.unscaled === a.unscaled && e.scale === a.scale;
    }
    default:
      return false;
  }
}

function matchText(expected: string, actual: JsonNode, type: Type): boolean {
  if (type.kind === 'DECIMAL' && actual instanceof JsonNumber) {
    const e = decimalParts(expected);
    const a = decimalParts(actual.lexeme);
    return e !== null && a !== null && e.unscaled === a.unscaled && e.scale === a.scale;
  }
  return typeof actual === 'string' && actual === expected;
}

function fieldOf(actual: Map<string, JsonNode>, name: string): JsonNode {
  return actual.get(name) ?? actual.get(name.toUpperCase()) ?? null;
}

function matchObject(expected: Map<string, JsonNode>, actual: JsonNode, type: Type): boolean {
  if (!(actual instanceof Map) || actual.size !== expected.size) return false;
  if (type.kind === 'MAP') {
    for (const [k, v] of expected) if (!matchesTyped(v, actual.get(k) ?? null, type.value)) return false;
    return true;
  }
  if (type.kind !== 'STRUCT') return false;
  for (const [k, v] of expected) {
    const field = type.fields.find((f) => f.name === k) ?? type.fields.find((f) => f.name === k.toUpperCase());
    if (field === undefined || !matchesTyped(v, fieldOf(actual, k), field.type)) return false;
  }
  return true;
}

/** Whether `actual` (as the query wrote it) matches `expected` for a value of `type`. */
export function matchesTyped(expected: JsonNode, actual: JsonNode, type: Type): boolean {
  if (expected === null) return actual === null;
  if (actual === null) return false;
  if (expected instanceof JsonNumber) return matchNumber(expected, actual, type);
  if (typeof expected === 'string') return matchText(expected, actual, type);
  if (typeof expected === 'boolean') return actual === expected;
  if (Array.isArray(expected)) {
    return type.kind === 'ARRAY' && Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesTyped(e, actual[i]!, type.element));
  }
  return matchObject(expected, actual, type);
}
