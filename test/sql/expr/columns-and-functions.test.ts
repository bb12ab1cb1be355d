import { expect } from 'chai';
import { compileExpression, typeOf } from '../../../sql/expr/index.js';
import { formatType } from '../../../sql/types/types.js';
import * as T from '../../../sql/types/types.js';
import type { ArgSpec, ResolvedScalar } from '../../../sql/functions/types.js';
import { columns, compile, compileError, evalConst, fakeRegistry, parseExpr, scopeOf, seenSpecs } from './helpers.js';

describe('expression compiler: columns', () => {
  const joined = [
    ...columns([['ID', T.INTEGER, 'I1'], ['F0', T.STRING, 'I1']]),
    ...columns([['F0', T.BIGINT, 'I2'], ['X', T.DOUBLE, 'I2']]).map((c) => ({ ...c, index: c.index + 2 })),
  ];
  const from = 'I1 JOIN I2 WITHIN 1 SECOND ON I1.ID = I2.X';

  it('reads columns by index, qualified or not', () => {
    const row = [1, 'a', 2n, 3.5];
    expect(compileExpression(parseExpr('I2.F0', from), scopeOf(joined)).evaluate(row)).to.equal(2n);
    expect(compileExpression(parseExpr('I1.F0', from), scopeOf(joined)).evaluate(row)).to.equal('a');
    expect(compileExpression(parseExpr('X', from), scopeOf(joined)).evaluate(row)).to.equal(3.5);
    expect(compileExpression(parseExpr('X', from), scopeOf(joined)).evaluate([1, 'a', 2n])).to.equal(null);
  });

  it('reports unknown columns with the clause, qualifier and position', () => {
    expect(compileError('BOB', columns([['A', T.INTEGER]]))).to.equal("Line: 1, Col: 8: SELECT column 'BOB' cannot be resolved.");
    let message = '';
    try {
      compileExpression(parseExpr('I1.IID', from), scopeOf(joined, { clause: 'JOIN ON' }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal("Line: 1, Col: 8: JOIN ON column 'I1.IID' cannot be resolved.");
  });

  it('reports ambiguous unqualified columns', () => {
    let message = '';
    try {
      compileExpression(parseExpr('F0', from), scopeOf(joined));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal("Line: 1, Col: 8: Column 'F0' is ambiguous. Could be I1.F0 or I2.F0.");
  });

  it('messages print an engine-computed column as the expression it holds', () => {
    const agg = { name: 'KSQL_AGG_VARIABLE_0', type: T.BIGINT, index: 0, expression: parseExpr('SUM(VALUE)') };
    let message = '';
    try {
      compileExpression(parseExpr("KSQL_AGG_VARIABLE_0 > '100'"), scopeOf([agg], { clause: 'HAVING' }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal("Cannot compare SUM(VALUE) (BIGINT) to '100' (STRING) with GREATER_THAN.");
  });

  it('messages name joined columns as ksqlDB\'s join schema does (I1_BAR)', () => {
    let message = '';
    try {
      compileExpression(parseExpr("I1.ID > I2.X", from), scopeOf(joined.map((c) => (c.name === 'X' ? { ...c, type: T.STRING } : c)), { clause: 'WHERE' }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal('Cannot compare I1_ID (INTEGER) to I2_X (STRING) with GREATER_THAN.');
  });

  it('typeOf gives the type without evaluating', () => {
    expect(typeOf(parseExpr('ID + 1.5', from), scopeOf(joined))).to.deep.equal(T.decimal(12, 1));
    expect(typeOf(parseExpr('NULL'), scopeOf([]))).to.equal(null);
  });
});

describe('expression compiler: function calls', () => {
  it('calls a scalar function with evaluated arguments', () => {
    const c = compile('UPPER(S1)', columns([['S1', T.STRING]]));
    expect(c.type).to.deep.equal(T.STRING);
    expect(c.evaluate(['ab'])).to.equal('AB');
    expect(c.evaluate([null])).to.equal(null);
  });

  it('passes registry errors through', () => {
    expect(compileError('UPPER(1)')).to.equal("Function 'upper' does not accept parameters (INTEGER).");
    expect(compileError('NOPE(1)')).to.equal("Can't find any functions with the name 'NOPE'");
  });

  it('rejects aggregate and table functions clearly', () => {
    expect(compileError('SUM(A)', columns([['A', T.INTEGER]]))).to.equal(
      "Line: 1, Col: 8: Function 'SUM' is an aggregate function and cannot be used in this expression: SUM(A)",
    );
    expect(compileError('EXPLODE(A)', columns([['A', T.array(T.INTEGER)]]))).to.contain("Function 'EXPLODE' is a table function");
  });

  it('describes arguments: constants carry values, time units are STRING constants', () => {
    seenSpecs.length = 0;
    compile('ECHO_ARGS(1, A, SECONDS, NULL)', columns([['A', T.INTEGER]]));
    expect(seenSpecs[0]).to.deep.equal([
      { kind: 'value', type: T.INTEGER, constant: { value: 1 } },
      { kind: 'value', type: T.INTEGER },
      { kind: 'value', type: T.STRING, constant: { value: 'SECONDS' } },
      { kind: 'value', type: null, constant: { value: null } },
    ]);
    expect(compile('ECHO_ARGS(1, A, SECONDS)', columns([['A', T.INTEGER]])).evaluate([7])).to.equal('1|7|SECONDS');
  });

  it('passes lambdas as functions, with columns and outer lambda variables in scope', () => {
    const cols = columns([['ARR', T.array(T.INTEGER)], ['K', T.INTEGER], ['NESTED', T.array(T.array(T.INTEGER))]]);
    const c = compile('TRANSFORM(ARR, x => x * K)', cols);
    expect(formatType(c.type!)).to.equal('ARRAY<INTEGER>');
    expect(c.evaluate([[1, 2, 3], 10, null])).to.deep.equal([10, 20, 30]);
    expect(c.evaluate([[1], 2, null])).to.deep.equal([2]);
    const nested = compile('TRANSFORM(NESTED, a => TRANSFORM(a, b => b + K))', cols);
    expect(nested.evaluate([null, 100, [[1, 2], [3]]])).to.deep.equal([[101, 102], [103]]);
    const outer = compile('TRANSFORM(NESTED, a => TRANSFORM(a, b => CAST(b AS STRING) + CAST(a AS STRING)))', cols);
    expect(outer.evaluate([null, 0, [[1, 2]]])).to.deep.equal([['1[1, 2]', '2[1, 2]']]);
    expect(formatType(compile('TRANSFORM(ARR, x => x > 1)', cols).type!)).to.equal('ARRAY<BOOLEAN>');
  });

  it('types a lambda by the registry\'s last successful bodyType call (the chosen overload)', () => {
    const registry = {
      ...fakeRegistry,
      kindOf: () => 'SCALAR' as const,
      resolveScalar(_name: string, args: readonly ArgSpec[]): ResolvedScalar {
        const fn = args[1];
        if (fn?.kind !== 'lambda') throw new Error('lambda expected');
        try {
          fn.bodyType([T.BOOLEAN]); // an overload that does not fit: the body fails to type
        } catch {
          // tried and rejected
        }
        const t = fn.bodyType([T.INTEGER]);
        return { name: 'APPLY', returnType: t!, invoke: (v) => (v[1] as (x: unknown) => unknown)(v[0]) };
      },
    };
    const c = compileExpression(parseExpr('APPLY(N, x => x + 1)'), { columns: columns([['N', T.INTEGER]]), registry });
    expect(c.type).to.deep.equal(T.INTEGER);
    expect(c.evaluate([41])).to.equal(42);
  });

  it('a function that throws gives NULL for that call only and reports it', () => {
    const errors: string[] = [];
    const c = compile('CASE WHEN FAIL(A) IS NULL THEN 1 ELSE 2 END', columns([['A', T.INTEGER]]), { onError: (m) => errors.push(m) });
    expect(c.evaluate([1])).to.equal(1);
    expect(errors).to.deep.equal(['Error computing expression FAIL(A): boom']);
  });

  it('folds calls with constant arguments, but not zero-argument calls', () => {
    expect(compile("UPPER('a')").constant).to.equal(true);
    expect(evalConst("UPPER('a')")).to.equal('A');
    const counter = compile('COUNTER()');
    expect(counter.constant).to.equal(false);
    expect([counter.evaluate([]), counter.evaluate([])]).to.deep.equal([1, 2]);
  });
});
