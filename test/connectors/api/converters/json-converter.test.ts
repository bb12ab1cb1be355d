import { expect } from 'chai';
import { JsonConverter } from '../../../../connectors/api/converters/json-converter.js';
import { DataException } from '../../../../connectors/api/errors.js';
import { dateSchema, decimalSchema, timeSchema, timestampSchema } from '../../../../connectors/api/data/logical-types.js';
import { structSchema } from '../../../../connectors/api/data/schemas.js';
import type { Schema } from '../../../../connectors/api/types.js';

function converter(props: Record<string, string> = {}): JsonConverter {
  const c = new JsonConverter();
  c.configure(props, false);
  return c;
}

const text = (b: Buffer | null) => b?.toString('utf8') ?? null;
const bytes = (s: string) => Buffer.from(s, 'utf8');

const person: Schema = structSchema([
  ['id', { type: 'int64' }],
  ['name', { type: 'string', optional: true }],
  ['tags', { type: 'array', items: { type: 'string' } }],
], { name: 'com.example.Person', version: 2 });

describe('connectors/api/converters JsonConverter', () => {
  describe('with schemas (schemas.enable=true, the default)', () => {
    it('writes a primitive in the schema/payload envelope', () => {
      expect(text(converter().fromConnectData('t', { type: 'int32' }, 12)))
        .to.equal('{"schema":{"type":"int32","optional":false},"payload":12}');
    });

    it('writes a struct with Kafka\'s field layout', () => {
      const out = text(converter().fromConnectData('t', person, { id: 7, name: null, tags: ['a'] }));
      expect(out).to.equal(
        '{"schema":{"type":"struct","fields":[' +
        '{"type":"int64","optional":false,"field":"id"},' +
        '{"type":"string","optional":true,"field":"name"},' +
        '{"type":"array","items":{"type":"string","optional":false},"optional":false,"field":"tags"}' +
        '],"optional":false,"name":"com.example.Person","version":2},' +
        '"payload":{"id":7,"name":null,"tags":["a"]}}',
      );
    });

    it('reads a struct envelope back to schema and value', () => {
      const c = converter();
      const back = c.toConnectData('t', c.fromConnectData('t', person, { id: 7, name: 'Ann', tags: [] }));
      expect(back.schema).to.deep.equal({
        type: 'struct', name: 'com.example.Person', version: 2, fields: [
          { field: 'id', schema: { type: 'int64' } },
          { field: 'name', schema: { type: 'string', optional: true } },
          { field: 'tags', schema: { type: 'array', items: { type: 'string' } } },
        ],
      });
      expect(back.value).to.deep.equal({ id: 7, name: 'Ann', tags: [] });
    });

    it('reads a hand-written Kafka envelope', () => {
      const back = converter().toConnectData('t', bytes('{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int32"},"optional":false},"payload":{"a":1,"b":2}}'));
      expect(back.schema).to.deep.equal({ type: 'map', keys: { type: 'string' }, values: { type: 'int32' } });
      expect(back.value).to.deep.equal({ a: 1, b: 2 });
    });

    it('writes maps with non-string keys as [key, value] pairs and reads them as a Map', () => {
      const schema: Schema = { type: 'map', keys: { type: 'int32' }, values: { type: 'boolean' } };
      const c = converter();
      const out = c.fromConnectData('t', schema, new Map([[1, true], [2, false]]));
      expect(text(out)).to.equal('{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"boolean","optional":false},"optional":false},"payload":[[1,true],[2,false]]}');
      expect(c.toConnectData('t', out).value).to.deep.equal(new Map([[1, true], [2, false]]));
    });

    it('writes bytes as base64', () => {
      expect(text(converter().fromConnectData('t', { type: 'bytes' }, Buffer.from([1, 2, 3]))))
        .to.equal('{"schema":{"type":"bytes","optional":false},"payload":"AQID"}');
      expect(converter().toConnectData('t', bytes('{"schema":{"type":"bytes"},"payload":"AQID"}')).value)
        .to.deep.equal(Buffer.from([1, 2, 3]));
    });

    it('keeps int64 values beyond 2^53 exact in both directions', () => {
      const c = converter();
      const out = c.fromConnectData('t', { type: 'int64' }, 9223372036854775807n);
      expect(text(out)).to.equal('{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}');
      expect(c.toConnectData('t', out).value).to.equal(9223372036854775807n);
    });

    it('writes a Decimal as base64 of the unscaled two\'s complement bytes', () => {
      expect(text(converter().fromConnectData('t', decimalSchema(2), '1.56'))).to.equal(
        '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"AJw="}',
      );
    });

    it('reads a base64 Decimal back as a decimal string', () => {
      const back = converter().toConnectData('t', bytes('{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"/2Q="}'));
      expect(back.value).to.equal('-1.56');
    });

    it('writes a Decimal as a bare number with decimal.format=NUMERIC', () => {
      const c = converter({ 'decimal.format': 'numeric' });
      const out = c.fromConnectData('t', decimalSchema(3), '12345678901234567.891');
      expect(text(out)).to.contain('"payload":12345678901234567.891}');
      expect(c.toConnectData('t', out).value).to.equal('12345678901234567.891');
    });

    it('writes Date, Time and Timestamp as Kafka\'s integers', () => {
      const c = converter();
      expect(text(c.fromConnectData('t', dateSchema(), new Date(10000 * 86400000)))).to.contain('"payload":10000}');
      expect(text(c.fromConnectData('t', timeSchema(), new Date(14400000)))).to.contain('"payload":14400000}');
      expect(text(c.fromConnectData('t', timestampSchema(), new Date(4000000000)))).to.equal(
        '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}',
      );
    });

    it('reads Date, Time and Timestamp as JavaScript Dates', () => {
      const c = converter();
      const read = (name: string, type: string, payload: number) =>
        c.toConnectData('t', bytes(`{"schema":{"type":"${type}","name":"org.apache.kafka.connect.data.${name}"},"payload":${payload}}`)).value;
      expect(read('Date', 'int32', 10000)).to.deep.equal(new Date(10000 * 86400000));
      expect(read('Time', 'int32', 14400000)).to.deep.equal(new Date(14400000));
      expect(read('Timestamp', 'int64', 4000000000)).to.deep.equal(new Date(4000000000));
    });

    it('round-trips logical types', () => {
      const c = converter();
      const read = (schema: Schema, value: Date) => c.toConnectData('t', c.fromConnectData('t', schema, value)).value;
      expect(read(dateSchema(), new Date(10000 * 86400000))).to.deep.equal(new Date(10000 * 86400000));
      expect(read(timeSchema(), new Date(14400000))).to.deep.equal(new Date(14400000));
      expect(read(timestampSchema(), new Date(4000000000))).to.deep.equal(new Date(4000000000));
    });

    it('writes and reads schema defaults', () => {
      const schema: Schema = { type: 'int32', optional: true, default: 5 };
      const c = converter();
      const out = c.fromConnectData('t', schema, null);
      expect(text(out)).to.equal('{"schema":{"type":"int32","optional":true,"default":5},"payload":5}');
      expect(c.toConnectData('t', bytes('{"schema":{"type":"int32","optional":true,"default":5},"payload":null}'))).to.deep.equal({ schema, value: 5 });
    });

    it('keeps null over the default with replace.null.with.default=false', () => {
      const c = converter({ 'replace.null.with.default': 'false' });
      expect(text(c.fromConnectData('t', { type: 'int32', optional: true, default: 5 }, null))).to.contain('"payload":null}');
    });

    it('writes a null value without schema as null bytes (a tombstone)', () => {
      expect(converter().fromConnectData('t', null, null)).to.equal(null);
      expect(converter().toConnectData('t', null)).to.deep.equal({ schema: null, value: null });
    });

    it('writes a schemaless value in the envelope with a null schema', () => {
      expect(text(converter().fromConnectData('t', null, { a: [1, 'x'] }))).to.equal('{"schema":null,"payload":{"a":[1,"x"]}}');
    });

    it('returns one schema object for records with the same schema', () => {
      const c = converter();
      const a = c.toConnectData('t', c.fromConnectData('t', person, { id: 1, name: null, tags: [] }));
      const b = c.toConnectData('t', c.fromConnectData('t', person, { id: 2, name: 'x', tags: ['y'] }));
      expect(a.schema).to.equal(b.schema);
      expect(b.value).to.deep.equal({ id: 2, name: 'x', tags: ['y'] });
    });

    it('reads records whose schema changes between records', () => {
      const c = converter();
      c.toConnectData('t', c.fromConnectData('t', person, { id: 1, name: null, tags: [] }));
      expect(c.toConnectData('t', bytes('{"schema":{"type":"string","optional":false},"payload":"x"}'))).to.deep.equal({ schema: { type: 'string' }, value: 'x' });
    });

    it('refuses an envelope with an extra key even after the same schema was read', () => {
      const c = converter();
      const good = text(c.fromConnectData('t', { type: 'int32' }, 1))!;
      c.toConnectData('t', bytes(good));
      expect(() => c.toConnectData('t', bytes(good.replace(/}$/, ',"extra":2}')))).to.throw('requires "schema" and "payload" fields');
    });

    it('reads big integers exactly after the same schema was read', () => {
      const c = converter();
      c.toConnectData('t', c.fromConnectData('t', { type: 'int64' }, 1));
      expect(c.toConnectData('t', bytes('{"schema":{"type":"int64","optional":false},"payload":9007199254740993}')).value).to.equal(9007199254740993n);
    });

    it('round-trips arrays of structs and an absent optional struct', () => {
      const item = structSchema([['sku', { type: 'string' }], ['qty', { type: 'int16' }]]);
      const order = structSchema([
        ['items', { type: 'array', items: item }],
        ['note', structSchema([['text', { type: 'string' }]], { optional: true })],
        ['attrs', { type: 'map', keys: { type: 'string' }, values: { type: 'float64', optional: true } }],
      ]);
      const value = { items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: -1 }], note: null, attrs: { w: 1.5, h: null } };
      const c = converter();
      const out = c.fromConnectData('t', order, value);
      expect(JSON.parse(text(out)!).payload).to.deep.equal({ items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: -1 }], note: null, attrs: { w: 1.5, h: null } });
      expect(c.toConnectData('t', out)).to.deep.equal({ schema: order, value });
    });

    it('keeps schema doc and parameters', () => {
      const schema: Schema = { type: 'string', doc: 'a name', parameters: { 'connect.min': '1' }, name: 'Name', version: 4 };
      const out = converter().fromConnectData('t', schema, 'x');
      expect(text(out)).to.equal('{"schema":{"type":"string","optional":false,"name":"Name","version":4,"doc":"a name","parameters":{"connect.min":"1"}},"payload":"x"}');
      expect(converter().toConnectData('t', out).schema).to.deep.equal(schema);
    });

    it('refuses plain JSON, explaining schemas.enable', () => {
      expect(() => converter().toConnectData('orders', bytes('{"a":1}'))).to.throw(DataException,
        'Converting byte[] to Kafka Connect data failed for topic orders: JsonConverter with schemas.enable requires "schema" and "payload" fields');
    });

    it('refuses invalid JSON, naming the topic', () => {
      expect(() => converter().toConnectData('orders', bytes('{"schema":'))).to.throw(DataException,
        /^Converting byte\[\] to Kafka Connect data failed due to serialization error of topic orders: /);
    });

    it('refuses a payload of the wrong type, naming the path', () => {
      expect(() => converter().toConnectData('t', bytes('{"schema":{"type":"struct","fields":[{"type":"int32","field":"n"}]},"payload":{"n":"x"}}')))
        .to.throw('Invalid type for INT32: expected an integer but got string at $.payload.n');
    });

    it('refuses a null for a required field', () => {
      expect(() => converter().toConnectData('t', bytes('{"schema":{"type":"struct","fields":[{"type":"int32","field":"n"}]},"payload":{}}')))
        .to.throw('Invalid null value for required INT32 field at $.payload.n');
    });

    it('refuses an unknown schema type', () => {
      expect(() => converter().toConnectData('t', bytes('{"schema":{"type":"date"},"payload":1}')))
        .to.throw('$.schema: Unknown schema type: date');
    });

    it('refuses to write a value that does not match the schema, naming topic and path', () => {
      expect(() => converter().fromConnectData('orders', person, { id: 'seven', tags: [] }))
        .to.throw(DataException, 'Converting Kafka Connect data to byte[] failed due to serialization error of topic orders: Invalid type for INT64: expected an integer number or bigint but got string at $.id');
    });

    it('refuses to write an int32 out of range', () => {
      expect(() => converter().fromConnectData('t', { type: 'int8' }, 300)).to.throw('Value 300 out of range for INT8 at $');
    });

    it('refuses to write null for a required struct field', () => {
      expect(() => converter().fromConnectData('t', person, { name: 'x', tags: [] }))
        .to.throw('Conversion error: null value for field that is required and has no default value at $.id');
    });
  });

  describe('without schemas (schemas.enable=false)', () => {
    it('writes plain JSON', () => {
      expect(text(converter({ 'schemas.enable': 'false' }).fromConnectData('t', person, { id: 7, name: 'Ann', tags: ['a'] })))
        .to.equal('{"id":7,"name":"Ann","tags":["a"]}');
    });

    it('reads plain JSON with a null schema', () => {
      expect(converter({ 'schemas.enable': 'false' }).toConnectData('t', bytes('{"a":1,"b":[true,1.5,null]}')))
        .to.deep.equal({ schema: null, value: { a: 1, b: [true, 1.5, null] } });
    });

    it('reads big integers as bigint', () => {
      expect(converter({ 'schemas.enable': 'false' }).toConnectData('t', bytes('[18446744073709551615]')).value)
        .to.deep.equal([18446744073709551615n]);
    });

    it('reads an envelope-shaped document as plain data', () => {
      expect(converter({ 'schemas.enable': 'false' }).toConnectData('t', bytes('{"schema":null,"payload":1}')).value)
        .to.deep.equal({ schema: null, payload: 1 });
    });

    it('writes schemaless Maps and Dates', () => {
      const c = converter({ 'schemas.enable': 'false' });
      expect(text(c.fromConnectData('t', null, new Map([['k', new Date(5)]])))).to.equal('{"k":5}');
    });
  });

  it('rejects a bad decimal.format, naming the key', () => {
    expect(() => converter({ 'decimal.format': 'HEX' })).to.throw(
      'JsonConverter: Invalid value HEX for configuration decimal.format: String must be one of (case insensitive): BASE64, NUMERIC',
    );
  });
});
