import { expect } from 'chai';
import { RegexRouter } from '../../../connectors/transforms/regex-router.js';
import { TimestampRouter } from '../../../connectors/transforms/timestamp-router.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms RegexRouter', () => {
  it('rewrites a whole-matching topic with Java group references', () => {
    const t = configured(new RegexRouter(), { regex: '(.*)-(raw)', replacement: '$1-clean' });
    expect(t.apply(sinkRecord({ topic: 'orders-raw' })).topic).to.equal('orders-clean');
  });

  it('supports named groups and escaped dollars', () => {
    const t = configured(new RegexRouter(), { regex: '(?<name>[a-z]+)\\.v1', replacement: '${name}\\$v2' });
    expect(t.apply(sinkRecord({ topic: 'users.v1' })).topic).to.equal('users$v2');
  });

  it('leaves a topic that only partly matches', () => {
    const t = configured(new RegexRouter(), { regex: 'orders', replacement: 'x' });
    const r = sinkRecord({ topic: 'orders-raw' });
    expect(t.apply(r)).to.equal(r);
  });

  it('rejects an invalid regex and a bad group reference', () => {
    expect(() => configured(new RegexRouter(), { regex: '(', replacement: 'x' })).to.throw('Invalid value ( for configuration regex: Invalid regular expression');
    expect(() => configured(new RegexRouter(), { regex: 'a', replacement: 'cost$' })).to.throw('Invalid value cost$ for configuration replacement: Illegal group reference');
  });
});

describe('connectors/transforms TimestampRouter', () => {
  it('appends the record date by default', () => {
    const t = configured(new TimestampRouter());
    expect(t.apply(sinkRecord({ topic: 'orders', timestamp: Date.UTC(2024, 0, 31, 23, 59) })).topic).to.equal('orders-20240131');
  });

  it('uses topic.format and timestamp.format', () => {
    const t = configured(new TimestampRouter(), { 'topic.format': 'archive_${timestamp}_${topic}', 'timestamp.format': 'yyyy-MM' });
    expect(t.apply(sinkRecord({ topic: 'orders', timestamp: Date.UTC(2024, 6, 1) })).topic).to.equal('archive_2024-07_orders');
  });

  it('refuses a record without a timestamp', () => {
    expect(() => configured(new TimestampRouter()).apply(sinkRecord({ timestamp: null }))).to.throw('Timestamp missing on record: topic orders, partition 3');
  });
});
