import { expect } from 'chai';
import { InsertField$Key, InsertField$Value } from '../../../connectors/transforms/insert-field.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord, sourceRecord } from './records.js';

const valueSchema = structSchema([['id', { type: 'int32' }]], { name: 'Order' });

describe('connectors/transforms InsertField', () => {
  it('adds topic, partition, offset, timestamp and a static field to a schemaless value', () => {
    const t = configured(new InsertField$Value(), {
      'topic.field': 'topic', 'partition.field': 'part', 'offset.field': 'off', 'timestamp.field': 'ts',
      'static.field': 'src', 'static.value': 'shop',
    });
    expect(t.apply(sinkRecord({ value: { id: 1 } })).value).to.deep.equal({
      id: 1, topic: 'orders', part: 3, off: 42, ts: 1_700_000_000_000, src: 'shop',
    });
  });

  it('adds fields to a struct and its schema, optional unless the spec ends in !', () => {
    const t = configured(new InsertField$Value(), { 'topic.field': 'topic!', 'partition.field': 'part?', 'timestamp.field': 'ts' });
    const out = t.apply(sinkRecord({ valueSchema, value: { id: 1 } }));
    expect(out.valueSchema).to.deep.equal({
      type: 'struct', name: 'Order', fields: [
        { field: 'id', schema: { type: 'int32' } },
        { field: 'topic', schema: { type: 'string' } },
        { field: 'part', schema: { type: 'int32', optional: true } },
        { field: 'ts', schema: { type: 'int64', name: 'org.apache.kafka.connect.data.Timestamp', version: 1, optional: true } },
      ],
    });
    expect(out.value).to.deep.equal({ id: 1, topic: 'orders', part: 3, ts: new Date(1_700_000_000_000) });
  });

  it('reuses the updated schema for records with the same schema', () => {
    const t = configured(new InsertField$Value(), { 'topic.field': 'topic' });
    const a = t.apply(sinkRecord({ valueSchema, value: { id: 1 } }));
    const b = t.apply(sinkRecord({ valueSchema, value: { id: 2 } }));
    expect(a.valueSchema).to.equal(b.valueSchema);
  });

  it('works on the key with InsertField$Key', () => {
    const t = configured(new InsertField$Key(), { 'topic.field': 't' });
    const out = t.apply(sinkRecord({ key: { k: 1 }, value: 'v' }));
    expect(out.key).to.deep.equal({ k: 1, t: 'orders' });
    expect(out.value).to.equal('v');
  });

  it('passes a tombstone through unchanged', () => {
    const t = configured(new InsertField$Value(), { 'topic.field': 'topic' });
    const record = sinkRecord({ valueSchema, value: null });
    expect(t.apply(record)).to.equal(record);
  });

  it('refuses offset insertion on source records', () => {
    const t = configured(new InsertField$Value(), { 'offset.field': 'off' });
    expect(() => t.apply(sourceRecord({ value: {} }))).to.throw('Offset insertion is only supported for sink connectors');
  });

  it('refuses a null partition for a required partition field', () => {
    const t = configured(new InsertField$Value(), { 'partition.field': 'p!' });
    expect(() => t.apply(sourceRecord({ valueSchema, value: { id: 1 } })))
      .to.throw('Invalid value: null used for required field: "p", schema type: INT32');
  });

  it('refuses a schemaless value that is not an object', () => {
    const t = configured(new InsertField$Value(), { 'topic.field': 'topic' });
    expect(() => t.apply(sinkRecord({ value: 'text' })))
      .to.throw('Only Map objects supported in absence of schema for [field insertion], found: string');
  });

  it('refuses a schema\'d value that is not a struct', () => {
    const t = configured(new InsertField$Value(), { 'topic.field': 'topic' });
    expect(() => t.apply(sinkRecord({ valueSchema: { type: 'string' }, value: 'x' })))
      .to.throw('Only Struct objects supported for [field insertion], found: STRING');
  });

  it('rejects a bad replace.null.with.default, naming the transform', () => {
    expect(() => configured(new InsertField$Value(), { 'replace.null.with.default': 'perhaps' }))
      .to.throw('InsertField$Value: Invalid value perhaps for configuration replace.null.with.default');
  });
});
