import { expect } from 'chai';
import { HoistField$Key, HoistField$Value } from '../../../connectors/transforms/hoist-field.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms HoistField', () => {
  it('wraps a schemaless value in an object', () => {
    expect(configured(new HoistField$Value(), { field: 'line' }).apply(sinkRecord({ value: 'hello' })).value).to.deep.equal({ line: 'hello' });
  });

  it('wraps a schema\'d key in a struct with a one-field schema', () => {
    const out = configured(new HoistField$Key(), { field: 'id' }).apply(sinkRecord({ keySchema: { type: 'int64' }, key: 7 }));
    expect(out.keySchema).to.deep.equal({ type: 'struct', fields: [{ field: 'id', schema: { type: 'int64' } }] });
    expect(out.key).to.deep.equal({ id: 7 });
  });

  it('requires field', () => {
    expect(() => configured(new HoistField$Value(), {})).to.throw('HoistField$Value: Missing required configuration "field"');
  });
});
