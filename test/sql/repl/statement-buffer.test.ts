import { expect } from 'chai';
import { replWord, StatementBuffer } from '../../../sql/repl/statement-buffer.js';

describe('REPL statement buffer', () => {
  it('gathers lines until a top-level semicolon completes the statement', () => {
    const b = new StatementBuffer();
    expect(b.push('SELECT *')).to.deep.equal([]);
    expect(b.empty).to.equal(false);
    expect(b.push("FROM s WHERE name = 'a;b'")).to.deep.equal([]);
    expect(b.push('EMIT CHANGES;')).to.deep.equal(["SELECT *\nFROM s WHERE name = 'a;b'\nEMIT CHANGES;"]);
    expect(b.empty).to.equal(true);
  });

  it('completes several statements typed on one line and keeps the unfinished rest', () => {
    const b = new StatementBuffer();
    expect(b.push('SHOW STREAMS; SHOW TABLES; SHOW')).to.deep.equal(['SHOW STREAMS;', 'SHOW TABLES;']);
    expect(b.text).to.equal(' SHOW');
    expect(b.push('TOPICS;')).to.deep.equal(['SHOW\nTOPICS;']);
  });

  it('does not end a statement at a semicolon inside a comment or an unterminated string', () => {
    const b = new StatementBuffer();
    expect(b.push("INSERT INTO s VALUES ('x; -- y")).to.deep.equal([]);
    expect(b.push("');")).to.deep.equal(["INSERT INTO s VALUES ('x; -- y\n');"]);
    expect(b.push('SHOW STREAMS -- a comment; still here')).to.deep.equal([]);
    expect(b.push(';')).to.deep.equal(['SHOW STREAMS -- a comment; still here\n;']);
  });

  it('forgets the unfinished statement on clear (Ctrl-C at the prompt)', () => {
    const b = new StatementBuffer();
    b.push('SELECT');
    b.clear();
    expect(b.empty).to.equal(true);
    expect(b.push('SHOW TOPICS;')).to.deep.equal(['SHOW TOPICS;']);
  });

  it('recognises exit, quit and help in any case, with or without a semicolon', () => {
    expect(['exit', 'QUIT;', ' Exit ; ', 'help', 'HELP;', 'exits', 'SHOW STREAMS;'].map(replWord)).to.deep.equal(['exit', 'exit', 'exit', 'help', 'help', null, null]);
  });
});
