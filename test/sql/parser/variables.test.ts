import { expect } from 'chai';
import { parseStatements, substituteVariables, SqlSyntaxError } from '../../../sql/index.js';
import { bare } from '../parse-helpers.js';

describe('sql parser: variables', () => {
  it('substitutes ${name} anywhere in the text, names matched without regard to case', () => {
    expect(substituteVariables("SELECT * FROM ${src} WHERE x = '${Val}';", { SRC: 'orders', val: 'a' })).to.equal(
      "SELECT * FROM orders WHERE x = 'a';",
    );
  });

  it('names an undefined variable and where it is', () => {
    let error: unknown;
    try {
      substituteVariables('SELECT *\nFROM ${missing};', {});
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(SqlSyntaxError);
    expect((error as SqlSyntaxError).message).to.equal("line 2:6: Undefined variable ${missing}: define it first with DEFINE missing = '<value>';");
  });

  it('uses the variables passed to parseStatements', () => {
    const { statements } = parseStatements("PRINT '${t}';", { variables: { t: 'orders' } });
    expect(bare(statements[0])).to.deep.equal({ kind: 'Print', topic: 'orders', fromBeginning: false });
  });

  it('applies DEFINE and UNDEFINE to the statements that follow them', () => {
    const { statements, errors } = parseStatements("DEFINE t = 'orders';\nPRINT '${t}';\nUNDEFINE t;\nPRINT '${t}';");
    expect(statements.map((s) => s.kind)).to.deep.equal(['DefineVariable', 'Print', 'UndefineVariable']);
    expect(errors.map((e) => e.message)).to.deep.equal([
      "line 4:8: Undefined variable ${t}: define it first with DEFINE t = '<value>';",
    ]);
  });

  it('keeps positions of a substituted statement relative to the whole text', () => {
    const { errors } = parseStatements("DEFINE s = 'x';\nSELECT * FROM ${s} WHERE ;");
    expect(errors[0].message).to.contain('line 2:');
    expect([errors[0].line, errors[0].offendingToken]).to.deep.equal([2, ';']);
  });

  it("substitutes defined variables in a DEFINE's value and keeps undefined ones as written", () => {
    const { statements } = parseStatements("DEFINE a = 'x'; DEFINE b = '${a}-${c}';");
    expect(bare(statements[1])).to.deep.equal({ kind: 'DefineVariable', name: 'B', value: 'x-${c}' });
  });

  it('allows a reserved word as a variable name', () => {
    const { statements, errors } = parseStatements("DEFINE topic = 'orders'; PRINT ${topic};");
    expect(errors).to.deep.equal([]);
    expect(statements[1]).to.include({ kind: 'Print', topic: 'ORDERS' });
  });
});
