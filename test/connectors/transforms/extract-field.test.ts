import { expect } from 'chai';
import { ExtractField$Key, ExtractField$Value } from '../../../connectors/transforms/extract-field.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

const address = structSchema([['city', { type: 'string' }]], { optional: true });
const schema = structSchema([['id', { type: 'int64' }], ['address', address]]);

describe('connectors/transforms ExtractField', () => {
  it('extracts a schemaless field', () => {
    expect(configured(new ExtractField$Value(), { field: 'id' }).apply(sinkRecord({ value: { id: 5, x: 1 } })).value).to.equal(5);
  });

  it('extracts a missing schemaless field as null', () => {
    expect(configured(new ExtractField$Value(), { field: 'id' }).apply(sinkRecord({ value: {} })).value).to.equal(null);
  });

  it('extracts a struct field with its schema', () => {
    const out = configured(new ExtractField$Key(), { field: 'address' }).apply(sinkRecord({ keySchema: schema, key: { id: 1, address: { city: 'Oslo' } } }));
    expect(out.keySchema).to.equal(address);
    expect(out.key).to.deep.equal({ city: 'Oslo' });
  });

  it('follows dotted paths with field.syntax.version=V2', () => {
    const out = configured(new ExtractField$Value(), { field: 'address.city', 'field.syntax.version': 'V2' })
      .apply(sinkRecord({ valueSchema: schema, value: { id: 1, address: { city: 'Oslo' } } }));
    expect(out.valueSchema).to.deep.equal({ type: 'string' });
    expect(out.value).to.equal('Oslo');
  });

  it('treats a dotted name as one field with V1', () => {
    expect(configured(new ExtractField$Value(), { field: 'a.b' }).apply(sinkRecord({ value: { 'a.b': 1, a: { b: 2 } } })).value).to.equal(1);
  });

  it('reads backtick-quoted names with V2', () => {
    expect(configured(new ExtractField$Value(), { field: '`a.b`.c', 'field.syntax.version': 'v2' })
      .apply(sinkRecord({ value: { 'a.b': { c: 3 } } })).value).to.equal(3);
  });

  it('turns a null struct into a null value with the field schema', () => {
    const out = configured(new ExtractField$Value(), { field: 'id' }).apply(sinkRecord({ valueSchema: { ...schema, optional: true }, value: null }));
    expect(out.valueSchema).to.deep.equal({ type: 'int64' });
    expect(out.value).to.equal(null);
  });

  it('refuses a field missing from the schema', () => {
    expect(() => configured(new ExtractField$Value(), { field: 'zip' }).apply(sinkRecord({ valueSchema: schema, value: { id: 1 } })))
      .to.throw('Unknown field: zip');
  });

  it('rejects an unknown field.syntax.version', () => {
    expect(() => configured(new ExtractField$Value(), { field: 'a', 'field.syntax.version': 'V3' }))
      .to.throw('Invalid value V3 for configuration field.syntax.version');
  });
});
