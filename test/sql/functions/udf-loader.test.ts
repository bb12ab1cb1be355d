import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadUdfs, udfFactories } from '../../../sql/functions/udf-loader.js';
import type { ArgSpec, FunctionFactory, ResolvedAggregate, ResolvedScalar, ResolvedTableFunction } from '../../../sql/functions/types.js';
import { BIGINT, DOUBLE, INTEGER, STRING, decimal, type Type } from '../../../sql/types/types.js';
import { Decimal } from '../../../sql/types/decimal.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./udf-fixtures/${name}`, import.meta.url));
const col = (t: Type | null): ArgSpec => ({ kind: 'value', type: t });
const lit = (t: Type | null, value: unknown): ArgSpec => ({ kind: 'value', type: t, constant: { value } });
const byName = (fs: readonly FunctionFactory[], name: string): FunctionFactory => fs.find((f) => f.name === name)!;

describe('udf-loader', () => {
  let udfs: FunctionFactory[];
  before(async () => {
    udfs = await loadUdfs([fixture('math-udfs.ts')]);
  });

  it('loads every function of a module under its upper-case name and kind', () => {
    expect(udfs.map((f) => [f.name, f.kind])).to.deep.equal([
      ['MULTIPLY', 'SCALAR'],
      ['CONCAT_ALL', 'SCALAR'],
      ['MY_SUM', 'AGGREGATE'],
      ['REPEAT_EACH', 'TABLE'],
    ]);
    expect(byName(udfs, 'MULTIPLY').variants.map((v) => v.signature)).to.deep.equal(['INT, INT', 'DOUBLE, DOUBLE']);
  });

  it('resolves scalar variants exactly first, then by widening with converted values', () => {
    const mul = byName(udfs, 'MULTIPLY');
    const ints = mul.resolve([col(INTEGER), col(INTEGER)]) as ResolvedScalar;
    expect(ints.returnType).to.deep.equal(INTEGER);
    expect(ints.invoke([6, 7])).to.equal(42);
    const widened = mul.resolve([col(decimal(3, 1)), col(BIGINT)]) as ResolvedScalar;
    expect(widened.returnType).to.deep.equal(DOUBLE);
    expect(widened.invoke([Decimal.parse('1.5'), 4n])).to.equal(6);
    expect(() => mul.resolve([col(STRING), col(INTEGER)])).to.throw("Function 'multiply' does not accept parameters (STRING, INTEGER).");
  });

  it('supports variadic parameters', () => {
    const cat = byName(udfs, 'CONCAT_ALL').resolve([col(STRING), col(STRING), col(null)]) as ResolvedScalar;
    expect(cat.invoke(['a', 'b', null])).to.equal('ab');
  });

  it('binds aggregate constants to init and row values to add/undo', () => {
    const sum = byName(udfs, 'MY_SUM').resolve([col(INTEGER), lit(BIGINT, 100n)]) as ResolvedAggregate;
    expect(sum.columnArgs).to.deep.equal([0]);
    let acc = sum.init();
    acc = sum.add(acc, [5]); // INTEGER widened to BIGINT before the call
    acc = sum.add(acc, [null]);
    acc = sum.undo!(acc, [2]);
    expect(sum.result(acc)).to.equal(103n);
    expect(() => byName(udfs, 'MY_SUM').resolve([col(BIGINT), col(BIGINT)])).to.throw("Function 'my_sum' does not accept parameters (BIGINT, BIGINT).");
  });

  it('table functions return one row per element', () => {
    const rep = byName(udfs, 'REPEAT_EACH').resolve([col(STRING), lit(INTEGER, 2)]) as ResolvedTableFunction;
    expect(rep.returnType).to.deep.equal(STRING);
    expect(rep.invoke(['x', 3])).to.deep.equal(['x', 'x', 'x']);
  });

  it('names the module, the entry and what is missing', async () => {
    let message = '';
    try {
      await loadUdfs([fixture('missing-fn.ts')]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(/^UDF module '.*missing-fn\.ts': export 'udfs' \[0\] \(broken\): missing 'fn' \(a function\)$/);
  });

  it('reports a module that cannot be imported', async () => {
    let message = '';
    try {
      await loadUdfs([fixture('does-not-exist.ts')]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain("UDF module '").and.to.contain('does-not-exist.ts').and.to.contain('could not be loaded');
  });

  it('rejects bad types, kinds, names, empty modules and duplicates', () => {
    const one = (entry: unknown) => () => udfFactories({ default: entry }, "'m.ts'");
    expect(one({ name: 'f', kind: 'SCALAR', params: ['INTT'], returns: 'INT', fn: () => 1 })).to.throw("UDF module 'm.ts': export 'default' (f): params[0]: 'INTT' is not a SQL type");
    expect(one({ name: 'f', kind: 'WINDOW', fn: () => 1 })).to.throw("'kind' must be 'SCALAR', 'AGGREGATE' or 'TABLE', got \"WINDOW\"");
    expect(one({ name: 'bad name', kind: 'SCALAR' })).to.throw("'name' must be an identifier");
    expect(one({ name: 'agg', kind: 'AGGREGATE', params: ['INT'], returns: 'INT', init: () => 0, add: () => 0, result: () => 0 })).to.throw("(agg): missing 'merge' (a function)");
    expect(() => udfFactories({}, "'m.ts'")).to.throw("UDF module 'm.ts': exports no functions");
    const f = { name: 'f', kind: 'SCALAR', params: [], returns: 'INT', fn: () => 1 };
    expect(() => udfFactories({ default: [f, { ...f, name: 'F' }] }, "'m.ts'")).to.throw('function F is defined twice');
  });

  it('turns a JS undefined result into SQL NULL', () => {
    const [f] = udfFactories({ default: { name: 'nothing', kind: 'SCALAR', params: ['ANY'], returns: 'STRING', fn: () => undefined } }, "'m.ts'");
    expect((f!.resolve([col(INTEGER)]) as ResolvedScalar).invoke([1])).to.equal(null);
  });
});

describe('udf-loader widening into a DECIMAL parameter', () => {
  it('scales an INTEGER argument to the parameter\'s scale', () => {
    const [f] = udfFactories({ default: { name: 'dec_text', kind: 'SCALAR', params: ['DECIMAL(6, 2)'], returns: 'STRING', fn: (d: Decimal) => d.toString() } }, "'m.ts'");
    expect((f!.resolve([col(INTEGER)]) as ResolvedScalar).invoke([7])).to.equal('7.00');
  });
});

describe('udf-loader variadic aggregates', () => {
  // Like ksqlDB's test-only MID_VAR_ARG: a column, variadic strings, then two literal init args.
  const [midVarArg] = udfFactories(
    {
      default: {
        name: 'MID_VAR_ARG',
        kind: 'AGGREGATE',
        params: ['BIGINT', 'STRING'],
        variadic: true,
        constants: ['INT', 'INT'],
        returns: 'BIGINT',
        init: (a: number, b: number) => BigInt(a + b),
        add: (acc: bigint, first: bigint | null, ...rest: (string | null)[]) => acc + (first ?? 0n) + BigInt(rest.reduce((n, s) => n + (s?.length ?? 0), 0)),
        merge: (a: bigint, b: bigint) => a + b,
        result: (acc: bigint) => acc,
      },
    },
    "'m.ts'",
  );

  it('takes any number of variadic column arguments before the trailing literals', () => {
    const agg = midVarArg!.resolve([col(BIGINT), lit(STRING, 'hello'), col(STRING), lit(INTEGER, 7), lit(INTEGER, 3)]) as ResolvedAggregate;
    expect(agg.columnArgs).to.deep.equal([0, 1, 2]);
    expect(agg.result(agg.add(agg.init(), [5n, 'hello', 'ab']))).to.equal(10n + 5n + 7n);
    const none = midVarArg!.resolve([col(BIGINT), lit(INTEGER, 7), lit(INTEGER, 3)]) as ResolvedAggregate;
    expect(none.columnArgs).to.deep.equal([0]);
    expect(midVarArg!.variants[0]!.signature).to.equal('BIGINT, ...STRING, INT (literal), INT (literal)');
  });

  it('rejects a call missing the initial argument with ksqlDB\'s message (qtt middle-variadic-udaf - missing initial argument)', () => {
    expect(() => midVarArg!.resolve([col(BIGINT), col(STRING), col(STRING), lit(INTEGER, 3)])).to.throw(
      "Function 'MID_VAR_ARG' does not accept parameters (BIGINT, STRING, STRING, INTEGER).",
    );
  });
});
