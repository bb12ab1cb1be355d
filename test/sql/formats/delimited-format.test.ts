import { expect } from 'chai';
import { createRowSerde } from '../../../sql/formats/create-row-serde.js';
import { CsvParseError, parseCsvRecord, printCsvRecord } from '../../../sql/formats/csv.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { BIGINT, BOOLEAN, BYTES, decimal, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, type Type } from '../../../sql/types/types.js';

const cols = (...c: Array<[string, Type]>) => c.map(([name, type]) => ({ name, type }));
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('sql/formats DELIMITED', () => {
  describe('csv (commons-csv rules)', () => {
    it('quotes only what MINIMAL quoting needs', () => {
      expect(printCsvRecord(['a', 'b c', '1'], ',')).to.equal('a,b c,1');
      expect(printCsvRecord(['a,b', 'say "hi"', 'x\ny'], ',')).to.equal('"a,b","say ""hi""","x\ny"');
      expect(printCsvRecord(['a', ' lead', 'trail ', '#x', '!x', '$x', '-1'], ',')).to.equal('a," lead","trail ","#x","!x",$x,-1');
      expect(printCsvRecord(['a|b', 'a,b'], '|')).to.equal('"a|b"|a,b');
    });

    it('quotes a first field that does not start with an ASCII letter or digit (qtt group-by key "-1",a,1)', () => {
      expect(printCsvRecord(['-1', 'a', '1'], ',')).to.equal('"-1",a,1');
      expect(printCsvRecord(['$x', '-1'], ',')).to.equal('"$x",-1');
      expect(printCsvRecord(['éa'], ',')).to.equal('"éa"');
      expect(printCsvRecord(['Zz9', '9'], ',')).to.equal('Zz9,9');
    });

    it('writes NULL as an empty unquoted field and an empty first string as ""', () => {
      expect(printCsvRecord([null, 'x', null], ',')).to.equal(',x,');
      expect(printCsvRecord(['', ''], ',')).to.equal('"",');
    });

    it('parses quoted fields, doubled quotes and stray quotes inside unquoted fields', () => {
      expect(parseCsvRecord('"You",b', ',')).to.deep.equal(['You', 'b']);
      expect(parseCsvRecord('"a ""q"" b","x,y"  ,z', ',')).to.deep.equal(['a "q" b', 'x,y', 'z']);
      expect(parseCsvRecord('a"b,c', ',')).to.deep.equal(['a"b', 'c']);
      expect(parseCsvRecord('a,,', ',')).to.deep.equal(['a', '', '']);
    });

    it('reads only the first record, skipping empty lines before it', () => {
      expect(parseCsvRecord('\r\n1,2\r\n3,4', ',')).to.deep.equal(['1', '2']);
      expect(parseCsvRecord('', ',')).to.equal(null);
      expect(parseCsvRecord('\n\n', ',')).to.equal(null);
    });

    it('rejects unterminated quotes and characters after a closing quote', () => {
      expect(() => parseCsvRecord('"abc', ',')).to.throw(CsvParseError, /EOF reached before encapsulated token finished/);
      expect(() => parseCsvRecord('"a"b,c', ',')).to.throw(CsvParseError, /invalid char between encapsulated token and delimiter/);
    });
  });

  describe('row serde', () => {
    const serde = createRowSerde(
      cols(['B', BOOLEAN], ['I', INTEGER], ['L', BIGINT], ['D', DOUBLE], ['S', STRING], ['M', decimal(21, 19)], ['Y', BYTES], ['T', TIME], ['TS', TIMESTAMP]),
      { format: 'DELIMITED' },
      'value',
    );

    it('writes each type as ksqlDB does', () => {
      const row = [true, -1, 9223372036854775807n, 2, 'x,y', Decimal.parse('10.1234512345123451234'), Buffer.from('variations'), 10, 10];
      expect(text(serde.serialize('t', row))).to.equal('true,-1,9223372036854775807,2.0,"x,y",10.1234512345123451234,dmFyaWF0aW9ucw==,10,10');
    });

    it('reads each type back, empty fields as NULL', () => {
      const row = serde.deserialize('t', Buffer.from('TRUE,-1,9223372036854775807,2.5,"x,y",10.1234512345123451234,dmFyaWF0aW9ucw==,10,'))!;
      expect(row.slice(0, 5)).to.deep.equal([true, -1, 9223372036854775807n, 2.5, 'x,y']);
      expect((row[5] as Decimal).toString()).to.equal('10.1234512345123451234');
      expect(row[6]).to.deep.equal(Buffer.from('variations'));
      expect(row.slice(7)).to.deep.equal([10, null]);
      expect(serde.deserialize('t', Buffer.from(',,,,,,,,'))).to.deep.equal(new Array(9).fill(null));
    });

    it('reads Java booleans: anything but "true" is false', () => {
      const s = createRowSerde(cols(['B', BOOLEAN]), { format: 'DELIMITED' }, 'value');
      expect(s.deserialize('t', Buffer.from('yes'))).to.deep.equal([false]);
    });

    it('rejects a wrong field count, bad numbers and empty records, naming the topic', () => {
      expect(() => serde.deserialize('in', Buffer.from('true,1'))).to.throw(/DELIMITED value serde on topic 'in': Column count mismatch on deserialization. topic: in, expected: 9, got: 2/);
      const ints = createRowSerde(cols(['A', INTEGER], ['B', STRING]), { format: 'DELIMITED' }, 'value');
      expect(() => ints.deserialize('in', Buffer.from('1.5,x'))).to.throw(/column A: For input string: "1.5"/);
      expect(() => ints.deserialize('in', Buffer.from(''))).to.throw(/No fields in record/);
    });

    it('reads quoted keys and rescales decimals to the column scale', () => {
      const bool = createRowSerde(cols(['K', BOOLEAN]), { format: 'DELIMITED' }, 'key');
      expect(bool.deserialize('t', Buffer.from('"true"'))).to.deep.equal([true]);
      const dec = createRowSerde(cols(['K', decimal(6, 4)]), { format: 'DELIMITED' }, 'key');
      expect(text(dec.serialize('t', dec.deserialize('t', Buffer.from('"12.0"'))))).to.equal('12.0000');
    });

    it('re-writes decimals with the column scale, quoting a leading minus', () => {
      const s = createRowSerde(cols(['V', decimal(33, 16)]), { format: 'DELIMITED' }, 'value');
      const again = (t: string): string | null => text(s.serialize('t', s.deserialize('t', Buffer.from(t))));
      expect(again('12345678987654321.2345678987654321')).to.equal('12345678987654321.2345678987654321');
      expect(again('.12')).to.equal('0.1200000000000000');
      expect(again('-12345.12')).to.equal('"-12345.1200000000000000"');
      expect(again('"-12345.12"')).to.equal('"-12345.1200000000000000"');
      expect(again('0')).to.equal('0.0000000000000000');
    });

    it('splits multi-column keys at their own delimiter only', () => {
      const key = createRowSerde(cols(['K1', STRING], ['K2', STRING]), { format: 'DELIMITED', delimiter: ';' }, 'key');
      expect(key.deserialize('t', Buffer.from('foo,bar;baz'))).to.deep.equal(['foo,bar', 'baz']);
    });

    it('uses the named delimiters TAB and SPACE, and any single character', () => {
      const c = cols(['A', INTEGER], ['B', STRING]);
      expect(text(createRowSerde(c, { format: 'DELIMITED', delimiter: 'TAB' }, 'value').serialize('t', [1, 'x y']))).to.equal('1\tx y');
      expect(text(createRowSerde(c, { format: 'DELIMITED', delimiter: 'SPACE' }, 'value').serialize('t', [1, 'x y']))).to.equal('1 "x y"');
      expect(createRowSerde(c, { format: 'DELIMITED', delimiter: '$' }, 'key').deserialize('t', Buffer.from('7$z'))).to.deep.equal([7, 'z']);
    });
  });
});
