import { expect } from 'chai';
import { Decimal } from '../../../../sql/types/decimal.js';
import { decimal, BOOLEAN, INTEGER, STRING, BYTES, TIME, DATE, TIMESTAMP, struct, array, map, DOUBLE, BIGINT } from '../../../../sql/types/types.js';
import { call } from '../helpers.js';

const S = STRING;

describe('bytes functions', () => {
  it('ENCODE re-encodes text as Java charsets do (qtt: encode)', () => {
    expect(call('ENCODE', [S, S, S], ['Example!', 'ascii', 'hex'])).to.equal('4578616d706c6521');
    expect(call('ENCODE', [S, S, S], ['Ελλάδα', 'ascii', 'hex'])).to.equal('3f3f3f3f3f3f');
    expect(call('ENCODE', [S, S, S], ['Ελλάδα', 'ascii', 'base64'])).to.equal('Pz8/Pz8/');
    expect(call('ENCODE', [S, S, S], ['zpXOu867zqzOtM6x', 'base64', 'hex'])).to.equal('ce95cebbcebbceacceb4ceb1');
    expect(call('ENCODE', [S, S, S], ['zpXOu867zqzOtM6x', 'base64', 'utf8'])).to.equal('Ελλάδα');
    expect(call('ENCODE', [S, S, S], ['zpXOu867zqzOtM6x', 'base64', 'ascii'])).to.equal('\uFFFD'.repeat(12));
  });

  it('FROM_BYTES writes upper-case hex; TO_BYTES reads it back (qtt: bytes-and-strings)', () => {
    const raw = Buffer.from('GrI=', 'base64');
    expect(call('FROM_BYTES', [BYTES, S], [raw, 'hex'])).to.equal('1AB2');
    expect((call('TO_BYTES', [S, S], ['1aB2', 'hex']) as Buffer).toString('base64')).to.equal('GrI=');
    expect(call('FROM_BYTES', [BYTES, S], [Buffer.from('IQ==', 'base64'), 'base64'])).to.equal('IQ==');
    expect(() => call('TO_BYTES', [S, S], ['x', 'latin1'])).to.throw(/hex, utf8, ascii and base64/);
  });

  it('INT/BIGINT/DOUBLE_FROM_BYTES read big-endian by default (qtt)', () => {
    expect(call('INT_FROM_BYTES', [BYTES], [Buffer.from('AAAH5Q==', 'base64')])).to.equal(2021);
    expect(call('BIGINT_FROM_BYTES', [BYTES], [Buffer.from('AAAAASoF8gA=', 'base64')])).to.equal(5000000000n);
    expect(call('DOUBLE_FROM_BYTES', [BYTES], [Buffer.from('QICm/ZvJ9YI=', 'base64')])).to.equal(532.8738323);
    expect(call('INT_FROM_BYTES', [BYTES, S], [Buffer.from([0xe5, 0x07, 0, 0]), 'LITTLE_ENDIAN'])).to.equal(2021);
    expect(() => call('INT_FROM_BYTES', [BYTES], [Buffer.from([1])])).to.throw(/equal to 4/);
  });

  it('INT_FROM_BOOLEAN', () => {
    expect(call('INT_FROM_BOOLEAN', [BOOLEAN], [true])).to.equal(1);
    expect(call('INT_FROM_BOOLEAN', [BOOLEAN], [false])).to.equal(0);
    expect(call('INT_FROM_BOOLEAN', [BOOLEAN], [null])).to.equal(null);
  });

  it('UUID makes version-4 ids and formats 16 bytes', () => {
    expect(call('UUID', [], [])).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('UUID', [BYTES], [Buffer.alloc(16, 0xab)])).to.equal('abababab-abab-abab-abab-abababababab');
  });
});

