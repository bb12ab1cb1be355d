import { expect } from 'chai';
import { errorByCode, errorByName, errorCode } from '../../../core/protocol/error-codes.js';

describe('Kafka error-code table', () => {
  it('has every code from -1 to 127 exactly once', () => {
    for (let code = -1; code <= 127; code++) expect(errorByCode(code), `code ${code}`).to.not.equal(undefined);
    expect(errorByCode(128)).to.equal(undefined);
  });

  it('maps names to the codes of the Kafka protocol guide', () => {
    expect(errorCode('UNSUPPORTED_VERSION')).to.equal(35);
    expect(errorCode('MEMBER_ID_REQUIRED')).to.equal(79);
    expect(errorCode('PRODUCER_FENCED')).to.equal(90);
    expect(errorCode('UNKNOWN_TOPIC_ID')).to.equal(100);
    expect(errorCode('INVALID_REGISTRATION')).to.equal(119);
  });

  it('marks retriable errors as Kafka does', () => {
    expect(errorByName('NOT_COORDINATOR')?.retriable).to.equal(true);
    expect(errorByName('CONCURRENT_TRANSACTIONS')?.retriable).to.equal(true);
    expect(errorByName('REBALANCE_IN_PROGRESS')?.retriable).to.equal(false);
    expect(errorByName('INVALID_PRODUCER_EPOCH')?.retriable).to.equal(false);
  });
});
