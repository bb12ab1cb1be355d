/**
 * ksqlDB's "magic" timestamp conversion: where ROWTIME, WINDOWSTART or WINDOWEND (BIGINT
 * milliseconds) is compared with a string literal (`ROWTIME > '2020-01-01T10:00'`, also in
 * BETWEEN), the string is read as a timestamp and becomes a BIGINT literal before typing.
 */
import type { BigIntLiteral, Expression, StringLiteral } from '../ast/expressions.js';
import { SqlError } from '../errors.js';
import { parseTimestamp } from './temporal.js';

const PSEUDO_TIMESTAMPS = new Set(['ROWTIME', 'WINDOWSTART', 'WINDOWEND']);

function isPseudoTimestamp(e: Expression): boolean {
  return e.kind === 'ColumnRef' && PSEUDO_TIMESTAMPS.has(e.name);
}

function toMillis(e: StringLiteral): BigIntLiteral {
  const ms = parseTimestamp(e.value);
  if (ms === null) {
    throw new SqlError(
      `Failed to parse timestamp '${e.value}': Required format is: "yyyy-MM-dd'T'HH:mm:ss.SSS", for example '2020-05-26T23:59:58.000'. Partials are also supported, for example '2020-05-26'`,
    );
  }
  return { kind: 'BigIntLiteral', value: BigInt(ms), pos: e.pos };
}

function convert(e: Expression): Expression {
  return e.kind === 'StringLiteral' ? toMillis(e) : e;
}

/** `e` with string literals compared to ROWTIME / WINDOWSTART / WINDOWEND replaced by epoch-millisecond BIGINTs. */
export function rewriteMagicTimestamps(e: Expression): Expression {
  if (e.kind === 'Comparison') {
    if (isPseudoTimestamp(e.left) && e.right.kind === 'StringLiteral') return { ...e, right: toMillis(e.right) };
    if (isPseudoTimestamp(e.right) && e.left.kind === 'StringLiteral') return { ...e, left: toMillis(e.left) };
  }
  if (e.kind === 'Between' && isPseudoTimestamp(e.value)) return { ...e, min: convert(e.min), max: convert(e.max) };
  return e;
}
