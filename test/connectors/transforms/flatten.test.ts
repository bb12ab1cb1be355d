import { expect } from 'chai';
import { Flatten$Key, Flatten$Value } from '../../../connectors/transforms/flatten.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms Flatten', () => {
  it('flattens nested schemaless objects and keeps arrays', () => {
    const out = configured(new Flatten$Value()).apply(sinkRecord({ value: { id: 1, a: { b: { c: 2 }, d: [1, { e: 3 }] } } }));
    expect(out.value).to.deep.equal({ id: 1, 'a.b.c': 2, 'a.d': [1, { e: 3 }] });
  });

  it('uses the delimiter', () => {
    expect(configured(new Flatten$Key(), { delimiter: '_' }).apply(sinkRecord({ key: { a: { b: 1 } } })).key).to.deep.equal({ a_b: 1 });
  });

  it('flattens a struct schema, making fields under an optional struct optional', () => {
    const address = structSchema([['city', { type: 'string' }], ['geo', structSchema([['lat', { type: 'float64' }]])]], { optional: true });
    const schema = structSchema([['id', { type: 'int32' }], ['address', address], ['tags', { type: 'array', items: { type: 'string' } }]], { name: 'P' });
    const out = configured(new Flatten$Value()).apply(sinkRecord({ valueSchema: schema, value: { id: 1, address: null, tags: ['x'] } }));
    expect(out.valueSchema).to.deep.equal({ type: 'struct', name: 'P', fields: [
      { field: 'id', schema: { type: 'int32' } },
      { field: 'address.city', schema: { type: 'string', optional: true } },
      { field: 'address.geo.lat', schema: { type: 'float64', optional: true } },
      { field: 'tags', schema: { type: 'array', items: { type: 'string' } } },
    ] });
    expect(out.value).to.deep.equal({ id: 1, 'address.city': null, 'address.geo.lat': null, tags: ['x'] });
  });

  it('passes tombstones through', () => {
    const r = sinkRecord({ value: null });
    expect(configured(new Flatten$Value()).apply(r)).to.equal(r);
  });
});
