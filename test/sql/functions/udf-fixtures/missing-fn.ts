/** A broken UDF module: the scalar has no fn. */
export const udfs = [{ name: 'broken', kind: 'SCALAR', params: ['INT'], returns: 'INT' }];
