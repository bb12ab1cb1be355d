import { expect } from 'chai';
import { ValueToKey } from '../../../connectors/transforms/value-to-key.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms ValueToKey', () => {
  it('builds a schemaless key from value fields', () => {
    const t = configured(new ValueToKey(), { fields: 'id,region' });
    const out = t.apply(sinkRecord({ key: 'old', value: { id: 1, region: 'eu', x: 2 } }));
    expect(out.key).to.deep.equal({ id: 1, region: 'eu' });
    expect(out.keySchema).to.equal(null);
    expect(out.value).to.deep.equal({ id: 1, region: 'eu', x: 2 });
  });

  it('builds a struct key and its schema from a struct value', () => {
    const schema = structSchema([['id', { type: 'int64' }], ['region', { type: 'string', optional: true }], ['x', { type: 'int32' }]]);
    const out = configured(new ValueToKey(), { fields: 'region,id' }).apply(sinkRecord({ valueSchema: schema, value: { id: 1, region: 'eu', x: 2 } }));
    expect(out.keySchema).to.deep.equal({ type: 'struct', fields: [
      { field: 'region', schema: { type: 'string', optional: true } }, { field: 'id', schema: { type: 'int64' } },
    ] });
    expect(out.key).to.deep.equal({ region: 'eu', id: 1 });
  });

  it('refuses a field missing from the value schema', () => {
    const schema = structSchema([['id', { type: 'int64' }]]);
    expect(() => configured(new ValueToKey(), { fields: 'nope' }).apply(sinkRecord({ valueSchema: schema, value: { id: 1 } })))
      .to.throw('Field does not exist: nope');
  });

  it('refuses a tombstone as Kafka does', () => {
    expect(() => configured(new ValueToKey(), { fields: 'id' }).apply(sinkRecord({ value: null })))
      .to.throw('Only Map objects supported in absence of schema for [copying fields from value to key], found: null');
  });
});
