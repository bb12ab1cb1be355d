/**
 * Checks of `CREATE STREAM|TABLE ... WITH (...)` properties that ksqlDB makes while parsing
 * (the rest, such as formats and topics, belong to the analyzer).
 */
import { Property } from '../ast/statements.js';
import { astError } from './build-common.js';

const WINDOW_TYPES = ['SESSION', 'TUMBLING', 'HOPPING'];

/** Throws when WINDOW_TYPE / WINDOW_SIZE do not fit together. */
export function validateSourceProperties(properties: Property[]): void {
  const byName = new Map(properties.map((p) => [p.name, p]));
  const windowType = byName.get('WINDOW_TYPE');
  const windowSize = byName.get('WINDOW_SIZE');
  if (!windowType) return;
  const type = windowType.value.kind === 'StringLiteral' ? windowType.value.value.toUpperCase() : '';
  if (!WINDOW_TYPES.includes(type)) {
    throw astError(windowType.pos, `Invalid value for WINDOW_TYPE property: expected one of ${WINDOW_TYPES.join(', ')}`);
  }
  if (type === 'SESSION' && windowSize) {
    throw astError(windowSize.pos, "'WINDOW_SIZE' should not be set for SESSION windows.");
  }
  if (type !== 'SESSION' && !windowSize) {
    throw astError(windowType.pos, `${type} windows require 'WINDOW_SIZE' to be set.`);
  }
}
