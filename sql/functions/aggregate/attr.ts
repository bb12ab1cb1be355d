/**
 * ATTR: the column's value when every row of the group has the same one, else NULL (NULL
 * counts as a value). Keeps a count per distinct value so it can undo, which makes it usable
 * on tables (a tombstone or update removes the old row's value).
 */
import { INTEGER, array, struct } from '../../types/types.js';
import { aggregateFactory, variant } from './define.js';
import { bindSignature, doesNotAccept } from './signature.js';
import { valuesEqual } from './values.js';

interface Entry {
  VALUE: unknown;
  COUNT: number;
}

/** Adds `delta` to the entry for `value` (never below 0); a new value only enters on a positive delta. */
function update(entries: readonly Entry[], value: unknown, delta: number): Entry[] {
  let found = false;
  const out = entries.map((e) => {
    if (!valuesEqual(e.VALUE, value)) return e;
    found = true;
    return { VALUE: e.VALUE, COUNT: Math.max(0, e.COUNT + delta) };
  });
  if (!found && delta > 0) out.push({ VALUE: value, COUNT: delta });
  return out;
}

export const attr = aggregateFactory({
  name: 'ATTR',
  description:
    'The ATTR() aggregation indicates there are multiple values, but only one was expected. ' +
    'If the aggregation encounters more than a single value for the expected singular column, the entire aggregation will return null.',
  variants: [variant('T val', 'T', 'Collect as a singleton')],
  resolve(args) {
    const call = bindSignature('ATTR', [{ params: ['ANY'] }], args);
    const t = call.types[0];
    if (t === null || t === undefined) throw doesNotAccept('ATTR', args);
    return {
      name: 'ATTR',
      returnType: t,
      aggregateType: array(struct([{ name: 'VALUE', type: t }, { name: 'COUNT', type: INTEGER }])),
      columnArgs: [0],
      init: () => [],
      add: (acc, values) => update(acc as Entry[], values[0] ?? null, 1),
      undo: (acc, values) => update(acc as Entry[], values[0] ?? null, -1),
      merge(a, b) {
        let out = a as Entry[];
        for (const e of b as Entry[]) out = update(out, e.VALUE, e.COUNT);
        return out;
      },
      result(acc) {
        const live = (acc as Entry[]).filter((e) => e.COUNT > 0);
        return live.length === 1 ? live[0]!.VALUE : null;
      },
    };
  },
});
