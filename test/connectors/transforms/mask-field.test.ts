import { expect } from 'chai';
import { MaskField$Key, MaskField$Value } from '../../../connectors/transforms/mask-field.js';
import { decimalSchema } from '../../../connectors/api/data/logical-types.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms MaskField', () => {
  it('masks schemaless fields with the empty value of their type', () => {
    const t = configured(new MaskField$Value(), { fields: 'n,s,b,d,arr,obj,big' });
    const value = { n: 5, s: 'x', b: true, d: new Date(9), arr: [1], obj: { a: 1 }, big: 7n, keep: 'k' };
    expect(t.apply(sinkRecord({ value })).value).to.deep.equal({ n: 0, s: '', b: false, d: new Date(0), arr: [], obj: {}, big: 0n, keep: 'k' });
  });

  it('leaves the input object untouched', () => {
    const value = { s: 'x' };
    configured(new MaskField$Value(), { fields: 's' }).apply(sinkRecord({ value }));
    expect(value).to.deep.equal({ s: 'x' });
  });

  it('masks struct fields and keeps the schema', () => {
    const schema = structSchema([['card', { type: 'string' }], ['amount', decimalSchema(2)], ['id', { type: 'int64' }]]);
    const out = configured(new MaskField$Value(), { fields: 'card,amount' }).apply(sinkRecord({ valueSchema: schema, value: { card: '4111', amount: '12.50', id: 3 } }));
    expect(out.valueSchema).to.equal(schema);
    expect(out.value).to.deep.equal({ card: '', amount: '0.00', id: 3 });
  });

  it('uses a custom replacement parsed to the field type', () => {
    const t = configured(new MaskField$Value(), { fields: 'card,n', replacement: '99' });
    expect(t.apply(sinkRecord({ value: { card: '4111', n: 5 } })).value).to.deep.equal({ card: '99', n: 99 });
  });

  it('refuses a numeric field with a non-numeric replacement', () => {
    const t = configured(new MaskField$Value(), { fields: 'n', replacement: '***' });
    expect(() => t.apply(sinkRecord({ value: { n: 5 } }))).to.throw('Unable to convert *** (string) to number for field n');
  });

  it('refuses a custom replacement for a structured field', () => {
    const t = configured(new MaskField$Key(), { fields: 'o', replacement: 'x' });
    expect(() => t.apply(sinkRecord({ key: { o: {} } }))).to.throw('Cannot mask value of type object with custom replacement (field o)');
  });

  it('keeps null fields null', () => {
    expect(configured(new MaskField$Value(), { fields: 's' }).apply(sinkRecord({ value: { s: null } })).value).to.deep.equal({ s: null });
  });

  it('requires fields', () => {
    expect(() => configured(new MaskField$Value(), {})).to.throw('Missing required configuration "fields" which has no default value.');
    expect(() => configured(new MaskField$Value(), { fields: '' })).to.throw('Invalid value  for configuration fields: Empty list');
  });
});
