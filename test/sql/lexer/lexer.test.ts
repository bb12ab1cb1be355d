import { expect } from 'chai';
import { tokenize } from '../../../sql/lexer/lexer.js';

function kinds(sql: string): string[] {
  const { tokens, errors } = tokenize(sql);
  expect(errors).to.deep.equal([]);
  return tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('sql lexer', () => {
  it('matches keywords regardless of case', () => {
    expect(kinds('select FROM WhErE')).to.deep.equal(['SELECT:select', 'FROM:FROM', 'WHERE:WhErE']);
  });

  it('lexes a word that starts with a keyword as an identifier', () => {
    expect(kinds('SELECTED INNERMOST fromage')).to.deep.equal([
      'Identifier:SELECTED',
      'Identifier:INNERMOST',
      'Identifier:fromage',
    ]);
  });

  it('does not let a short keyword shadow a longer one (IN / INNER / INSERT / INTO)', () => {
    expect(kinds('IN INNER INSERT INTO INTEGER')).to.deep.equal([
      'IN:IN', 'INNER:INNER', 'INSERT:INSERT', 'INTO:INTO', 'INTEGER:INTEGER',
    ]);
  });

  it('lexes back-quoted and double-quoted identifiers with doubled quotes inside', () => {
    expect(kinds('`Foo``s` "Bar""s"')).to.deep.equal(['BackQuotedIdentifier:`Foo``s`', 'QuotedIdentifier:"Bar""s"']);
  });

  it("lexes string literals with '' escapes", () => {
    expect(kinds("'it''s' ''")).to.deep.equal(["StringLiteral:'it''s'", "StringLiteral:''"]);
  });

  it('tells integer, decimal and double literals apart', () => {
    expect(kinds('42 1.5 10. .5 1.5E-3 2e10')).to.deep.equal([
      'IntegerLiteral:42',
      'DecimalLiteral:1.5',
      'DecimalLiteral:10.',
      'DecimalLiteral:.5',
      'FloatLiteral:1.5E-3',
      'FloatLiteral:2e10',
    ]);
  });

  it('lexes an identifier that starts with digits', () => {
    expect(kinds('1st')).to.deep.equal(['DigitIdentifier:1st']);
  });

  it('lexes ${var} references', () => {
    expect(kinds('${my_var}')).to.deep.equal(['Variable:${my_var}']);
  });

  it('skips -- and /* */ comments', () => {
    expect(kinds('a -- comment ; b\n/* multi\nline */ c')).to.deep.equal(['Identifier:a', 'Identifier:c']);
  });

  it('lexes multi-character operators before their one-character prefixes', () => {
    expect(kinds('-> => || <> != <= >= := - = < >')).to.deep.equal([
      'Arrow:->', 'Lambda:=>', 'Concat:||', 'NotEquals:<>', 'NotEquals:!=', 'LessOrEqual:<=',
      'GreaterOrEqual:>=', 'Assign::=', 'Minus:-', 'Equals:=', 'LessThan:<', 'GreaterThan:>',
    ]);
  });

  it('keeps 1-based line and column of each token', () => {
    const { tokens } = tokenize('SELECT\n  x');
    expect([tokens[1].startLine, tokens[1].startColumn]).to.deep.equal([2, 3]);
  });

  it('counts lines inside multi-line strings, comments and quoted names', () => {
    const { tokens } = tokenize("SELECT 'a\nb' /* x\ny\n*/ `q\nr` z");
    expect(tokens.map((t) => [t.startLine, t.startColumn])).to.deep.equal([[1, 1], [1, 8], [4, 4], [5, 4]]);
  });

  it('reports an unknown character with its line and column', () => {
    const { errors } = tokenize('SELECT\n a # b');
    expect(errors[0].message).to.equal("line 2:4: Syntax Error\ntoken recognition error at: '#'");
  });

  it('reports an unterminated string literal', () => {
    const { errors } = tokenize("SELECT 'abc");
    expect(errors[0].message).to.equal("line 1:8: Syntax Error\nunterminated string literal: missing closing quote (')");
  });
});
