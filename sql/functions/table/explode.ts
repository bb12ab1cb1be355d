/**
 * EXPLODE(array): one output row per element, in order (NULL elements included); a NULL or
 * empty array produces no rows. Only arrays, as in ksqlDB.
 */
import type { Type } from '../../types/types.js';
import { bindSignature, doesNotAccept } from '../aggregate/signature.js';
import { tableFactory } from './define.js';

export const explode = tableFactory({
  name: 'EXPLODE',
  description: 'Explodes an array. This function outputs one value for each element of the array.',
  variants: [{ signature: 'ARRAY<T> list', returnType: 'T', description: 'Explodes an array.' }],
  resolve(args) {
    const call = bindSignature('explode', [{ params: ['ARRAY<ANY>'] }], args);
    const t = call.types[0];
    if (t === null || t === undefined || t.kind !== 'ARRAY') throw doesNotAccept('explode', args);
    const element: Type = t.element;
    return {
      name: 'EXPLODE',
      returnType: element,
      invoke: (values) => (values[0] === null || values[0] === undefined ? [] : (values[0] as readonly unknown[])),
    };
  },
});
