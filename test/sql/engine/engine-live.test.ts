import { expect } from 'chai';
import path from 'node:path';
import type { Fjord } from '../../../core/client/fjord.js';
import { SqlEngine } from '../../../sql/engine/engine.js';
import type { StatementResult } from '../../../sql/engine/results.js';
import { LiveRuntime } from '../../../sql/live/live-runtime.js';
import { openFjord } from '../../helpers/embedded.js';
import { until } from '../../helpers/until.js';


async function take(result: StatementResult, n: number): Promise<(readonly unknown[])[]> {
  if (result.kind !== 'stream') throw new Error(`expected a stream result, got ${result.kind}`);
  const rows: (readonly unknown[])[] = [];
  for await (const row of result.rows) {
    rows.push(row);
    if (rows.length >= n) break;
  }
  await result.cancel();
  return rows;
}

describe('SqlEngine on the live runtime (embedded Fjord, real files)', function () {
  this.timeout(90_000);
  let fjord: Fjord;
  let dataDir: string;
  let runtime: LiveRuntime;
  let engine: SqlEngine;

  const open = async () => {
    runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 50 });
    engine = await SqlEngine.open({ runtime });
  };

  beforeEach(async () => {
    ({ fjord, dataDir } = await openFjord());
    await open();
  });

  afterEach(async () => {
    await engine.close();
    await runtime.close();
    await fjord.close();
  });

  it('runs a persistent query, answers push and pull queries, and describes what it runs', async () => {
    await engine.execute(`
      CREATE STREAM clicks (user STRING KEY, page STRING, ms BIGINT) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);
      CREATE TABLE per_user AS SELECT user, COUNT(*) AS n, SUM(ms) AS total FROM clicks GROUP BY user;`);
    await engine.execute(`
      INSERT INTO clicks (user, page, ms) VALUES ('ann', '/a', 10);
      INSERT INTO clicks (user, page, ms) VALUES ('bob', '/b', 5);
      INSERT INTO clicks (user, page, ms) VALUES ('ann', '/c', 7);`);

    let pulled: (readonly unknown[])[] = [];
    await until('the aggregate to reach the pull query', async () => {
      const [r] = await engine.execute(`SELECT user, n, total FROM per_user WHERE user = 'ann';`);
      pulled = r!.kind === 'rows' ? [...r!.rows] : [];
      return pulled.length === 1 && pulled[0]![1] === 2n;
    });
    expect(pulled).to.deep.equal([['ann', 2n, 17n]]);

    await engine.execute(`SET 'auto.offset.reset' = 'earliest';`);
    const [push] = await engine.execute(`SELECT page, ms * 2 AS doubled FROM clicks WHERE ms > 6 EMIT CHANGES LIMIT 2;`);
    expect(push!.kind === 'stream' && push!.columns.map((c) => c.name)).to.deep.equal(['PAGE', 'DOUBLED']);
    expect(await take(push!, 2)).to.deep.equal([['/a', 20n], ['/c', 14n]]);

    const [describe] = await engine.execute(`DESCRIBE per_user;`);
    expect(describe!.kind === 'table' && describe!.rows).to.deep.equal([
      ['ROWTIME', 'BIGINT (system)'], ['USER', 'STRING (primary key)'], ['N', 'BIGINT'], ['TOTAL', 'BIGINT'],
    ]);
    const [queries] = await engine.execute(`SHOW QUERIES;`);
    expect(queries!.kind === 'table' && queries!.rows.map((r) => r[0])).to.deep.equal(['CTAS_PER_USER_0']);
    const [explain] = await engine.execute(`EXPLAIN CTAS_PER_USER_0;`);
    expect(explain!.kind === 'table' && explain!.rows.map((r) => r[0]).join('\n')).to.match(/Sub-topology: 0[\s\S]*Source: .*\[clicks\]/);
  });

  it('re-creates sources and resumes persistent queries from the command topic after a restart', async () => {
    await engine.execute(`
      CREATE STREAM src (id INT KEY, v STRING) WITH (kafka_topic='src', value_format='JSON', partitions=1);
      CREATE STREAM upper AS SELECT id, UCASE(v) AS v FROM src;
      INSERT INTO src (id, v) VALUES (1, 'one');`);
    const upperValues = async (): Promise<string[]> => {
      const values: string[] = [];
      const handle = await runtime.read('UPPER', { fromBeginning: true }, (r) => values.push(r.value?.toString() ?? 'null'));
      await new Promise((r) => setTimeout(r, 300));
      await handle.stop();
      return values;
    };
    await until('the first output', async () => (await upperValues()).length === 1);
    await engine.close();
    await runtime.close();

    await open();
    expect(engine.sourceNames().sort()).to.deep.equal(['SRC', 'UPPER']);
    await engine.execute(`INSERT INTO src (id, v) VALUES (2, 'two');`);
    await until('the resumed query to write the second record', async () => (await upperValues()).length === 2);
    // Resumed from committed offsets: the first record was not processed twice.
    expect(await upperValues()).to.deep.equal(['{"V":"ONE"}', '{"V":"TWO"}']);
  });

  it('TERMINATE stops a query and removes its internal topics and consumer group', async () => {
    await engine.execute(`
      CREATE STREAM ev (k STRING KEY, v INT) WITH (kafka_topic='ev', value_format='JSON', partitions=1);
      CREATE TABLE totals AS SELECT k, SUM(v) AS s FROM ev GROUP BY k;
      INSERT INTO ev (k, v) VALUES ('a', 1);`);
    const app = '_confluent-ksql-default_query_CTAS_TOTALS_0';
    const internal = async () => (await fjord.admin().listTopics()).filter((t) => t.startsWith(`${app}-`));
    await until('the query to create its changelog', async () => (await internal()).length > 0);
    await until('the query to join its group', async () => (await fjord.admin().listGroups()).some((g) => g.groupId === app));
    const [terminated] = await engine.execute(`TERMINATE CTAS_TOTALS_0;`);
    expect(terminated!.kind === 'message' && terminated!.message).to.equal('Query terminated.');
    expect(await internal()).to.deep.equal([]);
    expect((await fjord.admin().listGroups()).map((g) => g.groupId)).to.not.include(app);
    const [queries] = await engine.execute(`SHOW QUERIES;`);
    expect(queries!.kind === 'table' && queries!.rows).to.deep.equal([]);
  });

  it('rejects bad statements with ksqlDB-style messages and keeps earlier statements', async () => {
    let error: Error | null = null;
    try {
      await engine.execute(`CREATE STREAM ok1 (v INT) WITH (kafka_topic='ok1', value_format='JSON');
        CREATE STREAM bad AS SELECT nope FROM ok1;`);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.equal(`Line: 2, Col: 37: SELECT column 'NOPE' cannot be resolved.`);
    expect(engine.sourceNames()).to.deep.equal(['OK1']);
    try {
      await engine.execute(`SELEC 1;`);
      expect.fail('a syntax error must throw');
    } catch (err) {
      expect((err as Error).message).to.match(/^Syntax error at or near 'SELEC' at line 1:1\n.*Expecting {.*'SELECT'/s);
    }
  });
});

