import { expect } from 'chai';
import { SetSchemaMetadata$Key, SetSchemaMetadata$Value } from '../../../connectors/transforms/set-schema-metadata.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms SetSchemaMetadata', () => {
  const schema = structSchema([['id', { type: 'int32' }]], { name: 'old', version: 1 });

  it('sets the value schema name and version, keeping the value', () => {
    const value = { id: 1 };
    const out = configured(new SetSchemaMetadata$Value(), { 'schema.name': 'com.example.Order', 'schema.version': '3' }).apply(sinkRecord({ valueSchema: schema, value }));
    expect(out.valueSchema).to.deep.equal({ ...schema, name: 'com.example.Order', version: 3 });
    expect(out.value).to.equal(value);
  });

  it('sets only the name on keys', () => {
    const out = configured(new SetSchemaMetadata$Key(), { 'schema.name': 'K' }).apply(sinkRecord({ keySchema: { type: 'string' }, key: 'k' }));
    expect(out.keySchema).to.deep.equal({ type: 'string', name: 'K' });
  });

  it('refuses a schemaless record', () => {
    expect(() => configured(new SetSchemaMetadata$Value(), { 'schema.name': 'x' }).apply(sinkRecord({ value: {} })))
      .to.throw('Schema required for [updating schema metadata]');
  });

  it('needs a name or a version', () => {
    expect(() => configured(new SetSchemaMetadata$Value(), {})).to.throw('SetSchemaMetadata$Value: Neither schema name nor version configured');
  });
});
