import { expect } from 'chai';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIMESTAMP, type Type } from '../../../sql/types/types.js';

const cols = (...c: Array<[string, Type]>) => c.map(([name, type]) => ({ name, type }));
const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('sql/formats JSON', () => {
  describe('wrapped values', () => {
    const serde = createRowSerde(cols(['ID', BIGINT], ['NAME', STRING], ['PRICE', decimal(6, 2)], ['R', DOUBLE]), { format: 'JSON' }, 'value');

    it('writes one object with the column names as declared and exact numbers', () => {
      const row = [9223372036854775807n, 'a"b', new Decimal(150n, 2), 1];
      expect(text(serde.serialize('t', row))).to.equal('{"ID":9223372036854775807,"NAME":"a\\"b","PRICE":1.50,"R":1.0}');
    });

    it('reads fields case-insensitively, missing fields as NULL, and keeps every digit', () => {
      const row = serde.deserialize('t', bytes('{"id": 9007199254740993, "price": 1.5, "other": true}'));
      expect(row![0]).to.equal(9007199254740993n);
      expect(row![1]).to.equal(null);
      expect((row![2] as Decimal).toString()).to.equal('1.50');
      expect(row![3]).to.equal(null);
    });

    it('prefers the exact field name over a differently cased one', () => {
      const s = createRowSerde(cols(['a', INTEGER]), { format: 'JSON' }, 'value');
      expect(s.deserialize('t', bytes('{"A": 1, "a": 2}'))).to.deep.equal([2]);
      // A quoted lower-case column does not match an upper-case JSON field.
      expect(s.deserialize('t', bytes('{"A": 1}'))).to.deep.equal([null]);
    });

    it('maps null rows to null bytes and JSON null to no row', () => {
      expect(serde.serialize('t', null)).to.equal(null);
      expect(serde.deserialize('t', null)).to.equal(null);
      expect(serde.deserialize('t', bytes('null'))).to.equal(null);
    });

    it('rejects bad JSON and a non-object with the topic named', () => {
      expect(() => serde.deserialize('orders', bytes('{"ID": '))).to.throw(/JSON value serde on topic 'orders': Invalid JSON at line 1:8/);
      expect(() => serde.deserialize('orders', bytes('"x"'))).to.throw(/sourceType: TextNode, requiredType: STRUCT<`ID` BIGINT/);
    });

    it('rejects invalid UTF-8 and skips a byte-order mark', () => {
      expect(() => serde.deserialize('t', Buffer.from([0x7b, 0xff, 0x7d]))).to.throw(/Invalid UTF-8/);
      expect(serde.deserialize('t', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{"ID":1}')]))![0]).to.equal(1n);
    });

    it('refuses rows of the wrong length', () => {
      expect(() => serde.serialize('t', [1n])).to.throw(/Column count mismatch on serialization. topic: t, expected: 4, got: 1/);
    });
  });

  describe('coercions', () => {
    const read = (type: Type, json: string): unknown => createRowSerde(cols(['V', type]), { format: 'JSON' }, 'value').deserialize('t', bytes(`{"V": ${json}}`))![0];

    it('reads integers from numbers (truncating, wrapping like Java) and from strings', () => {
      expect(read(INTEGER, '12')).to.equal(12);
      expect(read(INTEGER, '12.9')).to.equal(12);
      expect(read(INTEGER, '-12.9')).to.equal(-12);
      expect(read(INTEGER, '2147483648')).to.equal(-2147483648);
      expect(read(INTEGER, '"42"')).to.equal(42);
      expect(() => read(INTEGER, '"4x"')).to.throw(/Can't coerce string to type. targetType: INTEGER, path: \$.V/);
      expect(read(BIGINT, '"-9223372036854775808"')).to.equal(-9223372036854775808n);
    });

    it('reads booleans only from JSON booleans', () => {
      expect(read(BOOLEAN, 'true')).to.equal(true);
      expect(() => read(BOOLEAN, '"true"')).to.throw(/sourceType: TextNode, requiredType: BOOLEAN/);
      expect(() => read(BOOLEAN, '1')).to.throw(/sourceType: IntNode, requiredType: BOOLEAN/);
    });

    it('reads doubles from numbers and numeric strings', () => {
      expect(read(DOUBLE, '1.5e3')).to.equal(1500);
      expect(read(DOUBLE, '"NaN"')).to.be.NaN;
      expect(() => read(DOUBLE, '"abc"')).to.throw(/targetType: DOUBLE/);
    });

    it('reads strings from any scalar and renders objects and arrays', () => {
      expect(read(STRING, '12')).to.equal('12');
      expect(read(STRING, '1.50')).to.equal('1.50');
      expect(read(STRING, '1.5e3')).to.equal('1.5E+3');
      expect(read(STRING, '-0.00000001')).to.equal('-1E-8');
      expect(read(STRING, 'false')).to.equal('false');
      expect(read(STRING, '{"a": [1, 2]}')).to.equal('{"a":[1,2]}');
      expect(read(STRING, '["x", 1, null]')).to.equal('[x, 1, null]');
    });

    it('reads decimals exactly, rescaling without rounding and checking the magnitude', () => {
      expect((read(decimal(4, 2), '1.5') as Decimal).toString()).to.equal('1.50');
      expect((read(decimal(4, 2), '"-10.10"') as Decimal).toString()).to.equal('-10.10');
      expect(() => read(decimal(4, 2), '1.234')).to.throw(/Cannot fit decimal '1.234' into DECIMAL\(4, 2\) without rounding. \(Requires 4,3\)/);
      expect(() => read(decimal(4, 2), '100')).to.throw(/Numeric field overflow: A field with precision 4 and scale 2 must round to an absolute value less than 10\^2. Got 100/);
    });

    it('reads bytes from base64, time types from integers', () => {
      expect(read(BYTES, '"dmFyaWF0aW9ucw=="')).to.deep.equal(Buffer.from('variations'));
      expect(() => read(BYTES, '"not base64!"')).to.throw(/Value is not a valid Base64 encoded string: not base64!/);
      expect(read(DATE, '-10')).to.equal(-10);
      expect(read(TIMESTAMP, '1526075913000')).to.equal(1526075913000);
    });

    it('reads nested arrays, maps and structs, naming the path of a bad element', () => {
      const t = struct([{ name: 'XS', type: array(map(STRING, INTEGER)) }]);
      const v = read(t, '{"xs": [{"a": 1}, {"b": null}]}') as { XS: Array<Map<string, number | null>> };
      expect([...v.XS[0]!]).to.deep.equal([['a', 1]]);
      expect([...v.XS[1]!]).to.deep.equal([['b', null]]);
      expect(() => read(t, '{"xs": [{"a": 1}, {"b": "z"}]}')).to.throw(/path: \$.V.XS\[1\].b.value/);
    });

    it('refuses maps with non-string keys, as ksqlDB does', () => {
      expect(() => createRowSerde(cols(['M', map(INTEGER, STRING)]), { format: 'JSON' }, 'value')).to.throw(/JSON only supports MAP types with STRING keys/);
    });
  });

  describe('unwrapped', () => {
    it('reads and writes a single key column as the bare value', () => {
      const key = createRowSerde(cols(['K', decimal(6, 4)]), { format: 'JSON' }, 'key');
      const row = key.deserialize('t', bytes('12.3650'));
      expect((row![0] as Decimal).toString()).to.equal('12.3650');
      expect(text(key.serialize('t', row))).to.equal('12.3650');
    });

    it('writes multi-column keys as an object', () => {
      const key = createRowSerde(cols(['K', INTEGER], ['K2', STRING]), { format: 'JSON' }, 'key');
      expect(text(key.serialize('t', [1, 'x']))).to.equal('{"K":1,"K2":"x"}');
    });

    it('writes a single value column bare with WRAP_SINGLE_VALUE=false, NULL as no bytes', () => {
      const s = createRowSerde(cols(['V', struct([{ name: 'A', type: DOUBLE }])]), { format: 'JSON', wrapSingleValue: false }, 'value');
      expect(text(s.serialize('t', [{ A: 76.54 }]))).to.equal('{"A":76.54}');
      expect(s.serialize('t', [null])).to.equal(null);
      expect(s.deserialize('t', bytes('{"a": 1}'))).to.deep.equal([{ A: 1 }]);
      expect(s.deserialize('t', bytes('null'))).to.deep.equal([null]);
    });

    it('writes NaN and infinities as strings, as Jackson does', () => {
      const s = createRowSerde(cols(['V', DOUBLE]), { format: 'JSON', wrapSingleValue: false }, 'value');
      expect(text(s.serialize('t', [NaN]))).to.equal('"NaN"');
      expect(s.deserialize('t', bytes('"-Infinity"'))).to.deep.equal([-Infinity]);
    });
  });

  it('writes and reads no value columns as an empty object, and a keyless key as no bytes', () => {
    const value = createRowSerde([], { format: 'JSON' }, 'value');
    expect(text(value.serialize('t', []))).to.equal('{}');
    expect(value.deserialize('t', bytes('{"X": 1}'))).to.deep.equal([]);
    const key = createRowSerde([], { format: 'KAFKA' }, 'key');
    expect(key.serialize('t', [])).to.equal(null);
    expect(key.deserialize('t', bytes('junk'))).to.deep.equal([]);
  });
});
