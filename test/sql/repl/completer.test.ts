import { expect } from 'chai';
import { completeText } from '../../../sql/repl/completer.js';

const names = { sources: ['ORDERS', 'USERS', 'MixedCase'], columns: ['ORDER_ID', 'NAME'] };

describe('REPL tab completion', () => {
  it('completes a statement keyword at the start, keeping the case typed', () => {
    expect(completeText('SEL', names)).to.deep.equal([['SELECT'], 'SEL']);
    expect(completeText('sel', names)).to.deep.equal([['select'], 'sel']);
  });

  it('offers source and column names where a name may stand', () => {
    const [candidates, prefix] = completeText('SELECT * FROM ORD', names);
    expect(prefix).to.equal('ORD');
    expect(candidates).to.include('ORDERS');
    expect(candidates).to.include('ORDER_ID');
    expect(candidates).to.not.include('USERS');
    expect(completeText('select * from us', names)[0]).to.include('users');
  });

  it('uses the earlier lines of a multi-line statement as context', () => {
    expect(completeText('SELECT *\nFROM ORDERS\nEMIT CH', names)).to.deep.equal([['CHANGES'], 'CH']);
  });

  it('offers nothing after text that cannot be completed', () => {
    expect(completeText('SELECT * FROM ) xyz', names)[0]).to.deep.equal([]);
  });
});