describe('JSON functions', () => {
  it('EXTRACTJSONFIELD returns strings unquoted and the rest as JSON (qtt)', () => {
    const doc = '{"name": "cdc", "version": "1", "@type": "UDF", "n": {"a": [1, 2.50]}}';
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.name'])).to.equal('cdc');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.@type'])).to.equal('UDF');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.n'])).to.equal('{"a":[1,2.50]}');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.n.a[1]'])).to.equal('2.50');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, "$['name']"])).to.equal('cdc');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.missing'])).to.equal(null);
    expect(call('EXTRACTJSONFIELD', [S, S], ['{"a": null}', '$.a'])).to.equal('null');
    expect(call('EXTRACTJSONFIELD', [S, S], ['not json', '$.a'])).to.equal(null);
    const arr = '{"array": [1, 2, 3]}';
    expect([-1, 0, 1].map((i) => call('EXTRACTJSONFIELD', [S, S], [arr, `$.array[${i}]`]))).to.deep.equal([null, '1', '2']);
    expect(call('EXTRACTJSONFIELD', [S, S], ['{"array": [1.23450]}', '$.array[0]'])).to.equal('1.23450');
  });

  it('JSON_RECORDS gives values as text (qtt: json_records)', () => {
    const m = call('JSON_RECORDS', [S], ['{"Red": 3, "White": "Seven"}']) as Map<string, string>;
    expect(Object.fromEntries(m)).to.deep.equal({ Red: '3', White: 'Seven' });
    expect(call('JSON_RECORDS', [S], ['[1]'])).to.equal(null);
    expect((call('JSON_RECORDS', [S], ['{}']) as Map<string, string>).size).to.equal(0);
  });

  it('JSON_ARRAY_LENGTH, JSON_KEYS, JSON_CONCAT, IS_JSON_STRING', () => {
    expect(call('JSON_ARRAY_LENGTH', [S], ['[1, [2], 3]'])).to.equal(3);
    expect(call('JSON_ARRAY_LENGTH', [S], ['{}'])).to.equal(null);
    expect(call('JSON_KEYS', [S], ['{"a": 1, "b": 2}'])).to.deep.equal(['a', 'b']);
    expect(call('JSON_CONCAT', [S, S], ['{"a": 1}', '{"a": 2, "b": 3}'])).to.equal('{"a":2,"b":3}');
    expect(call('JSON_CONCAT', [S, S], ['[1, 2]', '3'])).to.equal('[1,2,3]');
    expect(call('JSON_CONCAT', [S, S], ['{"a": {"5": 6}}', '{"a": {"3": 4}}'])).to.equal('{"a":{"3":4}}');
    expect(call('JSON_CONCAT', [S, S], ['null', 'null'])).to.equal('[null,null]');
    expect(call('JSON_CONCAT', [S, S, S], ['[1, 2]', '{"a": 1}', '4'])).to.equal('[1,2,{"a":1},4]');
    expect(call('JSON_CONCAT', [S, S], ['[1, [2]]', '[[[3]], [[[4]]]]'])).to.equal('[1,[2],[[3]],[[[4]]]]');
    expect(call('JSON_CONCAT', [S, S], ['1', ''])).to.equal(null);
    expect(call('JSON_CONCAT', [S, S], [null, ''])).to.equal(null);
    expect(call('IS_JSON_STRING', [S], ['{"a": 1}'])).to.equal(true);
    expect(call('IS_JSON_STRING', [S], ['{a'])).to.equal(false);
  });

  it('TO_JSON_STRING writes structs compactly and TIME as text (qtt: to_json_string)', () => {
    const t = struct([{ name: 'ID', type: INTEGER }, { name: 'NAME', type: STRING }]);
    expect(call('TO_JSON_STRING', [t], [{ ID: 1, NAME: 'Alice' }])).to.equal('{"ID":1,"NAME":"Alice"}');
    expect(call('TO_JSON_STRING', [t], [null])).to.equal('null');
    expect(call('TO_JSON_STRING', [TIME], [60220000])).to.equal('"16:43:40"');
    expect(call('TO_JSON_STRING', [DATE], [1])).to.equal('"1970-01-02"');
    expect(call('TO_JSON_STRING', [array(DOUBLE)], [[1, 0.5]])).to.equal('[1.0,0.5]');
    expect(call('TO_JSON_STRING', [map(STRING, BIGINT)], [new Map([['b', 2n], ['a', 1n]])])).to.equal('{"a":1,"b":2}');
    const t2 = struct([{ name: 'Z', type: INTEGER }, { name: 'A', type: BYTES }]);
    expect(call('TO_JSON_STRING', [t2], [{ Z: 1, A: Buffer.from('hi') }])).to.equal('{"A":"aGk=","Z":1}');
    expect(call('TO_JSON_STRING', [TIMESTAMP], [1000])).to.equal('"1970-01-01T00:00:01.000"');
    expect(call('TO_JSON_STRING', [decimal(10, 9)], [Decimal.parse('0.000000010')])).to.equal('0.000000010');
  });
});

