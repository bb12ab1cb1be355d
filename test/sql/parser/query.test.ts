import { expect } from 'chai';
import { bare, parseOne, parseQuery } from '../parse-helpers.js';

const col = (name: string, source?: string) => (source ? { kind: 'ColumnRef', name, source } : { kind: 'ColumnRef', name });
const dur = (value: number, unit: string, ms: number) => ({ value, unit, ms });

describe('sql parser: queries', () => {
  describe('projection', () => {
    it('parses *, src.*, struct->* and aliased expressions', () => {
      const q = parseQuery('SELECT *, s.*, a->*, x AS y, z w FROM s;');
      expect(bare(q.select)).to.deep.equal([
        { kind: 'AllColumns' },
        { kind: 'AllColumns', source: 'S' },
        { kind: 'StructAll', base: col('A') },
        { kind: 'SingleColumn', expression: col('X'), alias: 'Y' },
        { kind: 'SingleColumn', expression: col('Z'), alias: 'W' },
      ]);
    });

    it('keeps positions of select items', () => {
      const q = parseQuery('SELECT a,\n   b FROM s;');
      expect(q.select.map((i) => [i.pos.line, i.pos.column])).to.deep.equal([[1, 8], [2, 4]]);
    });
  });

  describe('FROM and joins', () => {
    it('parses a source with and without an alias', () => {
      expect(bare(parseQuery('SELECT * FROM s AS x;').from)).to.deep.equal({ kind: 'AliasedSource', name: 'S', alias: 'X' });
      expect(bare(parseQuery('SELECT * FROM s x;').from)).to.deep.equal({ kind: 'AliasedSource', name: 'S', alias: 'X' });
      expect(bare(parseQuery('SELECT * FROM s;').from)).to.deep.equal({ kind: 'AliasedSource', name: 'S' });
    });

    it('does not take EMIT CHANGES or PARTITION BY for an alias', () => {
      expect(parseQuery('SELECT * FROM s EMIT CHANGES;')).to.deep.include({ emit: 'CHANGES' });
      expect(bare(parseQuery('SELECT * FROM s PARTITION BY a;').partitionBy)).to.deep.equal([col('A')]);
    });

    it('parses every join type', () => {
      const types = ['JOIN', 'INNER JOIN', 'LEFT JOIN', 'LEFT OUTER JOIN', 'RIGHT JOIN', 'RIGHT OUTER JOIN', 'FULL JOIN', 'FULL OUTER JOIN'].map(
        (j) => {
          const from = parseQuery(`SELECT * FROM a ${j} b ON a.id = b.id;`).from;
          return from.kind === 'Join' ? from.joins[0].type : undefined;
        },
      );
      expect(types).to.deep.equal(['INNER', 'INNER', 'LEFT', 'LEFT', 'RIGHT', 'RIGHT', 'OUTER', 'OUTER']);
    });

    it('parses WITHIN with one size, with before/after and with a grace period', () => {
      const within = (w: string) => {
        const from = parseQuery(`SELECT * FROM a JOIN b WITHIN ${w} ON a.id = b.id;`).from;
        return from.kind === 'Join' ? bare(from.joins[0].within) : undefined;
      };
      expect(within('10 SECONDS')).to.deep.equal({ before: dur(10, 'SECONDS', 10_000), after: dur(10, 'SECONDS', 10_000) });
      expect(within('(1 MINUTE, 2 HOURS) GRACE PERIOD 5 MILLISECONDS')).to.deep.equal({
        before: dur(1, 'MINUTES', 60_000),
        after: dur(2, 'HOURS', 7_200_000),
        grace: dur(5, 'MILLISECONDS', 5),
      });
    });

    it('parses n-way joins left to right with ON conditions', () => {
      const from = bare(parseQuery('SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON a.x = c.x;').from) as {
        left: unknown;
        joins: { type: string; source: unknown; on: unknown }[];
      };
      expect(from.left).to.deep.equal({ kind: 'AliasedSource', name: 'A' });
      expect(from.joins.map((j) => [j.type, j.source])).to.deep.equal([
        ['INNER', { kind: 'AliasedSource', name: 'B' }],
        ['LEFT', { kind: 'AliasedSource', name: 'C' }],
      ]);
      expect(from.joins[1].on).to.deep.equal({ kind: 'Comparison', op: 'EQUAL', left: col('X', 'A'), right: col('X', 'C') });
    });
  });

  describe('windows', () => {
    it('parses TUMBLING with RETENTION and GRACE PERIOD', () => {
      const q = parseQuery('SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 HOUR, RETENTION 2 DAYS, GRACE PERIOD 10 MINUTES) GROUP BY k;');
      expect(bare(q.window)).to.deep.equal({
        kind: 'TUMBLING',
        size: dur(1, 'HOURS', 3_600_000),
        retention: dur(2, 'DAYS', 172_800_000),
        grace: dur(10, 'MINUTES', 600_000),
      });
    });

    it('parses HOPPING with ADVANCE BY', () => {
      const q = parseQuery('SELECT k, COUNT(*) FROM s WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY k;');
      expect(bare(q.window)).to.deep.equal({ kind: 'HOPPING', size: dur(30, 'SECONDS', 30_000), advance: dur(10, 'SECONDS', 10_000) });
    });

    it('parses SESSION with a gap', () => {
      const q = parseQuery('SELECT k, COUNT(*) FROM s WINDOW SESSION (5 MINUTES) GROUP BY k;');
      expect(bare(q.window)).to.deep.equal({ kind: 'SESSION', gap: dur(5, 'MINUTES', 300_000) });
    });

    it('accepts and ignores a window name before the window type', () => {
      const q = parseQuery('SELECT k, COUNT(*) FROM s WINDOW w1 TUMBLING (SIZE 1 SECOND) GROUP BY k;');
      expect(bare(q.window)).to.deep.equal({ kind: 'TUMBLING', size: dur(1, 'SECONDS', 1000) });
    });

    it('accepts singular and plural units in any case', () => {
      const q = parseQuery('SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 millisecond) GROUP BY k;');
      expect(bare(q.window)).to.deep.equal({ kind: 'TUMBLING', size: dur(1, 'MILLISECONDS', 1) });
    });
  });

  describe('clauses', () => {
    it('parses WHERE, GROUP BY, HAVING, EMIT FINAL and LIMIT', () => {
      const q = bare(parseQuery('SELECT k, COUNT(*) FROM s WHERE v > 0 GROUP BY k HAVING COUNT(*) > 1 EMIT FINAL LIMIT 3;')) as Record<string, unknown>;
      expect(q.where).to.deep.equal({ kind: 'Comparison', op: 'GREATER_THAN', left: col('V'), right: { kind: 'IntegerLiteral', value: 0 } });
      expect(q.groupBy).to.deep.equal([col('K')]);
      expect(q.having).to.have.property('kind', 'Comparison');
      expect([q.emit, q.limit]).to.deep.equal(['FINAL', 3]);
    });

    it('parses GROUP BY of several expressions and of a parenthesized list', () => {
      expect(bare(parseQuery('SELECT 1 FROM s GROUP BY a, b + 1;').groupBy)).to.deep.equal([
        col('A'),
        { kind: 'ArithmeticBinary', op: '+', left: col('B'), right: { kind: 'IntegerLiteral', value: 1 } },
      ]);
      expect(bare(parseQuery('SELECT 1 FROM s GROUP BY (a, b);').groupBy)).to.deep.equal([col('A'), col('B')]);
      expect(bare(parseQuery('SELECT 1 FROM s GROUP BY (a);').groupBy)).to.deep.equal([col('A')]);
    });

    it('parses PARTITION BY of several expressions', () => {
      expect(bare(parseQuery('SELECT * FROM s PARTITION BY a, b;').partitionBy)).to.deep.equal([col('A'), col('B')]);
    });

    it('marks a SELECT statement without EMIT as a pull query', () => {
      const q = parseQuery("SELECT * FROM t WHERE k = 'a';");
      expect([q.isPullQuery, q.emit]).to.deep.equal([true, undefined]);
    });

    it('marks a SELECT statement with EMIT as a push query', () => {
      const q = parseQuery('SELECT * FROM t EMIT CHANGES;');
      expect([q.isPullQuery, q.emit]).to.deep.equal([false, 'CHANGES']);
    });

    it('makes the query of CREATE ... AS SELECT and INSERT INTO emit CHANGES unless told FINAL', () => {
      const queryOf = (sql: string) => (parseOne(sql) as { query: { isPullQuery: boolean; emit?: string } }).query;
      expect(queryOf('CREATE STREAM o AS SELECT * FROM s;')).to.include({ isPullQuery: false, emit: 'CHANGES' });
      expect(queryOf('INSERT INTO o SELECT * FROM s;')).to.include({ isPullQuery: false, emit: 'CHANGES' });
      expect(queryOf('CREATE TABLE o AS SELECT k, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY k EMIT FINAL;')).to.include({ emit: 'FINAL' });
    });
  });
});
