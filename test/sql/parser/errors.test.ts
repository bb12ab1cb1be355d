import { expect } from 'chai';
import { parseStatements, SqlSyntaxError } from '../../../sql/index.js';
import { FjordError } from '../../../core/errors.js';
import { parseError } from '../parse-helpers.js';

describe('sql parser: errors', () => {
  it('names line:column, the offending token and the single missing token', () => {
    const e = parseError('CREATE STREAM S (ID INT KEY) WITH (kafka_topic=\'t\');\nCREATE TABLE OUTPUT AS SELECT f1, f2, COUNT(*) FROM TEST GROUP BY f3, (f2, f1);');
    expect(e.message).to.contain("line 2:74: Syntax Error\nmissing ')' at ','");
    expect([e.line, e.column, e.offendingToken, e.expected]).to.deep.equal([2, 74, ',', ["')'"]]);
  });

  it('starts with "Syntax error at or near" and ends with the statement text', () => {
    const e = parseError('ASSERT VALUES foo (id INT) VALUES (123);');
    expect(e.message.split('\n')[0]).to.equal("Syntax error at or near 'VALUES' at line 1:8");
    expect(e.message.split('\n').at(-1)).to.equal('Statement: ASSERT VALUES foo (id INT) VALUES (123);');
  });

  it('lists the expected tokens when one of several was expected', () => {
    const e = parseError("CREATE STREAM INPUT (K BIGINT (KEY)) WITH (kafka_topic='input',value_format='JSON');");
    expect(e.message).to.contain("line 1:32: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}\nStatement: CREATE STREAM INPUT (K BIGINT (KEY))");
    expect(e.expected).to.deep.equal(["'STRING'", 'INTEGER_VALUE']);
  });

  it('says "extraneous input" when dropping the offending token would let parsing go on', () => {
    const e = parseError('SELECT CAST(a AS INT x) FROM s;');
    expect(e.message).to.contain("line 1:22: Syntax Error\nextraneous input 'x' expecting ')'");
    expect([e.offendingToken, e.expected]).to.deep.equal(['x', ["')'"]]);
  });

  it('says "mismatched input" when the statement could have ended there', () => {
    const e = parseError('SELECT * FROM x y z;');
    expect(e.message).to.contain("line 1:19: Syntax Error\nmismatched input 'z' expecting {';', 'EMIT',");
  });

  it('reports a missing semicolon at the end of the input', () => {
    const e = parseError('SHOW STREAMS');
    expect(e.message).to.contain("line 1:13: Syntax Error\nmismatched input '<EOF>' expecting {';', 'EXTENDED'}");
    expect(e.offendingToken).to.equal('<EOF>');
  });

  it('rejects a reserved word as a column name, saying how to quote it, but accepts it quoted', () => {
    const message = parseError('SELECT * FROM s WHERE from = 1;').message;
    expect(message).to.contain("at or near 'from' at line 1:23");
    expect(message).to.contain('"FROM" is a reserved keyword and it can\'t be used as an identifier. You can use it as an identifier by escaping it as `FROM`');
    expect(parseStatements('SELECT * FROM s WHERE `from` = 1;').errors).to.deep.equal([]);
  });

  it('rejects NULL as a type', () => {
    const e = parseError("CREATE STREAM INPUT (ID INT KEY, COL0 ARRAY<NULL>) WITH (kafka_topic='t');");
    expect(e.message).to.contain('line 1:45: Syntax Error');
  });

  it('rejects boolean operators in PARTITION BY', () => {
    const e = parseError('CREATE STREAM OUTPUT AS select * from INPUT partition by NAME AND AGE;');
    expect(e.message).to.contain("line 1:63: Syntax Error\nmismatched input 'AND'");
  });

  it('reports an integer literal beyond BIGINT as ksqlDB does (one column to the right)', () => {
    const e = parseError('CREATE STREAM OUTPUT AS select K, id, 9223372036854775808 FROM INPUT;');
    expect(e.message).to.equal('Failed to prepare statement: line 1:40: Invalid numeric literal: 9223372036854775808');
  });

  it('rejects -9223372036854775808, naming the digits one column right of them as ksqlDB does', () => {
    const e = parseError('CREATE STREAM OUTPUT AS select id, -9223372036854775808 FROM INPUT;');
    expect(e.message).to.equal('Failed to prepare statement: line 1:38: Invalid numeric literal: 9223372036854775808');
  });

  it('rejects a negative DOUBLE literal that overflows', () => {
    const e = parseError('CREATE STREAM OUTPUT AS select id, -1.7976931348623159E308 FROM INPUT;');
    expect(e.message).to.equal('Failed to prepare statement: line 1:38: Number overflows DOUBLE: 1.7976931348623159E308');
  });

  it('reports a DOUBLE literal that overflows', () => {
    const e = parseError('SELECT 1.7976931348623159E308 FROM INPUT;');
    expect(e.message).to.equal('Failed to prepare statement: line 1:9: Number overflows DOUBLE: 1.7976931348623159E308');
  });

  it('rejects a type parameter on a type that takes none', () => {
    expect(parseError('CREATE STREAM s (a BIGINT(5)) WITH (kafka_topic=\'t\');').message).to.equal(
      'Line: 1, Col: 20: Type BIGINT does not take parameters',
    );
  });

  it('rejects a qualifier that is neither a source nor an alias of the statement', () => {
    expect(parseError('SELECT unknown.a FROM s JOIN t ON s.id = t.id;').message).to.equal(
      "Failed to prepare statement: 'UNKNOWN' is not a valid stream/table name or alias. (line 1:8)",
    );
    expect(parseError('SELECT x.* FROM s;').message).to.contain("'X' is not a valid stream/table name or alias.");
  });

  it('accepts qualifiers naming a source or its alias', () => {
    expect(parseStatements('SELECT s.a, tt.b, t.c FROM s JOIN t tt ON s.id = tt.id;').errors).to.deep.equal([]);
  });

  it('rejects a type constructor other than DECIMAL', () => {
    expect(parseError("SELECT DATE '2020-01-01' FROM s;").message).to.equal(
      'Failed to prepare statement: Unknown type: DATE, location: Line: 1, Col: 8',
    );
  });

  it('rejects an ESCAPE of more than one character', () => {
    expect(parseError("SELECT * FROM s WHERE a LIKE 'x' ESCAPE 'ab';").message).to.equal(
      'Line: 1, Col: 41: Expected single character escape but got: ab',
    );
  });

  it('rejects EXTENDED after DESCRIBE FUNCTION', () => {
    expect(parseError('DESCRIBE FUNCTION f EXTENDED;').message).to.contain("line 1:21: Syntax Error\nmismatched input 'EXTENDED' expecting ';'");
  });

  it('rejects OUTER JOIN without FULL/LEFT/RIGHT', () => {
    expect(parseError('SELECT * FROM a OUTER JOIN b ON a.x = b.x;').message).to.contain("mismatched input 'OUTER' expecting 'JOIN'");
  });

  it('rejects a lambda before an ordinary argument', () => {
    expect(parseError('SELECT f(x => x, 1) FROM s;').message).to.equal('Line: 1, Col: 18: Lambda arguments must come after all other arguments of F');
  });

  it('rejects a second GRACE PERIOD in a window', () => {
    expect(parseError('SELECT * FROM s WINDOW TUMBLING (SIZE 1 SECOND, GRACE PERIOD 1 SECOND, GRACE PERIOD 2 SECONDS) GROUP BY a;').message)
      .to.contain('GRACE PERIOD given twice in one WINDOW');
  });

  it('reports lexing errors of a statement with their position', () => {
    expect(parseError("SHOW STREAMS;\nSELECT 'abc FROM x;").message).to.equal(
      "line 2:8: Syntax Error\nunterminated string literal: missing closing quote (')",
    );
  });

  it('returns errors as SqlSyntaxError, a FjordError with code INVALID_ARGUMENT', () => {
    const e = parseError('NONSENSE;');
    expect(e).to.be.instanceOf(SqlSyntaxError).and.instanceOf(FjordError);
    expect(e.code).to.equal('INVALID_ARGUMENT');
  });

  it('never throws for arbitrary bad input', () => {
    for (const bad of ['(', ')', "'", '`', 'SELECT', 'SELECT FROM;', 'CREATE;', '${', 'a -> ;', '/* open']) {
      expect(() => parseStatements(bad), bad).to.not.throw();
      expect(parseStatements(bad).errors.length, bad).to.be.greaterThan(0);
    }
  });
});
