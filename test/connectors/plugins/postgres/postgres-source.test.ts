import { expect } from 'chai';
import type { SourceRecord } from '../../../../connectors/api/types.js';
import { PostgresSourceConnector } from '../../../../connectors/plugins/postgres/source/postgres-source-connector.js';
import { PostgresSourceTask } from '../../../../connectors/plugins/postgres/source/postgres-source-task.js';
import { microsToIso, offsetToPosition, positionToOffset } from '../../../../connectors/plugins/postgres/source/source-offsets.js';
import { FakeOffsetStore, failure, startSource } from '../fake-context.js';
import { startPostgres, type TestPostgres } from './pglite-server.js';

/** Polls until `want` records came, or fails after a bounded number of polls. */
async function pollN(task: PostgresSourceTask, want: number, pollsMax = 50): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (let i = 0; i < pollsMax && out.length < want; i++) out.push(...((await task.poll()) ?? []));
  if (out.length < want) throw new Error(`expected ${want} records, got ${out.length}`);
  return out;
}

describe('PostgresSourceTask (PGlite over its socket server)', function () {
  this.timeout(60000);
  let pgdb: TestPostgres;
  let task: PostgresSourceTask | null = null;
  let n = 0;
  let table: string;

  before(async () => {
    pgdb = await startPostgres();
  });
  after(async () => {
    await pgdb?.close();
  });
  beforeEach(() => {
    table = `src${++n}`;
  });
  afterEach(async () => {
    await task?.stop();
    task = null;
  });

  async function start(props: Record<string, string>, store = new FakeOffsetStore()): Promise<PostgresSourceTask> {
    task = await startSource(new PostgresSourceTask(), { 'connection.url': pgdb.url, 'topic.prefix': 'pg-', tables: table, 'poll.interval.ms': '0', ...props }, store);
    return task;
  }

  /** Stops the task, so the test can use the only connection. */
  async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    await task?.stop();
    task = null;
    return pgdb.query(text, params);
  }

  it('reads new rows by an incrementing column, in batches, as structs named after the table', async () => {
    await sql(`CREATE TABLE ${table} (id SERIAL PRIMARY KEY, name TEXT NOT NULL)`);
    await sql(`INSERT INTO ${table} (name) SELECT 'n' || g FROM generate_series(1, 5) g`);
    const t = await start({ mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '2' });
    const sizes = [];
    const records: SourceRecord[] = [];
    while (records.length < 5) {
      const batch = (await t.poll()) ?? [];
      sizes.push(batch.length);
      records.push(...batch);
    }
    expect(sizes.slice(0, 3)).to.deep.equal([2, 2, 1]);
    expect(records.map((r) => r.value)).to.deep.equal([1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` })));
    expect(records[4].sourceOffset).to.deep.equal({ incrementing: 5 });
    expect(records[0].sourcePartition).to.deep.equal({ table });
    expect(records[0].topic).to.equal(`pg-${table}`);
    expect(records[0].valueSchema?.name).to.equal(table);
    expect(records[0].valueSchema?.fields?.map((f) => [f.field, f.schema.type])).to.deep.equal([['id', 'int32'], ['name', 'string']]);
    expect(await t.poll()).to.equal(null);
  });

  it('continues after a restart from the stored offset', async () => {
    await sql(`CREATE TABLE ${table} (id BIGSERIAL PRIMARY KEY, v TEXT)`);
    await sql(`INSERT INTO ${table} (v) VALUES ('a'), ('b'), ('c')`);
    const store = new FakeOffsetStore();
    const first = await start({ mode: 'incrementing', 'incrementing.column.name': 'id' }, store);
    const got = await pollN(first, 3);
    store.commit(got.slice(0, 2));
    await sql(`INSERT INTO ${table} (v) VALUES ('d')`);
    const second = await start({ mode: 'incrementing', 'incrementing.column.name': 'id' }, store);
    expect((await pollN(second, 2)).map((r) => (r.value as { v: string }).v)).to.deep.equal(['c', 'd']);
  });

  it('re-reads updated rows in timestamp+incrementing mode, keeping microsecond offsets', async () => {
    await sql(`CREATE TABLE ${table} (id INT PRIMARY KEY, v TEXT, updated_at TIMESTAMP NOT NULL)`);
    await sql(`INSERT INTO ${table} VALUES (1, 'a', '2024-01-01 00:00:00.000001'), (2, 'b', '2024-01-01 00:00:00.000001'), (3, 'c', '2024-01-02 00:00:00')`);
    const store = new FakeOffsetStore();
    const props = { mode: 'timestamp+incrementing', 'incrementing.column.name': 'id', 'timestamp.column.name': 'updated_at', 'batch.max.rows': '2' };
    const t = await start(props, store);
    const records = await pollN(t, 3);
    expect(records.map((r) => (r.value as { id: number }).id)).to.deep.equal([1, 2, 3]);
    expect(records[0].sourceOffset).to.deep.equal({ incrementing: 1, timestamp: Date.UTC(2024, 0, 1), timestamp_nanos: 1000 });
    expect((records[0].value as { updated_at: Date }).updated_at).to.deep.equal(new Date(Date.UTC(2024, 0, 1)));
    store.commit(records);
    await sql(`UPDATE ${table} SET v = 'a2', updated_at = '2024-01-03 00:00:00' WHERE id = 1`);
    const again = await start(props, store);
    const changed = await pollN(again, 1);
    expect(changed.map((r) => r.value)).to.deep.include({ id: 1, v: 'a2', updated_at: new Date(Date.UTC(2024, 0, 3)) });
    expect(await again.poll()).to.equal(null);
  });

  it('does not lose rows sharing one timestamp across a batch boundary in timestamp mode', async () => {
    await sql(`CREATE TABLE ${table} (id INT, ts TIMESTAMPTZ)`);
    await sql(`INSERT INTO ${table} SELECT g, '2024-05-05 10:00:00+00' FROM generate_series(1, 5) g`);
    await sql(`INSERT INTO ${table} VALUES (6, '2024-05-05 11:00:00+00'), (7, '2024-05-05 11:00:00+00')`);
    const t = await start({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'batch.max.rows': '3' });
    const records = await pollN(t, 7);
    expect(records.map((r) => (r.value as { id: number }).id).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(await t.poll()).to.equal(null);
  });

  it('starts after timestamp.initial when there is no stored offset', async () => {
    await sql(`CREATE TABLE ${table} (id INT, ts TIMESTAMP)`);
    await sql(`INSERT INTO ${table} VALUES (1, '2020-01-01'), (2, '2021-01-01'), (3, '2022-01-01')`);
    const t = await start({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'timestamp.initial': String(Date.UTC(2020, 6, 1)) });
    expect((await pollN(t, 2)).map((r) => (r.value as { id: number }).id)).to.deep.equal([2, 3]);
    expect(await t.poll()).to.equal(null);
  });

  it('leaves rows newer than timestamp.delay.interval.ms for later', async () => {
    await sql(`CREATE TABLE ${table} (id INT, ts TIMESTAMP)`);
    await sql(`INSERT INTO ${table} VALUES (1, now() - interval '1 hour'), (2, now())`);
    const t = await start({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'timestamp.delay.interval.ms': '600000' });
    expect((await pollN(t, 1)).map((r) => (r.value as { id: number }).id)).to.deep.equal([1]);
    expect(await t.poll()).to.equal(null);
  });

  it('reads the whole table every poll.interval.ms in bulk mode, through a cursor', async () => {
    await sql(`CREATE TABLE ${table} (id INT)`);
    await sql(`INSERT INTO ${table} SELECT g FROM generate_series(1, 5) g`);
    const t = await start({ mode: 'bulk', 'batch.max.rows': '2' });
    const rounds = await pollN(t, 10);
    expect(rounds.map((r) => (r.value as { id: number }).id)).to.deep.equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    expect(rounds[0].sourceOffset).to.deep.equal({});
  });

  it('reads a custom query into topic.prefix, with the query as source partition', async () => {
    await sql(`CREATE TABLE ${table} (id INT, kind TEXT)`);
    await sql(`INSERT INTO ${table} VALUES (1, 'x'), (2, 'y'), (3, 'x')`);
    const query = `SELECT id, upper(kind) AS kind FROM ${table} WHERE kind = 'x'`;
    const t = await start({ mode: 'incrementing', 'incrementing.column.name': 'id', query, 'topic.prefix': 'only-x', tables: '' });
    const records = await pollN(t, 2);
    expect(records.map((r) => r.value)).to.deep.equal([{ id: 1, kind: 'X' }, { id: 3, kind: 'X' }]);
    expect(records[0].topic).to.equal('only-x');
    expect(records[0].sourcePartition).to.deep.equal({ query });
  });

  it('maps column types to Connect: int8 beyond 2^53, NUMERIC(p,s) as Decimal, dates, bytes, json as text', async () => {
    await sql(`CREATE TABLE ${table} (id BIGINT, big BIGINT, price NUMERIC(12,2), day DATE, ok BOOLEAN, raw BYTEA, doc JSONB, f REAL)`);
    await sql(`INSERT INTO ${table} VALUES (1, 9223372036854775807, 1234567890.12, '2024-02-29', true, '\\x6869', '{"a": 1}', 1.5)`);
    const t = await start({ mode: 'bulk' });
    const [record] = await pollN(t, 1);
    expect(record.value).to.deep.equal({
      id: 1,
      big: 9223372036854775807n,
      price: '1234567890.12',
      day: new Date(Date.UTC(2024, 1, 29)),
      ok: true,
      raw: Buffer.from('hi'),
      doc: '{"a": 1}',
      f: 1.5,
    });
    const types = Object.fromEntries(record.valueSchema!.fields!.map((f) => [f.field, f.schema.name ?? f.schema.type]));
    expect(types).to.deep.equal({
      id: 'int64', big: 'int64', price: 'org.apache.kafka.connect.data.Decimal', day: 'org.apache.kafka.connect.data.Date',
      ok: 'boolean', raw: 'bytes', doc: 'string', f: 'float32',
    });
    expect(record.valueSchema!.fields![2].schema.parameters).to.deep.equal({ scale: '2' });
  });

  it('connects again after losing its connection and continues where it was', async () => {
    await sql(`CREATE TABLE ${table} (id INT)`);
    await sql(`INSERT INTO ${table} VALUES (1), (2), (3)`);
    const t = await start({ mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '2' });
    expect((await t.poll())?.length).to.equal(2);
    await (t as unknown as { client: { end(): Promise<void> } }).client.end(); // the connection drops
    expect(await t.poll()).to.equal(null);
    expect((await pollN(t, 1)).map((r) => r.value)).to.deep.equal([{ id: 3 }]);
  });

  it('names the incrementing column a custom query does not return', async () => {
    await sql(`CREATE TABLE ${table} (id INT, v TEXT)`);
    await sql(`INSERT INTO ${table} VALUES (1, 'a')`);
    const t = await start({ mode: 'incrementing', 'incrementing.column.name': 'id', query: `SELECT id AS ident, v FROM ${table}`, tables: '' });
    const err = await failure(() => t.poll());
    expect(err.message).to.contain('reading the query failed').and.contain('column "id" does not exist');
  });

  it('names the table and Postgres reason when a query fails', async () => {
    const t = await start({ mode: 'incrementing', 'incrementing.column.name': 'id', tables: 'no_such_table' });
    const err = await failure(() => t.poll());
    expect(err.message).to.contain('table no_such_table').and.contain('SQLSTATE 42P01');
  });
});

describe('PostgresSourceConnector', function () {
  this.timeout(60000);
  let pgdb: TestPostgres;
  before(async () => {
    pgdb = await startPostgres();
    await pgdb.query('CREATE TABLE IF NOT EXISTS alpha (id INT); CREATE TABLE IF NOT EXISTS beta (id INT); CREATE TABLE IF NOT EXISTS gamma (id INT)');
  });
  after(async () => {
    await pgdb?.close();
  });

  it('lists the tables of the schema when no include list is set and deals them over tasks', async () => {
    const c = new PostgresSourceConnector();
    await c.start({ 'connection.url': pgdb.url, mode: 'bulk', 'topic.prefix': 'p-', 'table.exclude.list': 'beta' });
    // Other test files share this database, so more tables may exist; ours must be dealt correctly.
    const [all] = c.taskConfigs(1).map((t) => t.tables.split(','));
    expect(all).to.include.members(['alpha', 'gamma']).and.not.include('beta');
    expect(all).to.deep.equal([...all].sort());
    const two = c.taskConfigs(2).map((t) => t.tables.split(','));
    expect(two[0]).to.deep.equal(all.filter((_, i) => i % 2 === 0));
    expect(two[1]).to.deep.equal(all.filter((_, i) => i % 2 === 1));
  });

  it('uses table.whitelist without connecting, and one task for a query', async () => {
    const c = new PostgresSourceConnector();
    await c.start({ 'connection.url': 'postgres://127.0.0.1:1/none', mode: 'bulk', 'topic.prefix': 'p-', 'table.whitelist': 'a,b,c' });
    expect(c.taskConfigs(2).map((t) => t.tables)).to.deep.equal(['a,c', 'b']);
    const q = new PostgresSourceConnector();
    await q.start({ 'connection.url': 'postgres://127.0.0.1:1/none', mode: 'bulk', 'topic.prefix': 'q', query: 'SELECT 1' });
    expect(q.taskConfigs(4)).to.have.length(1);
  });

  it('explains bad configs, naming the key', async () => {
    const base = { 'connection.url': 'postgres://127.0.0.1:1/none', 'topic.prefix': 'p-', 'table.whitelist': 'a' };
    const bad = async (props: Record<string, string>) => (await failure(() => new PostgresSourceConnector().start({ ...base, ...props }))).message;
    expect(await bad({})).to.contain('Missing required configuration "mode"');
    expect(await bad({ mode: 'changes' })).to.contain('Invalid value changes for configuration mode');
    expect(await bad({ mode: 'incrementing' })).to.contain('configuration incrementing.column.name');
    expect(await bad({ mode: 'timestamp' })).to.contain('configuration timestamp.column.name');
    expect(await bad({ mode: 'bulk', query: 'SELECT 1' })).to.contain('configuration query');
    expect(await bad({ mode: 'bulk', 'poll.interval.ms': 'often' })).to.contain('configuration poll.interval.ms');
    const { 'topic.prefix': _, ...noPrefix } = base;
    expect((await failure(() => new PostgresSourceConnector().start({ ...noPrefix, mode: 'bulk' }))).message).to.contain('Missing required configuration "topic.prefix"');
  });
});

describe('Postgres source offsets', () => {
  it('store microseconds as Confluent-style timestamp (ms) and timestamp_nanos, and read them back', () => {
    const us = Date.UTC(2024, 0, 1) * 1000 + 123456;
    const offset = positionToOffset({ timestampUs: us, incrementing: 7 });
    expect(offset).to.deep.equal({ incrementing: 7, timestamp: Date.UTC(2024, 0, 1) + 123, timestamp_nanos: 123456000 });
    expect(offsetToPosition(offset, 'x')).to.deep.equal({ timestampUs: us, incrementing: 7 });
    expect(microsToIso(us)).to.equal('2024-01-01T00:00:00.123456Z');
    expect(() => offsetToPosition({ incrementing: 'seven' }, 'table t')).to.throw(/table t.*incrementing/);
  });
});
