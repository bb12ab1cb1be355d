import { expect } from 'chai';
import { Cast$Key, Cast$Value } from '../../../connectors/transforms/cast.js';
import { decimalSchema, timestampSchema } from '../../../connectors/api/data/logical-types.js';
import { structSchema } from '../../../connectors/api/data/schemas.js';
import { configured, sinkRecord } from './records.js';

const cast = (spec: string) => configured(new Cast$Value(), { spec });

describe('connectors/transforms Cast', () => {
  it('casts schemaless fields', () => {
    const out = cast('a:int32,b:string,c:boolean,d:float64').apply(sinkRecord({ value: { a: '12', b: 1.5, c: 'TRUE', d: '2.5', e: 'x' } }));
    expect(out.value).to.deep.equal({ a: 12, b: '1.5', c: true, d: 2.5, e: 'x' });
  });

  it('casts the whole value', () => {
    expect(cast('int64').apply(sinkRecord({ value: '9007199254740993' })).value).to.equal(9007199254740993n);
  });

  it('casts the whole schema\'d value and its schema, keeping optionality', () => {
    const out = configured(new Cast$Key(), { spec: 'string' }).apply(sinkRecord({ keySchema: { type: 'int32', optional: true, name: 'x' }, key: 5 }));
    expect(out.keySchema).to.deep.equal({ type: 'string', optional: true });
    expect(out.key).to.equal('5');
  });

  it('casts struct fields and their schemas, defaults too', () => {
    const schema = structSchema([['n', { type: 'int64', optional: true, default: 3 }], ['f', { type: 'float32' }], ['s', { type: 'string' }]], { name: 'R' });
    const out = cast('n:string,f:int16').apply(sinkRecord({ valueSchema: schema, value: { n: 300, f: 70000.9, s: 'k' } }));
    expect(out.valueSchema).to.deep.equal({ type: 'struct', name: 'R', fields: [
      { field: 'n', schema: { type: 'string', optional: true, default: '3' } },
      { field: 'f', schema: { type: 'int16' } },
      { field: 's', schema: { type: 'string' } },
    ] });
    // float → int16: saturate to int then wrap, as Java's (short) cast: 70000 → 4464
    expect(out.value).to.deep.equal({ n: '300', f: 4464, s: 'k' });
  });

  it('wraps narrowing integer casts as Java does', () => {
    expect(cast('int8').apply(sinkRecord({ valueSchema: { type: 'int32' }, value: 300 })).value).to.equal(44);
    expect(cast('int8').apply(sinkRecord({ valueSchema: { type: 'int64' }, value: -129 })).value).to.equal(127);
  });

  it('truncates floats toward zero', () => {
    expect(cast('int32').apply(sinkRecord({ valueSchema: { type: 'float64' }, value: -2.9 })).value).to.equal(-2);
  });

  it('prints floats like Java\'s Double.toString', () => {
    expect(cast('string').apply(sinkRecord({ valueSchema: { type: 'float64' }, value: 1 })).value).to.equal('1.0');
    expect(cast('string').apply(sinkRecord({ valueSchema: { type: 'float64' }, value: 12345678.9 })).value).to.equal('1.23456789E7');
    expect(cast('string').apply(sinkRecord({ valueSchema: { type: 'float32' }, value: Math.fround(0.1) })).value).to.equal('0.1');
  });

  it('casts numbers to booleans as != 0', () => {
    expect(cast('boolean').apply(sinkRecord({ value: 0 })).value).to.equal(false);
    expect(cast('boolean').apply(sinkRecord({ value: -3 })).value).to.equal(true);
  });

  it('casts Decimals to numbers and strings', () => {
    const schema = structSchema([['price', decimalSchema(2)]]);
    expect(cast('price:int32').apply(sinkRecord({ valueSchema: schema, value: { price: '-12.99' } })).value).to.deep.equal({ price: -12 });
    expect(cast('price:float64').apply(sinkRecord({ valueSchema: schema, value: { price: '12.50' } })).value).to.deep.equal({ price: 12.5 });
  });

  it('casts a Timestamp to int64 and to an ISO string', () => {
    const schema = structSchema([['ts', timestampSchema()]]);
    expect(cast('ts:int64').apply(sinkRecord({ valueSchema: schema, value: { ts: new Date(1000) } })).value).to.deep.equal({ ts: 1000 });
    expect(cast('ts:string').apply(sinkRecord({ valueSchema: schema, value: { ts: new Date(1000) } })).value).to.deep.equal({ ts: '1970-01-01T00:00:01.000Z' });
  });

  it('casts a struct field to a JSON string', () => {
    const schema = structSchema([['o', structSchema([['a', { type: 'int32' }]])]]);
    expect(cast('o:string').apply(sinkRecord({ valueSchema: schema, value: { o: { a: 1 } } })).value).to.deep.equal({ o: '{"a":1}' });
  });

  it('keeps nulls null', () => {
    expect(cast('a:int32').apply(sinkRecord({ value: { a: null } })).value).to.deep.equal({ a: null });
  });

  it('refuses a string that is not a number', () => {
    expect(() => cast('a:int32').apply(sinkRecord({ value: { a: 'abc' } }))).to.throw('Value (abc) of type string cannot be cast to INT32');
  });

  it('refuses a struct cast to a number', () => {
    const schema = structSchema([['o', structSchema([['a', { type: 'int32' }]])]]);
    expect(() => cast('o:int32').apply(sinkRecord({ valueSchema: schema, value: { o: { a: 1 } } })))
      .to.throw('Cast transformation does not support casting field o from STRUCT to INT32');
  });

  it('rejects an unknown target type', () => {
    expect(() => cast('a:date')).to.throw('Invalid value a:date for configuration spec: Invalid type found in casting spec: date');
  });

  it('rejects a Connect type Cast cannot produce', () => {
    expect(() => cast('a:struct')).to.throw('Invalid value a:struct for configuration spec: Cast transformation does not support casting to STRUCT; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]');
  });

  it('rejects a whole-value cast mixed with field casts', () => {
    expect(() => cast('int32,a:string')).to.throw('may ony specify a single cast in their spec');
  });

  it('rejects a malformed mapping', () => {
    expect(() => cast('a:b:c')).to.throw('Invalid cast mapping: a:b:c');
  });
});
