/**
 * MIN and MAX over numbers, DECIMAL, STRING, BYTES, DATE, TIME and TIMESTAMP; NULLs are ignored
 * and an all-NULL group gives NULL. Stream-only in ksqlDB (no undo), so a table aggregation
 * using them is rejected by the planner.
 */
import { INTEGER } from '../../types/types.js';
import type { FunctionFactory } from '../types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature, type Signature } from './signature.js';
import { compareValues } from './values.js';

const ORDERABLE: readonly Signature[] = (['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'] as const).map((t) => ({
  params: [t],
}));

function extremum(name: 'MIN' | 'MAX', keep: (cmp: number) => boolean, description: string): FunctionFactory<'AGGREGATE'> {
  return aggregateFactory({
    name,
    description,
    variants: ['INT', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'].map((t) => variant(`${t} val`, t, description)),
    resolve(args) {
      const call = bindSignature(name, ORDERABLE, args);
      const t = call.types[0] ?? INTEGER; // an untyped NULL binds to MIN(INTEGER), the first signature
      const pick = (a: unknown, b: unknown): unknown => (a === null ? b : b === null ? a : keep(compareValues(b, a)) ? b : a);
      return {
        name,
        returnType: t,
        aggregateType: t,
        columnArgs: [0],
        init: () => null,
        add: (acc, values) => pick(acc, values[0] ?? null),
        merge: (a, b) => pick(a, b),
        result: (acc) => acc,
      };
    },
  });
}

export const min = extremum('MIN', (cmp) => cmp < 0, 'Computes the minimum value for a key.');
export const max = extremum('MAX', (cmp) => cmp > 0, 'Computes the maximum value for a key.');
