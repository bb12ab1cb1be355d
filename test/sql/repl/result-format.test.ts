import { expect } from 'chai';
import { Decimal } from '../../../sql/types/decimal.js';
import { formatResult, isPrintResult, StreamFormatter } from '../../../sql/repl/result-format.js';
import { array, BIGINT, decimal, DOUBLE, INTEGER, map, STRING, struct } from '../../../sql/types/types.js';

describe('REPL result formatting', () => {
  it("prints a message as ksqlDB's CLI does: a one-column table between dashed rules", () => {
    expect(formatResult({ kind: 'message', statementText: 'CREATE STREAM S ...;', message: 'Stream created' }, 'table')).to.equal(
      ' Message        \n' +
      '----------------\n' +
      ' Stream created \n' +
      '----------------\n',
    );
  });

  it('sizes table columns to their content, with the title above and the footer below', () => {
    const text = formatResult({
      kind: 'table', statementText: 'SHOW STREAMS;', title: 'Streams', footer: 'For details run DESCRIBE.',
      header: ['Stream Name', 'Kafka Topic', 'Windowed'], rows: [['ORDERS', 'orders_topic_long', false], ['S', 's', true]],
    }, 'table');
    expect(text).to.equal(
      'Streams\n' +
      ' Stream Name | Kafka Topic       | Windowed \n' +
      `${'-'.repeat(44)}\n` +
      ' ORDERS      | orders_topic_long | false    \n' +
      ' S           | s                 | true     \n' +
      `${'-'.repeat(44)}\n` +
      'For details run DESCRIBE.\n',
    );
  });

  it('prints pull-query rows between +---+ borders, BIGINT and DECIMAL exact, NULL as null', () => {
    const text = formatResult({
      kind: 'rows', statementText: 'SELECT * FROM T;',
      columns: [{ name: 'K', type: BIGINT }, { name: 'PRICE', type: decimal(4, 2) }, { name: 'NOTE', type: STRING }],
      rows: [[9007199254740993n, new Decimal(150n, 2), null]],
    }, 'table');
    expect(text).to.equal(
      '+----------------+-----+----+\n' +
      '|K               |PRICE|NOTE|\n' +
      '+----------------+-----+----+\n' +
      '|9007199254740993|1.50 |null|\n' +
      '+----------------+-----+----+\n',
    );
  });

  it('prints plain aligned columns without rules when asked for plain text', () => {
    const text = formatResult({ kind: 'table', statementText: 'SHOW TOPICS;', header: ['Kafka Topic', 'Partitions'], rows: [['a', 1], ['longer', 12]] }, 'plain');
    expect(text).to.equal('Kafka Topic  Partitions\na            1\nlonger       12\n');
    expect(formatResult({ kind: 'message', statementText: 'x', message: 'Stream created' }, 'plain')).to.equal('Stream created\n');
  });

  it('prints one JSON object per row or message, keeping 64-bit integers exact', () => {
    expect(formatResult({ kind: 'rows', statementText: 'x', columns: [{ name: 'K', type: BIGINT }, { name: 'V', type: STRING }], rows: [[9007199254740993n, 'a"b'], [1n, null]] }, 'json'))
      .to.equal('{"K":9007199254740993,"V":"a\\"b"}\n{"K":1,"V":null}\n');
    expect(formatResult({ kind: 'message', statementText: 'x', message: 'Created query with ID CSAS_S_0', queryId: 'CSAS_S_0' }, 'json'))
      .to.equal('{"message":"Created query with ID CSAS_S_0","queryId":"CSAS_S_0"}\n');
  });

  it('prints a note for SET and nothing for a result with nothing to show', () => {
    expect(formatResult({ kind: 'none', statementText: 'x' }, 'table')).to.equal('');
    expect(formatResult({ kind: 'none', statementText: 'x', note: "Successfully changed local property 'a' to 'b'." }, 'table')).to.equal("Successfully changed local property 'a' to 'b'.\n");
  });

  it('streams rows under a header sized from the column types, and closes with Limit Reached / Query terminated', () => {
    const f = new StreamFormatter([{ name: 'ID', type: INTEGER }, { name: 'NAME', type: STRING }], 'table');
    const border = `+${'-'.repeat(11)}+${'-'.repeat(20)}+\n`;
    expect(f.header()).to.equal(`${border}|ID         |NAME                |\n${border}`);
    expect(f.row([1, 'alice'])).to.equal('|1          |alice               |\n');
    expect(f.row([2, 'a name longer than twenty'])).to.equal('|2          |a name longer than twenty|\n');
    expect(f.end('limit')).to.equal(`${border}Limit Reached\nQuery terminated\n`);
    expect(f.end('cancelled')).to.equal(`${border}Query terminated\n`);
    expect(new StreamFormatter([{ name: 'ID', type: INTEGER }], 'json').row([7])).to.equal('{"ID":7}\n');
  });

  it("renders values as ksqlDB does: DOUBLE as Java prints it, collections and structs in Java's form", () => {
    const text = formatResult({
      kind: 'rows', statementText: 'x',
      columns: [{ name: 'D', type: DOUBLE }, { name: 'A', type: array(INTEGER) }, { name: 'M', type: map(STRING, INTEGER) }, { name: 'S', type: struct([{ name: 'X', type: INTEGER }]) }],
      rows: [[1, [1, 2], new Map([['k', 1]]), { X: 3 }]],
    }, 'plain');
    expect(text.split('\n')[1]).to.equal('1.0  [1, 2]  {k=1}  Struct{X=3}');
  });

  it('writes JSON rows as ksqlDB serializes the column types (DOUBLE 1.0, DECIMAL with its scale)', () => {
    const text = formatResult({ kind: 'rows', statementText: 'x', columns: [{ name: 'D', type: DOUBLE }, { name: 'P', type: decimal(4, 2) }], rows: [[1, new Decimal(150n, 2)]] }, 'json');
    expect(text).to.equal('{"D":1.0,"P":1.50}\n');
  });

  it("prints PRINT's records as ksqlDB does, one line each, and ends with Topic printing ceased", () => {
    const columns = [{ name: 'rowtime', type: STRING }, { name: 'key', type: STRING }, { name: 'value', type: STRING }, { name: 'partition', type: INTEGER }];
    expect(isPrintResult({ statementText: "PRINT 't' FROM BEGINNING;", columns })).to.equal(true);
    expect(isPrintResult({ statementText: 'SELECT * FROM t EMIT CHANGES;', columns })).to.equal(false);
    const f = new StreamFormatter(columns, 'table', true);
    expect(f.header()).to.equal('');
    expect(f.row(['2021-03-04T12:00:00.123Z', '1', '{"A":1}', 0])).to.equal('rowtime: 2021/03/04 12:00:00.123 Z, key: 1, value: {"A":1}, partition: 0\n');
    expect(f.end('cancelled')).to.equal('Topic printing ceased\n');
    expect(f.end('limit')).to.equal('Limit Reached\nTopic printing ceased\n');
  });
});
