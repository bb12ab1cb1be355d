import { expect } from 'chai';
import { parseStatements } from '../../../sql/index.js';
import { bare, parseOne } from '../parse-helpers.js';

describe('sql parser: statements', () => {
  describe('CREATE STREAM / TABLE', () => {
    it('parses columns with KEY, types and WITH properties (names upper-cased)', () => {
      const s = parseOne("CREATE STREAM s (id INT KEY, name VARCHAR) WITH (kafka_topic='t', value_format='JSON', partitions=2);");
      expect(bare(s)).to.deep.equal({
        kind: 'CreateSource',
        sourceType: 'STREAM',
        name: 'S',
        orReplace: false,
        ifNotExists: false,
        isSource: false,
        elements: [
          { name: 'ID', type: { kind: 'Primitive', name: 'INTEGER' }, key: 'KEY' },
          { name: 'NAME', type: { kind: 'Primitive', name: 'STRING' } },
        ],
        properties: [
          { name: 'KAFKA_TOPIC', value: { kind: 'StringLiteral', value: 't' } },
          { name: 'VALUE_FORMAT', value: { kind: 'StringLiteral', value: 'JSON' } },
          { name: 'PARTITIONS', value: { kind: 'IntegerLiteral', value: 2 } },
        ],
      });
    });

    it('parses CREATE OR REPLACE TABLE IF NOT EXISTS with a PRIMARY KEY', () => {
      const s = parseOne("CREATE OR REPLACE TABLE IF NOT EXISTS t (k STRING PRIMARY KEY) WITH (kafka_topic='t', format='JSON');");
      expect(s).to.include({ kind: 'CreateSource', sourceType: 'TABLE', orReplace: true, ifNotExists: true });
      expect(bare((s as { elements: unknown[] }).elements[0])).to.deep.include({ key: 'PRIMARY KEY' });
    });

    it('parses CREATE SOURCE TABLE as a read-only source', () => {
      const s = parseOne("CREATE SOURCE TABLE t (k INT PRIMARY KEY, v INT) WITH (kafka_topic='t', format='JSON');");
      expect(s).to.include({ kind: 'CreateSource', isSource: true });
    });

    it('parses HEADERS and HEADER(key) columns', () => {
      const s = parseOne("CREATE STREAM s (h ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, x BYTES HEADER('abc')) WITH (kafka_topic='t', format='JSON');");
      const [h, x] = (s as { elements: unknown[] }).elements.map(bare) as { headers: unknown }[];
      expect([h.headers, x.headers]).to.deep.equal([{}, { key: 'abc' }]);
    });

    it('parses a stream without columns', () => {
      const s = parseOne("CREATE STREAM s WITH (kafka_topic='t', value_format='AVRO');");
      expect(s).to.deep.include({ kind: 'CreateSource', elements: [] });
    });

    it('keeps the case of quoted names and accepts quoted property names and negative numbers', () => {
      const s = parseOne("CREATE STREAM `MixedCase` (\"lower\" INT) WITH ('kafka_topic'='t', replicas=-1);");
      expect(bare(s)).to.deep.include({ name: 'MixedCase' });
      const props = (bare(s) as { properties: unknown[] }).properties;
      expect(props).to.deep.equal([
        { name: 'KAFKA_TOPIC', value: { kind: 'StringLiteral', value: 't' } },
        { name: 'REPLICAS', value: { kind: 'IntegerLiteral', value: -1 } },
      ]);
    });

    it('upper-cases double-quoted property names too and rejects a property given twice', () => {
      const s = parseOne('CREATE STREAM s WITH ("kafka_topic"=\'t\');');
      expect((bare(s) as { properties: { name: string }[] }).properties[0].name).to.equal('KAFKA_TOPIC');
      const { errors } = parseStatements("CREATE STREAM s WITH (kafka_topic='a', KAFKA_TOPIC='b');");
      expect(errors[0].message).to.equal('Line: 1, Col: 40: Duplicate property in the WITH clause: KAFKA_TOPIC');
    });

    it('rejects PRIMARY KEY on a stream column, naming the column and its position', () => {
      const { errors } = parseStatements("CREATE STREAM INPUT (ID INT PRIMARY KEY, NAME STRING) WITH (kafka_topic='i');");
      expect(errors[0].message).to.equal("Line: 1, Col: 22: Column `ID` is a 'PRIMARY KEY' column: please use 'KEY' for streams.");
    });

    it('rejects KEY on a table column', () => {
      const { errors } = parseStatements("CREATE TABLE T (ID INT KEY) WITH (kafka_topic='i');");
      expect(errors[0].message).to.equal("Line: 1, Col: 17: Column `ID` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
    });

    it("rejects WINDOW_SIZE on a SESSION-windowed source", () => {
      const { errors } = parseStatements("CREATE TABLE T (K STRING PRIMARY KEY) WITH (kafka_topic='t', WINDOW_TYPE='Session', WINDOW_SIZE='30 seconds');");
      expect(errors[0].message).to.contain("'WINDOW_SIZE' should not be set for SESSION windows.");
    });
  });

  describe('CREATE ... AS SELECT and INSERT', () => {
    it('parses CREATE STREAM AS SELECT with WITH properties', () => {
      const s = parseOne("CREATE STREAM out WITH (kafka_topic='o') AS SELECT * FROM s;");
      expect(bare(s)).to.deep.include({
        kind: 'CreateAsSelect',
        sourceType: 'STREAM',
        name: 'OUT',
        properties: [{ name: 'KAFKA_TOPIC', value: { kind: 'StringLiteral', value: 'o' } }],
      });
      expect((s as { query: { kind: string } }).query.kind).to.equal('Query');
    });

    it('parses CREATE OR REPLACE TABLE AS SELECT', () => {
      const s = parseOne('CREATE OR REPLACE TABLE t AS SELECT k, COUNT(*) FROM s GROUP BY k;');
      expect(s).to.include({ kind: 'CreateAsSelect', sourceType: 'TABLE', orReplace: true });
    });

    it('rejects AS SELECT after a column list', () => {
      const { errors } = parseStatements('CREATE STREAM s (a INT) AS SELECT * FROM x;');
      expect(errors[0].message).to.equal(
        "Syntax error at or near 'AS' at line 1:25\nline 1:25: Syntax Error\nmismatched input 'AS' expecting ';'\n" +
          'Statement: CREATE STREAM s (a INT) AS SELECT * FROM x;',
      );
    });

    it('parses INSERT INTO ... SELECT', () => {
      const s = parseOne('INSERT INTO out SELECT * FROM s;');
      expect(s).to.include({ kind: 'InsertInto', target: 'OUT' });
    });

    it('parses INSERT INTO with columns and VALUES', () => {
      const s = parseOne("INSERT INTO s (id, name) VALUES (1, 'a');");
      expect(bare(s)).to.deep.equal({
        kind: 'InsertValues',
        target: 'S',
        columns: ['ID', 'NAME'],
        values: [
          { kind: 'IntegerLiteral', value: 1 },
          { kind: 'StringLiteral', value: 'a' },
        ],
      });
    });

    it('parses INSERT INTO ... VALUES without columns', () => {
      const s = parseOne('INSERT INTO s VALUES (1, NULL);');
      expect(bare(s)).to.not.have.property('columns');
    });
  });

  describe('types, drops, alter and terminate', () => {
    it('parses CREATE TYPE with a struct', () => {
      const s = parseOne('CREATE TYPE ADDRESS AS STRUCT<number INTEGER, street VARCHAR>;');
      expect(bare(s)).to.deep.equal({
        kind: 'CreateType',
        name: 'ADDRESS',
        ifNotExists: false,
        type: {
          kind: 'Struct',
          fields: [
            { name: 'NUMBER', type: { kind: 'Primitive', name: 'INTEGER' } },
            { name: 'STREET', type: { kind: 'Primitive', name: 'STRING' } },
          ],
        },
      });
    });

    it('parses DROP STREAM IF EXISTS ... DELETE TOPIC', () => {
      expect(bare(parseOne('DROP STREAM IF EXISTS s DELETE TOPIC;'))).to.deep.equal({
        kind: 'DropSource', sourceType: 'STREAM', name: 'S', ifExists: true, deleteTopic: true,
      });
    });

    it('parses DROP TABLE without options', () => {
      expect(parseOne('DROP TABLE t;')).to.include({ kind: 'DropSource', sourceType: 'TABLE', ifExists: false, deleteTopic: false });
    });

    it('parses DROP TYPE IF EXISTS', () => {
      expect(bare(parseOne('DROP TYPE IF EXISTS address;'))).to.deep.equal({ kind: 'DropType', name: 'ADDRESS', ifExists: true });
    });

    it('parses TERMINATE of one query and of all', () => {
      expect(bare(parseOne('TERMINATE CSAS_OUT_0;'))).to.deep.equal({ kind: 'Terminate', queryId: 'CSAS_OUT_0' });
      expect(bare(parseOne('TERMINATE ALL;'))).to.deep.equal({ kind: 'Terminate' });
    });

    it('parses PAUSE and RESUME of one query and of all', () => {
      expect(bare(parseOne('PAUSE CSAS_OUT_0;'))).to.deep.equal({ kind: 'PauseQuery', queryId: 'CSAS_OUT_0' });
      expect(bare(parseOne('RESUME ALL;'))).to.deep.equal({ kind: 'ResumeQuery' });
    });

    it('still accepts PAUSE and RESUME as column names', () => {
      expect(parseOne('SELECT pause, resume FROM s;').kind).to.equal('QueryStatement');
    });

    it('parses ALTER TABLE ... ADD COLUMN, several at once', () => {
      expect(bare(parseOne('ALTER TABLE t ADD COLUMN a INT, ADD b STRING;'))).to.deep.equal({
        kind: 'AlterSource',
        sourceType: 'TABLE',
        name: 'T',
        columns: [
          { name: 'A', type: { kind: 'Primitive', name: 'INTEGER' } },
          { name: 'B', type: { kind: 'Primitive', name: 'STRING' } },
        ],
      });
    });
  });

  describe('SHOW / DESCRIBE / EXPLAIN / PRINT', () => {
    for (const target of ['STREAMS', 'TABLES', 'QUERIES', 'TOPICS', 'PROPERTIES', 'FUNCTIONS', 'TYPES', 'VARIABLES']) {
      it(`parses SHOW ${target} and LIST ${target}`, () => {
        expect(parseOne(`SHOW ${target};`)).to.include({ kind: 'List', target, extended: false });
        expect(parseOne(`list ${target.toLowerCase()};`)).to.include({ kind: 'List', target });
      });
    }

    it('parses SHOW ... EXTENDED and SHOW ALL TOPICS', () => {
      expect(parseOne('SHOW QUERIES EXTENDED;')).to.include({ extended: true });
      expect(parseOne('SHOW ALL TOPICS;')).to.include({ target: 'TOPICS', all: true });
    });

    it('parses DESCRIBE [EXTENDED] of a source', () => {
      expect(bare(parseOne('DESCRIBE s EXTENDED;'))).to.deep.equal({ kind: 'Describe', name: 'S', extended: true });
      expect(bare(parseOne('DESCRIBE s;'))).to.deep.equal({ kind: 'Describe', name: 'S', extended: false });
    });

    it('parses DESCRIBE FUNCTION and DESCRIBE STREAMS', () => {
      expect(bare(parseOne('DESCRIBE FUNCTION substring;'))).to.deep.equal({ kind: 'DescribeFunction', name: 'SUBSTRING' });
      expect(bare(parseOne('DESCRIBE STREAMS EXTENDED;'))).to.deep.equal({ kind: 'DescribeSources', target: 'STREAMS', extended: true });
    });

    it('parses a source named like a non-reserved keyword in DESCRIBE', () => {
      expect(bare(parseOne('DESCRIBE function;'))).to.deep.equal({ kind: 'Describe', name: 'FUNCTION', extended: false });
    });

    it('reads unquoted DESCRIBE TABLES as listing tables, and a quoted one as a source', () => {
      expect(bare(parseOne('DESCRIBE TABLES EXTENDED;'))).to.deep.equal({ kind: 'DescribeSources', target: 'TABLES', extended: true });
      expect(bare(parseOne('DESCRIBE `TABLES`;'))).to.deep.equal({ kind: 'Describe', name: 'TABLES', extended: false });
    });

    it('parses EXPLAIN of a statement and of a query id', () => {
      const s = parseOne('EXPLAIN SELECT * FROM s EMIT CHANGES;');
      expect(s.kind).to.equal('Explain');
      expect((s as { statement: { kind: string } }).statement.kind).to.equal('QueryStatement');
      expect((s as { statement: { text: string } }).statement.text).to.equal('SELECT * FROM s EMIT CHANGES;');
      expect(bare(parseOne('EXPLAIN CTAS_T_1;'))).to.deep.equal({ kind: 'Explain', queryId: 'CTAS_T_1' });
    });

    it('parses PRINT with FROM BEGINNING, INTERVAL and LIMIT, keeping a quoted topic as written', () => {
      expect(bare(parseOne("PRINT 'my-topic' FROM BEGINNING INTERVAL 2 LIMIT 10;"))).to.deep.equal({
        kind: 'Print', topic: 'my-topic', fromBeginning: true, interval: 2, limit: 10,
      });
      expect(bare(parseOne('PRINT topic1;'))).to.deep.equal({ kind: 'Print', topic: 'TOPIC1', fromBeginning: false });
    });
  });

  describe('properties, variables and scripts', () => {
    it('parses SET and UNSET of a property', () => {
      expect(bare(parseOne("SET 'auto.offset.reset' = 'earliest';"))).to.deep.equal({
        kind: 'SetProperty', name: 'auto.offset.reset', value: 'earliest',
      });
      expect(bare(parseOne("UNSET 'auto.offset.reset';"))).to.deep.equal({ kind: 'UnsetProperty', name: 'auto.offset.reset' });
    });

    it('parses DEFINE and UNDEFINE', () => {
      expect(bare(parseOne("DEFINE topic = 'orders';"))).to.deep.equal({ kind: 'DefineVariable', name: 'TOPIC', value: 'orders' });
      expect(bare(parseOne('UNDEFINE topic;'))).to.deep.equal({ kind: 'UndefineVariable', name: 'TOPIC' });
    });

    it('parses RUN SCRIPT', () => {
      expect(bare(parseOne("RUN SCRIPT '/tmp/x.sql';"))).to.deep.equal({ kind: 'RunScript', path: '/tmp/x.sql' });
    });

    it('parses ASSERT TOPIC and ASSERT NOT EXISTS SCHEMA with a timeout', () => {
      expect(parseOne("ASSERT TOPIC 'orders' WITH (partitions=1) TIMEOUT 10 SECONDS;")).to.include({ kind: 'AssertTopic', topic: 'orders', exists: true });
      const s = parseOne("ASSERT NOT EXISTS SCHEMA SUBJECT 'x-value' ID 5;");
      expect(bare(s)).to.deep.equal({ kind: 'AssertSchema', subject: 'x-value', id: 5, exists: false });
    });
  });

  describe('connectors', () => {
    it('parses CREATE SOURCE CONNECTOR keeping the case of quoted config names', () => {
      const s = parseOne("CREATE SOURCE CONNECTOR IF NOT EXISTS jdbc WITH ('connector.class'='io.x.JdbcSource', \"tasks.max\"='1');");
      expect(bare(s)).to.deep.equal({
        kind: 'CreateConnector',
        connectorType: 'SOURCE',
        name: 'JDBC',
        ifNotExists: true,
        properties: [
          { name: 'connector.class', value: { kind: 'StringLiteral', value: 'io.x.JdbcSource' } },
          { name: 'tasks.max', value: { kind: 'StringLiteral', value: '1' } },
        ],
      });
    });

    it('parses CREATE SINK CONNECTOR, DROP CONNECTOR and DESCRIBE CONNECTOR', () => {
      expect(parseOne("CREATE SINK CONNECTOR s WITH ('topics'='t');")).to.include({ kind: 'CreateConnector', connectorType: 'SINK' });
      expect(bare(parseOne('DROP CONNECTOR IF EXISTS s;'))).to.deep.equal({ kind: 'DropConnector', name: 'S', ifExists: true });
      expect(bare(parseOne('DESCRIBE CONNECTOR s;'))).to.deep.equal({ kind: 'DescribeConnector', name: 'S' });
    });

    it('parses SHOW [SOURCE|SINK] CONNECTORS and SHOW CONNECTOR PLUGINS', () => {
      expect(parseOne('SHOW CONNECTORS;')).to.include({ kind: 'List', target: 'CONNECTORS' });
      expect(parseOne('SHOW SINK CONNECTORS;')).to.include({ target: 'CONNECTORS', connectorType: 'SINK' });
      expect(parseOne('SHOW CONNECTOR PLUGINS;')).to.include({ target: 'PLUGINS' });
    });
  });

  describe('scripts of several statements', () => {
    it('returns every statement with its own text and position', () => {
      const { statements, errors } = parseStatements('SHOW STREAMS;\n  DESCRIBE s;');
      expect(errors).to.deep.equal([]);
      expect(statements.map((s) => [s.text, s.pos.line, s.pos.column])).to.deep.equal([
        ['SHOW STREAMS;', 1, 1],
        ['DESCRIBE s;', 2, 3],
      ]);
    });

    it('skips empty statements', () => {
      expect(parseStatements(';; SHOW TABLES;;').statements).to.have.length(1);
    });

    it('keeps parsing after a bad statement and reports it', () => {
      const { statements, errors } = parseStatements('SHOW STREAMS; SHOW NONSENSE; SHOW TABLES;');
      expect(statements.map((s) => s.kind)).to.deep.equal(['List', 'List']);
      expect(errors).to.have.length(1);
    });

    it('accepts comments between and inside statements', () => {
      const { statements } = parseStatements('-- list\nSHOW /* all */ STREAMS; -- done');
      expect(statements).to.have.length(1);
    });
  });
});
