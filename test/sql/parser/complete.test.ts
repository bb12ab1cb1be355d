import { expect } from 'chai';
import { completeAt } from '../../../sql/index.js';

describe('sql completion', () => {
  it('suggests statement keywords at the start', () => {
    const c = completeAt('');
    expect(c.keywords).to.include.members(['SELECT', 'CREATE', 'SHOW', 'DROP']);
    expect(c.identifier).to.equal(false);
  });

  it('completes a partial keyword', () => {
    expect(completeAt('CREATE ST')).to.deep.equal({ prefix: 'ST', keywords: ['STREAM'], identifier: false });
  });

  it('suggests clauses after FROM source, and a name for the alias', () => {
    const c = completeAt('SELECT * FROM orders ');
    expect(c.keywords).to.include.members(['WHERE', 'WINDOW', 'GROUP', 'EMIT', 'JOIN', 'LIMIT']);
    expect(c.identifier).to.equal(true);
  });

  it('only looks at the statement after the last semicolon', () => {
    expect(completeAt('SHOW STREAMS; DESCRIBE ').keywords).to.include.members(['FUNCTION', 'STREAMS', 'CONNECTOR']);
  });

  it('suggests nothing after text that is already invalid', () => {
    expect(completeAt('SELECT FROM FROM ')).to.deep.equal({ prefix: '', keywords: [], identifier: false });
  });
});
