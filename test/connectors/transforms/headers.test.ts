import { expect } from 'chai';
import { DropHeaders } from '../../../connectors/transforms/drop-headers.js';
import { Filter } from '../../../connectors/transforms/filter.js';
import { HeaderFrom$Key, HeaderFrom$Value } from '../../../connectors/transforms/header-from.js';
import { InsertHeader } from '../../../connectors/transforms/insert-header.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

describe('connectors/transforms InsertHeader', () => {
  it('adds a header with a schema inferred from the literal', () => {
    const out = configured(new InsertHeader(), { header: 'version', 'value.literal': '42' }).apply(sinkRecord({ headers: [{ key: 'a', value: 'x', schema: null }] }));
    expect(out.headers).to.deep.equal([{ key: 'a', value: 'x', schema: null }, { key: 'version', value: 42, schema: { type: 'int8' } }]);
  });

  it('adds text literals as strings', () => {
    const out = configured(new InsertHeader(), { header: 'source', 'value.literal': 'shop eu' }).apply(sinkRecord());
    expect(out.headers).to.deep.equal([{ key: 'source', value: 'shop eu', schema: { type: 'string', optional: true } }]);
  });

  it('requires header and value.literal', () => {
    expect(() => configured(new InsertHeader(), { header: '' })).to.throw(
      'InsertHeader: Invalid value  for configuration header: String must be non-empty; Missing required configuration "value.literal" which has no default value.',
    );
  });
});

describe('connectors/transforms DropHeaders', () => {
  it('removes every header with a listed key', () => {
    const headers = [{ key: 'a', value: 1 }, { key: 'b', value: 2 }, { key: 'a', value: 3 }, { key: 'c', value: 4 }];
    expect(configured(new DropHeaders(), { headers: 'a,c' }).apply(sinkRecord({ headers })).headers).to.deep.equal([{ key: 'b', value: 2 }]);
  });

  it('requires a non-empty list', () => {
    expect(() => configured(new DropHeaders(), { headers: '' })).to.throw('Invalid value  for configuration headers: Empty list');
  });
});

describe('connectors/transforms HeaderFrom', () => {
  const schema = structSchema([['id', { type: 'int64' }], ['trace', { type: 'string', optional: true }]], { name: 'E' });

  it('copies schemaless fields to headers', () => {
    const out = configured(new HeaderFrom$Value(), { fields: 'trace', headers: 'x-trace', operation: 'copy' }).apply(sinkRecord({ value: { id: 1, trace: 't1' } }));
    expect(out.headers).to.deep.equal([{ key: 'x-trace', value: 't1', schema: null }]);
    expect(out.value).to.deep.equal({ id: 1, trace: 't1' });
  });

  it('moves struct fields to headers with their schemas and drops them from the schema', () => {
    const out = configured(new HeaderFrom$Value(), { fields: 'trace', headers: 'x-trace', operation: 'move' }).apply(sinkRecord({ valueSchema: schema, value: { id: 1, trace: 't1' } }));
    expect(out.headers).to.deep.equal([{ key: 'x-trace', value: 't1', schema: { type: 'string', optional: true } }]);
    expect(out.valueSchema).to.deep.equal({ type: 'struct', name: 'E', fields: [{ field: 'id', schema: { type: 'int64' } }] });
    expect(out.value).to.deep.equal({ id: 1 });
  });

  it('works on keys', () => {
    const out = configured(new HeaderFrom$Key(), { fields: 'id', headers: 'kid', operation: 'move' }).apply(sinkRecord({ key: { id: 9, z: 1 } }));
    expect(out.key).to.deep.equal({ z: 1 });
    expect(out.headers).to.deep.equal([{ key: 'kid', value: 9, schema: null }]);
  });

  it('refuses fields and headers of different lengths', () => {
    expect(() => configured(new HeaderFrom$Value(), { fields: 'a,b', headers: 'h', operation: 'copy' }))
      .to.throw("Invalid value h for configuration headers: 'fields' config must have the same number of elements as 'headers' config.");
  });

  it('refuses an unknown operation', () => {
    expect(() => configured(new HeaderFrom$Value(), { fields: 'a', headers: 'h', operation: 'cut' }))
      .to.throw('Invalid value cut for configuration operation: String must be one of: move, copy');
  });

  it('refuses a field missing from the schema', () => {
    expect(() => configured(new HeaderFrom$Value(), { fields: 'nope', headers: 'h', operation: 'copy' }).apply(sinkRecord({ valueSchema: schema, value: { id: 1 } })))
      .to.throw('Field does not exist: nope');
  });
});

describe('connectors/transforms Filter', () => {
  it('drops every record', () => {
    expect(configured(new Filter()).apply(sinkRecord({ value: 1 }))).to.equal(null);
  });
});
