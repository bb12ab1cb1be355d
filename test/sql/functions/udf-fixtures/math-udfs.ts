/** A user UDF module as a user would write it: a default export with several functions. */
export default [
  {
    name: 'multiply',
    kind: 'SCALAR',
    description: 'Multiplies two numbers.',
    variants: [
      { params: ['INT', 'INT'], returns: 'INT', fn: (a: number | null, b: number | null) => (a === null || b === null ? null : Math.imul(a, b)) },
      { params: ['DOUBLE', 'DOUBLE'], returns: 'DOUBLE', fn: (a: number | null, b: number | null) => (a === null || b === null ? null : a * b) },
    ],
  },
  {
    name: 'concat_all',
    kind: 'SCALAR',
    params: ['STRING'],
    variadic: true,
    returns: 'STRING',
    fn: (...parts: (string | null)[]) => parts.filter((p) => p !== null).join(''),
  },
  {
    name: 'my_sum',
    kind: 'AGGREGATE',
    params: ['BIGINT'],
    constants: ['BIGINT'],
    returns: 'BIGINT',
    aggregate: 'BIGINT',
    init: (start: bigint) => start,
    add: (acc: bigint, v: bigint | null) => (v === null ? acc : acc + v),
    undo: (acc: bigint, v: bigint | null) => (v === null ? acc : acc - v),
    merge: (a: bigint, b: bigint) => a + b,
    result: (acc: bigint) => acc,
  },
  {
    name: 'repeat_each',
    kind: 'TABLE',
    params: ['STRING', 'INT'],
    returns: 'STRING',
    fn: (s: string | null, n: number | null) => (s === null || n === null ? [] : Array.from({ length: n }, () => s)),
  },
];
