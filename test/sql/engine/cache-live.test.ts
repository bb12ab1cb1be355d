/**
 * ksqlDB's record cache on the live runtime: an aggregation emits one row per key and commit
 * (`cache.max.bytes.buffering`, 10 MiB by default), every update with 0, and a bad value for the
 * property is refused with its name.
 */
import { expect } from 'chai';
import path from 'node:path';
import type { Fjord } from '../../../core/client/fjord.js';
import { SqlEngine } from '../../../sql/engine/engine.js';
import { LiveRuntime } from '../../../sql/live/live-runtime.js';
import { openFjord, readToEnd } from '../../helpers/embedded.js';
import { until } from '../../helpers/until.js';

describe('SQL aggregations and the record cache (cache.max.bytes.buffering)', function () {
  this.timeout(60_000);

  async function setup(properties: Record<string, string>): Promise<{ fjord: Fjord; engine: SqlEngine; runtime: LiveRuntime }> {
    const { fjord, dataDir } = await openFjord();
    await fjord.admin().createTopics([{ topic: 'clicks', numPartitions: 1 }]);
    const producer = fjord.producer();
    for (const [i, user] of ['u1', 'u2', 'u1', 'u1', 'u2'].entries()) await producer.send({ topic: 'clicks', key: user, value: JSON.stringify({ page: i }), timestamp: 1000 + i });
    await producer.close();
    // A commit interval longer than the test: results can only come from the cache filling or PAUSE.
    const runtime = new LiveRuntime({ fjord, stateDir: path.join(dataDir, 'sql-state'), commitIntervalMs: 600_000 });
    const engine = await SqlEngine.open({ runtime, properties: { 'auto.offset.reset': 'earliest', ...properties } });
    await engine.execute(`CREATE STREAM clicks (user STRING KEY, page INT) WITH (kafka_topic='clicks', value_format='JSON');`);
    return { fjord, engine, runtime };
  }

  async function countAndPause(engine: SqlEngine): Promise<void> {
    const [created] = await engine.execute(`CREATE TABLE per_user AS SELECT user, COUNT(*) AS n FROM clicks GROUP BY user;`);
    const queryId = created?.kind === 'message' ? created.queryId! : '';
    await until('the query processed every click', () => engine.processedRecords(queryId) === 5);
    await engine.execute(`PAUSE ${queryId};`);
  }

  it('emits one row per key when the query commits, by default', async () => {
    const { fjord, engine, runtime } = await setup({});
    await countAndPause(engine);
    expect(await readToEnd(fjord, 'PER_USER', ':')).to.deep.equal(['u1:{"N":3}', 'u2:{"N":2}']);
    await engine.close();
    await runtime.close();
    await fjord.close();
  });

  it("emits every update with 'cache.max.bytes.buffering' = 0 (and its ksql.streams. name)", async () => {
    for (const name of ['cache.max.bytes.buffering', 'ksql.streams.cache.max.bytes.buffering']) {
      const { fjord, engine, runtime } = await setup({ [name]: '0' });
      await countAndPause(engine);
      expect(await readToEnd(fjord, 'PER_USER', ':')).to.deep.equal(['u1:{"N":1}', 'u2:{"N":1}', 'u1:{"N":2}', 'u1:{"N":3}', 'u2:{"N":2}']);
      await engine.close();
      await runtime.close();
      await fjord.close();
    }
  });

  it('refuses a value that is not a whole number of bytes, naming the property', async () => {
    const { fjord, engine, runtime } = await setup({});
    let error: Error | undefined;
    await engine.execute(`SET 'cache.max.bytes.buffering'='10MB';`).catch((e: Error) => { error = e; });
    expect(error?.message).to.equal("Invalid value for property 'cache.max.bytes.buffering': '10MB' is not a whole number of bytes >= 0");
    await engine.close();
    await runtime.close();
    await fjord.close();
    // Given when the engine opens, it is refused when a query would use it.
    const opened = await setup({ 'ksql.streams.cache.max.bytes.buffering': '-1' });
    let refused: Error | undefined;
    await opened.engine.execute(`CREATE TABLE per_user AS SELECT user, COUNT(*) AS n FROM clicks GROUP BY user;`).catch((e: Error) => { refused = e; });
    expect(refused?.message).to.equal("Invalid value for property 'ksql.streams.cache.max.bytes.buffering': '-1' is not a whole number of bytes >= 0");
    await opened.engine.close();
    await opened.runtime.close();
    await opened.fjord.close();
  });
});