describe('SqlEngine with user-defined functions', function () {
  this.timeout(60_000);

  it('registers scalar and aggregate UDFs from a module path and runs them in queries', async () => {
    const { fjord, dataDir } = await openFjord();
    const runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 50 });
    const engine = await SqlEngine.open({ runtime, udfModules: [path.join(import.meta.dirname, '..', 'functions', 'udf-fixtures', 'math-udfs.ts')] });
    try {
      await engine.execute(`
        CREATE STREAM nums (k STRING KEY, a INT, b INT) WITH (kafka_topic='nums', value_format='JSON', partitions=1);
        CREATE TABLE sums AS SELECT k, MY_SUM(CAST(a AS BIGINT), 100) AS s FROM nums GROUP BY k;
        INSERT INTO nums (k, a, b) VALUES ('x', 3, 4);
        INSERT INTO nums (k, a, b) VALUES ('x', 5, 6);`);
      const [described] = await engine.execute(`DESCRIBE FUNCTION multiply;`);
      expect(described!.kind === 'table' && described!.rows.length).to.equal(2);
      await until('the UDAF result', async () => {
        const [r] = await engine.execute(`SELECT s FROM sums WHERE k = 'x';`);
        return r!.kind === 'rows' && r!.rows.length === 1 && r!.rows[0]![0] === 108n;
      });
      await engine.execute(`SET 'auto.offset.reset' = 'earliest';`);
      const [push] = await engine.execute(`SELECT MULTIPLY(a, b) AS p, CONCAT_ALL(k, '-', k) AS c FROM nums EMIT CHANGES LIMIT 2;`);
      expect(await take(push!, 2)).to.deep.equal([[12, 'x-x'], [30, 'x-x']]);
    } finally {
      await engine.close();
      await runtime.close();
      await fjord.close();
    }
  });

  it('names the module and what is wrong when a UDF module is bad', async () => {
    const { fjord, dataDir } = await openFjord();
    const runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state') });
    try {
      const bad = path.join(import.meta.dirname, '..', 'functions', 'udf-fixtures', 'missing-fn.ts');
      let message = '';
      await SqlEngine.open({ runtime, udfModules: [bad] }).catch((err: Error) => (message = err.message));
      expect(message).to.include('missing-fn.ts');
    } finally {
      await runtime.close();
      await fjord.close();
    }
  });
});

describe('the SQL statements fjord dev suggests', function () {
  this.timeout(60_000);

  it('run on datagen-shaped pageviews (lower-case JSON fields, a string key)', async () => {
    const { fjord, dataDir } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'pageviews', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (let i = 0; i < 4; i++) {
      await producer.send({ topic: 'pageviews', key: String(1 + 10 * i), value: JSON.stringify({ viewtime: 1 + 10 * i, userid: `User_${i % 2}`, pageid: `Page_${i % 2}` }), timestamp: 1_000 + i });
    }
    await producer.close();
    const runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 50 });
    const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest' } });
    try {
      await engine.execute(`CREATE STREAM pageviews (viewtime BIGINT, userid STRING, pageid STRING) WITH (kafka_topic='pageviews', value_format='JSON');`);
      const [rows] = await engine.execute(`SELECT userid, pageid FROM pageviews EMIT CHANGES LIMIT 2;`);
      expect(await take(rows!, 2)).to.deep.equal([['User_0', 'Page_0'], ['User_1', 'Page_1']]);
      // Every update, not one result per key and commit (ksqlDB's default cache): a deterministic test.
      await engine.execute(`SET 'cache.max.bytes.buffering'='0';`);
      const [counts] = await engine.execute(`SELECT pageid, COUNT(*) AS views FROM pageviews WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY pageid EMIT CHANGES;`);
      expect(await take(counts!, 4)).to.deep.equal([['Page_0', 1n], ['Page_1', 1n], ['Page_0', 2n], ['Page_1', 2n]]);
    } finally {
      await engine.close();
      await runtime.close();
      await fjord.close();
    }
  });
});
