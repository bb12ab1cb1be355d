import { expect } from 'chai';
import { SqlEngine } from '../../../sql/engine/engine.js';
import { mentionedColumnNames, unreadValueColumns } from '../../../sql/engine/planner/referenced.js';
import { TestRuntime } from '../../../sql/testing/test-runtime.js';
import type { DataSource } from '../../../sql/engine/catalog.js';
import { parseQuery } from '../parse-helpers.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('sql/engine: value columns a query does not read', () => {
  it('counts every column name a query mentions, and none for SELECT *', () => {
    const q = parseQuery('SELECT a, f(b) + 1 AS x, c->d FROM s WHERE e > 1 PARTITION BY g;');
    expect([...mentionedColumnNames(q)!].sort()).to.deep.equal(['A', 'B', 'C', 'E', 'G']);
    expect(mentionedColumnNames(parseQuery('SELECT a, * FROM s;'))).to.equal(null);
    expect(mentionedColumnNames(parseQuery('SELECT s.* FROM s;'))).to.equal(null);
    const ds = {
      valueColumns: ['A', 'B', 'TS', 'Z'].map((name) => ({ name, type: { kind: 'INTEGER' } })),
      timestampColumn: { name: 'TS' },
    } as unknown as DataSource;
    expect(unreadValueColumns(ds, parseQuery('SELECT a FROM s WHERE b = 1;'))).to.deep.equal([3]);
    // Rows a window refuses are shown whole (lateRecords): nothing is skipped.
    expect(unreadValueColumns(ds, parseQuery('SELECT a, COUNT(*) FROM s WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY a;'))).to.deep.equal([]);
  });

  it('still refuses records whose unread columns cannot be read, and writes the same rows', async () => {
    const rt = new TestRuntime();
    const engine = await SqlEngine.open({ runtime: rt, properties: { 'auto.offset.reset': 'earliest' } });
    try {
      await engine.execute(`CREATE STREAM s (k STRING KEY, id INT, amount DOUBLE, note STRING, n INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);`);
      await engine.execute(`CREATE STREAM o AS SELECT k, id, amount * 2 AS twice FROM s WHERE amount > 1;`);
      await engine.execute(`CREATE STREAM every AS SELECT * FROM s;`);
      const values = [
        '{"ID":1,"AMOUNT":2.5,"NOTE":"a","N":5}',
        '{"ID":2,"AMOUNT":3,"NOTE":"b","N":"x"}', // N is not an INT: the record is refused
        '{"ID":3,"AMOUNT":4,"NOTE":{"x":[1]},"N":"7"}', // coerced: NOTE as text, N from a string
        '{"ID":4,"AMOUNT":5,"NOTE":"c","N":1', // malformed
        '{"id":5,"amount":6,"note":"d\\u00e9"}',
        '{"ID":6,"AMOUNT":0.5,"NOTE":"e","N":2}',
      ];
      await rt.produce('s', values.map((v, i) => ({ key: bytes(`k${i}`), value: bytes(v), timestamp: i, headers: [] })));
      await rt.runQueries();
      const out = (topic: string): string[] => rt.records(topic).map((r) => `${r.key?.toString()} ${r.value?.toString()}`);
      expect(out('O')).to.deep.equal(['k0 {"ID":1,"TWICE":5.0}', 'k2 {"ID":3,"TWICE":8.0}', 'k4 {"ID":5,"TWICE":12.0}']);
      expect(out('EVERY')).to.deep.equal([
        'k0 {"ID":1,"AMOUNT":2.5,"NOTE":"a","N":5}',
        'k2 {"ID":3,"AMOUNT":4.0,"NOTE":"{\\"x\\":[1]}","N":7}',
        'k4 {"ID":5,"AMOUNT":6.0,"NOTE":"dé","N":null}',
        'k5 {"ID":6,"AMOUNT":0.5,"NOTE":"e","N":2}',
      ]);
    } finally {
      await engine.close();
      await rt.close();
    }
  });
});