describe('URL functions', () => {
  it('extracts URL parts as java.net.URI does (qtt: url)', () => {
    expect(call('URL_EXTRACT_PROTOCOL', [S], ['https://test@confluent.io:8080/nested/path?query&jobs'])).to.equal('https');
    expect(call('URL_EXTRACT_PROTOCOL', [S], ['www.confluent.io'])).to.equal(null);
    expect(call('URL_EXTRACT_PORT', [S], ['http://test@confluent.io'])).to.equal(null);
    expect(call('URL_EXTRACT_PORT', [S], ['http://test@confluent.io:8080/nested/path?query&jobs'])).to.equal(8080);
    expect(call('URL_EXTRACT_HOST', [S], ['http://test@confluent.io:8080/nested/path'])).to.equal('confluent.io');
    expect(call('URL_EXTRACT_PATH', [S], ['http://confluent.io/a%20b/c?x=1#frag'])).to.equal('/a b/c');
    expect(call('URL_EXTRACT_QUERY', [S], ['http://confluent.io/a?x=1&y=2#frag'])).to.equal('x=1&y=2');
    expect(call('URL_EXTRACT_FRAGMENT', [S], ['http://confluent.io/a?x=1#frag'])).to.equal('frag');
  });

  it('extracts, encodes and decodes query parameters (qtt: url)', () => {
    const url = 'http://www.test.com/?one=a&two=b&three';
    expect(call('URL_EXTRACT_PARAMETER', [S, S], [url, 'one'])).to.equal('a');
    expect(call('URL_EXTRACT_PARAMETER', [S, S], [url, 'two'])).to.equal('b');
    expect(call('URL_EXTRACT_PARAMETER', [S, S], [url, 'four'])).to.equal(null);
    expect(call('URL_EXTRACT_PARAMETER', [S, S], [url, 'three'])).to.equal('');
    expect(call('URL_EXTRACT_PARAMETER', [S, S], ['http://a.b/?q=x%20y', 'q'])).to.equal('x y');
    expect(call('URL_DECODE_PARAM', [S], ['%3Ffoo+%24bar'])).to.equal('?foo $bar');
    expect(call('URL_DECODE_PARAM', [S], ['hello%26world'])).to.equal('hello&world');
    expect(call('URL_ENCODE_PARAM', [S], ['?foo $bar*'])).to.equal('%3Ffoo+%24bar*');
  });
});

describe('GEO_DISTANCE', () => {
  it('matches qtt results to the last digit', () => {
    const D = [DOUBLE, DOUBLE, DOUBLE, DOUBLE];
    expect(call('GEO_DISTANCE', D, [37.4439, -122.1663, 51.5257, -0.1122])).to.equal(8634.659796579544);
    expect(call('GEO_DISTANCE', D, [51.5257, -0.1122, -33.9323, 18.4197])).to.equal(9673.40421197142);
    expect(call('GEO_DISTANCE', D, [-33.9323, 18.4197, -33.8666, 151.1])).to.equal(11005.23304055582);
  });

  it('takes miles and rejects bad units and coordinates', () => {
    const D5 = [DOUBLE, DOUBLE, DOUBLE, DOUBLE, STRING];
    expect(call('GEO_DISTANCE', D5, [0, 0, 0, 1, 'MI'])).to.be.closeTo(69.1, 0.1);
    expect(() => call('GEO_DISTANCE', D5, [0, 0, 0, 1, 'feet'])).to.throw(/units parameter/);
    expect(() => call('GEO_DISTANCE', D5, [91, 0, 0, 1, 'km'])).to.throw(/latitude/);
  });
});

describe('JSON_ARRAY_CONTAINS and JSON_ITEMS', () => {
  it('matches top-level elements of the same JSON kind', () => {
    expect(call('JSON_ARRAY_CONTAINS', [S, INTEGER], ['[1, 2, 3]', 2])).to.equal(true);
    expect(call('JSON_ARRAY_CONTAINS', [S, BIGINT], ['[1, 2, 3]', 4n])).to.equal(false);
    expect(call('JSON_ARRAY_CONTAINS', [S, DOUBLE], ['[1, 2.5]', 2.5])).to.equal(true);
    expect(call('JSON_ARRAY_CONTAINS', [S, DOUBLE], ['[1, 2.5]', 1])).to.equal(false);
    expect(call('JSON_ARRAY_CONTAINS', [S, S], ['["a", ["b"]]', 'b'])).to.equal(false);
    expect(call('JSON_ARRAY_CONTAINS', [S, S], ['{"a": 1}', 'a'])).to.equal(false);
  });

  it('JSON_ITEMS returns each object as text', () => {
    expect(call('JSON_ITEMS', [S], ['[{"a": 1}, {"b": "x"}]'])).to.deep.equal(['{"a":1}', '{"b":"x"}']);
    expect(call('JSON_ITEMS', [S], ['[{"a": 1}, 2]'])).to.equal(null);
  });
});

describe('JSON text with trailing content', () => {
  it('reads the first value and ignores what follows, as Jackson does (qtt: extract json field)', () => {
    const doc = '{"name": "cdd", "version": "2", "@type": "VAL"}}';
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.name'])).to.equal('cdd');
    expect(call('EXTRACTJSONFIELD', [S, S], [doc, '$.@type'])).to.equal('VAL');
    expect(call('JSON_KEYS', [S], ['{"a": "}"} x'])).to.deep.equal(['a']);
    expect(call('EXTRACTJSONFIELD', [S, S], ['{"a": 1', '$.a'])).to.equal(null);
  });
});
