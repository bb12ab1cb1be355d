import { expect } from 'chai';
import { splitStatements } from '../../../sql/index.js';

describe('sql splitStatements', () => {
  it('returns complete statements and the unfinished rest', () => {
    expect(splitStatements('SHOW STREAMS; SELECT *\nFROM s')).to.deep.equal({
      complete: ['SHOW STREAMS;'],
      rest: ' SELECT *\nFROM s',
    });
  });

  it('ignores semicolons inside strings, quoted names and comments', () => {
    expect(splitStatements("SELECT ';', `a;b` FROM s -- x;\n/* y; */ WHERE a = 1;")).to.deep.equal({
      complete: ["SELECT ';', `a;b` FROM s -- x;\n/* y; */ WHERE a = 1;"],
      rest: '',
    });
  });

  it('keeps a statement with an unterminated string in the rest', () => {
    expect(splitStatements("SHOW TABLES; SELECT 'a; b")).to.deep.equal({ complete: ['SHOW TABLES;'], rest: " SELECT 'a; b" });
  });

  it('drops empty statements', () => {
    expect(splitStatements(' ; ;SHOW TYPES;').complete).to.deep.equal(['SHOW TYPES;']);
  });
});
