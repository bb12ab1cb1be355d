import { expect } from 'chai';
import { HasHeaderKey } from '../../../../connectors/transforms/predicates/has-header-key.js';
import { RecordIsTombstone } from '../../../../connectors/transforms/predicates/record-is-tombstone.js';
import { TopicNameMatches } from '../../../../connectors/transforms/predicates/topic-name-matches.js';
import { configured, sinkRecord } from '../records.js';

describe('connectors/transforms/predicates', () => {
  it('HasHeaderKey holds when a header has the name', () => {
    const p = configured(new HasHeaderKey(), { name: 'trace' });
    expect(p.test(sinkRecord({ headers: [{ key: 'trace', value: null }] }))).to.equal(true);
    expect(p.test(sinkRecord({ headers: [{ key: 'other', value: 1 }] }))).to.equal(false);
  });

  it('HasHeaderKey requires a name', () => {
    expect(() => configured(new HasHeaderKey(), {})).to.throw('HasHeaderKey: Missing required configuration "name" which has no default value.');
  });

  it('RecordIsTombstone holds for null values only', () => {
    const p = configured(new RecordIsTombstone());
    expect(p.test(sinkRecord({ key: 'k', value: null }))).to.equal(true);
    expect(p.test(sinkRecord({ value: 0 }))).to.equal(false);
  });

  it('TopicNameMatches needs the whole topic to match', () => {
    const p = configured(new TopicNameMatches(), { pattern: 'orders-.*' });
    expect(p.test(sinkRecord({ topic: 'orders-eu' }))).to.equal(true);
    expect(p.test(sinkRecord({ topic: 'old-orders-eu' }))).to.equal(false);
  });

  it('TopicNameMatches rejects an invalid pattern', () => {
    expect(() => configured(new TopicNameMatches(), { pattern: '[' })).to.throw('Invalid value [ for configuration pattern: Invalid regular expression');
  });
});
