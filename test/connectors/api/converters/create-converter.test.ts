import { expect } from 'chai';
import { converterProps, createConverter, createHeaderConverter } from '../../../../connectors/api/converters/create-converter.js';
import { ByteArrayConverter } from '../../../../connectors/api/converters/byte-array-converter.js';
import { JsonConverter } from '../../../../connectors/api/converters/json-converter.js';
import { SimpleHeaderConverter } from '../../../../connectors/api/converters/simple-header-converter.js';
import { StringConverter } from '../../../../connectors/api/converters/string-converter.js';
import type { Converter, Schema, SchemaAndValue } from '../../../../connectors/api/types.js';

describe('connectors/api/converters createConverter', () => {
  it('accepts Kafka\'s full class names', () => {
    expect(createConverter('org.apache.kafka.connect.json.JsonConverter', {}, false)).to.be.instanceOf(JsonConverter);
    expect(createConverter('org.apache.kafka.connect.storage.StringConverter', {}, true)).to.be.instanceOf(StringConverter);
    expect(createConverter('org.apache.kafka.connect.converters.ByteArrayConverter', {}, false)).to.be.instanceOf(ByteArrayConverter);
  });

  it('accepts short names', () => {
    expect(createConverter('JsonConverter', {}, false)).to.be.instanceOf(JsonConverter);
    expect(createConverter(' StringConverter ', {}, false)).to.be.instanceOf(StringConverter);
  });

  it('configures the converter with its own props', () => {
    const all = { 'key.converter': 'JsonConverter', 'key.converter.schemas.enable': 'false', 'value.converter.schemas.enable': 'true' };
    const c = createConverter(all['key.converter'], converterProps('key.converter', all), true);
    expect(c.fromConnectData('t', { type: 'int32' }, 1)!.toString()).to.equal('1');
  });

  it('loads plugin converters through load', () => {
    class Upper implements Converter {
      configure(): void {}
      fromConnectData(_t: string, _s: Schema | null, v: unknown): Buffer | null {
        return Buffer.from(String(v).toUpperCase());
      }
      toConnectData(_t: string, b: Buffer | null): SchemaAndValue {
        return { schema: null, value: b?.toString() ?? null };
      }
    }
    const c = createConverter('com.example.Upper', {}, false, (name) => (name === 'com.example.Upper' ? Upper : undefined));
    expect(c.fromConnectData('t', null, 'ab')!.toString()).to.equal('AB');
  });

  it('names the config key and class of an unknown converter', () => {
    expect(() => createConverter('io.confluent.connect.avro.AvroConverter', {}, true))
      .to.throw('Invalid value io.confluent.connect.avro.AvroConverter for configuration key.converter: Class io.confluent.connect.avro.AvroConverter could not be found.');
    expect(() => createConverter('Nope', {}, false)).to.throw('for configuration value.converter');
  });

  it('refuses a class that is not a converter', () => {
    expect(() => createConverter('X', {}, false, () => class {})).to.throw('Class X is not a Converter');
  });

  it('names the converter key when its props are bad', () => {
    expect(() => createConverter('JsonConverter', { 'schemas.enable': 'maybe' }, false))
      .to.throw('value.converter=JsonConverter: JsonConverter: Invalid value maybe for configuration schemas.enable: Expected value to be either true or false');
  });

  it('creates SimpleHeaderConverter by default for headers', () => {
    expect(createHeaderConverter(null, {})).to.be.instanceOf(SimpleHeaderConverter);
    expect(createHeaderConverter('StringConverter', {})).to.be.instanceOf(StringConverter);
    expect(() => createHeaderConverter('Nope', {})).to.throw('for configuration header.converter');
  });

  it('converterProps strips the prefix and ignores other keys', () => {
    expect(converterProps('value.converter', {
      'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false', 'key.converter.x': '1', 'value.converterx.y': '2',
    })).to.deep.equal({ 'schemas.enable': 'false' });
  });
});
