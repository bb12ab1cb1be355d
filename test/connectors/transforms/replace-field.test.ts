import { expect } from 'chai';
import { ReplaceField$Key, ReplaceField$Value } from '../../../connectors/transforms/replace-field.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

const schema = structSchema([
  ['id', { type: 'int32' }], ['name', { type: 'string' }], ['secret', { type: 'string' }], ['n', { type: 'int32', optional: true, default: 9 }],
], { name: 'Row', version: 1 });

describe('connectors/transforms ReplaceField', () => {
  it('excludes fields from a schemaless value', () => {
    const t = configured(new ReplaceField$Value(), { exclude: 'secret' });
    expect(t.apply(sinkRecord({ value: { id: 1, secret: 's', name: 'a' } })).value).to.deep.equal({ id: 1, name: 'a' });
  });

  it('keeps only included fields', () => {
    const t = configured(new ReplaceField$Value(), { include: 'id,name' });
    expect(t.apply(sinkRecord({ value: { id: 1, secret: 's', name: 'a' } })).value).to.deep.equal({ id: 1, name: 'a' });
  });

  it('lets exclude win over include', () => {
    const t = configured(new ReplaceField$Value(), { include: 'id,name', exclude: 'name' });
    expect(t.apply(sinkRecord({ value: { id: 1, name: 'a' } })).value).to.deep.equal({ id: 1 });
  });

  it('renames fields', () => {
    const t = configured(new ReplaceField$Value(), { renames: 'id:order_id, name:customer' });
    expect(t.apply(sinkRecord({ value: { id: 1, name: 'a' } })).value).to.deep.equal({ order_id: 1, customer: 'a' });
  });

  it('updates a struct\'s schema in field order', () => {
    const t = configured(new ReplaceField$Value(), { exclude: 'secret', renames: 'name:who' });
    const out = t.apply(sinkRecord({ valueSchema: schema, value: { id: 1, name: 'a', secret: 's', n: null } }));
    expect(out.valueSchema).to.deep.equal({
      type: 'struct', name: 'Row', version: 1, fields: [
        { field: 'id', schema: { type: 'int32' } }, { field: 'who', schema: { type: 'string' } },
        { field: 'n', schema: { type: 'int32', optional: true, default: 9 } },
      ],
    });
    expect(out.value).to.deep.equal({ id: 1, who: 'a', n: 9 });
  });

  it('keeps nulls over defaults with replace.null.with.default=false', () => {
    const t = configured(new ReplaceField$Value(), { exclude: 'secret', 'replace.null.with.default': 'false' });
    expect(t.apply(sinkRecord({ valueSchema: schema, value: { id: 1, name: 'a', secret: 's', n: null } })).value)
      .to.deep.equal({ id: 1, name: 'a', n: null });
  });

  it('accepts the old blacklist and whitelist names', () => {
    expect(configured(new ReplaceField$Value(), { blacklist: 'b' }).apply(sinkRecord({ value: { a: 1, b: 2 } })).value).to.deep.equal({ a: 1 });
    expect(configured(new ReplaceField$Value(), { whitelist: 'b' }).apply(sinkRecord({ value: { a: 1, b: 2 } })).value).to.deep.equal({ b: 2 });
  });

  it('works on keys', () => {
    expect(configured(new ReplaceField$Key(), { exclude: 'b' }).apply(sinkRecord({ key: { a: 1, b: 2 } })).key).to.deep.equal({ a: 1 });
  });

  it('passes tombstones through', () => {
    const r = sinkRecord({ value: null });
    expect(configured(new ReplaceField$Value(), { exclude: 'b' }).apply(r)).to.equal(r);
  });

  it('rejects a rename without a colon', () => {
    expect(() => configured(new ReplaceField$Value(), { renames: 'a:b,c' }))
      .to.throw('Invalid value a:b,c for configuration renames: Invalid rename mapping: c');
  });
});
