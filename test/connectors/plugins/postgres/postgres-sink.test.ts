import { expect } from 'chai';
import type { Schema, SinkRecord } from '../../../../connectors/api/types.js';
import { decimalSchema, timestampSchema, dateSchema } from '../../../../connectors/api/data/logical-types.js';
import { PostgresSinkConnector } from '../../../../connectors/plugins/postgres/sink/postgres-sink-connector.js';
import { PostgresSinkTask } from '../../../../connectors/plugins/postgres/sink/postgres-sink-task.js';
import type { FjordError } from '../../../../core/errors.js';
import { FakeSinkContext, failure, sinkRecord } from '../fake-context.js';
import { startPostgres, type TestPostgres } from './pglite-server.js';

const userSchema: Schema = {
  type: 'struct',
  name: 'user',
  fields: [
    { field: 'id', schema: { type: 'int32' } },
    { field: 'name', schema: { type: 'string', optional: true } },
    { field: 'score', schema: { type: 'float64', optional: true } },
  ],
};
const idKeySchema: Schema = { type: 'struct', fields: [{ field: 'id', schema: { type: 'int32' } }] };

function user(id: number, name: string | null, offset: bigint, topic = 'users'): SinkRecord {
  return sinkRecord({ id, name, score: id / 2 }, { topic, kafkaOffset: offset, valueSchema: userSchema, key: { id }, keySchema: idKeySchema });
}

function tombstone(id: number, offset: bigint, topic = 'users'): SinkRecord {
  return sinkRecord(null, { topic, kafkaOffset: offset, key: { id }, keySchema: idKeySchema });
}

describe('PostgresSinkTask (PGlite over its socket server)', function () {
  this.timeout(60000);
  let pgdb: TestPostgres;
  let task: PostgresSinkTask | null = null;
  let tableNo = 0;
  let topic: string;

  before(async () => {
    pgdb = await startPostgres();
  });
  after(async () => {
    await pgdb?.close();
  });
  beforeEach(() => {
    topic = `t${++tableNo}`;
  });
  afterEach(async () => {
    await task?.stop();
    task = null;
  });

  async function start(props: Record<string, string>, context?: FakeSinkContext): Promise<PostgresSinkTask> {
    const all = { 'connection.url': pgdb.url, 'connection.backoff.ms': '20', ...props };
    task = new PostgresSinkTask();
    task.initialize(context ?? new FakeSinkContext(all));
    await task.start(all);
    return task;
  }

  /** Stops the task (releasing the only connection) and reads the table. */
  async function rows(sql: string): Promise<Record<string, unknown>[]> {
    await task?.stop();
    task = null;
    return pgdb.query(sql);
  }

  it('creates the table from the value schema (auto.create) and inserts the rows', async () => {
    const t = await start({ 'auto.create': 'true' });
    await t.put([user(1, 'ann', 0n, topic), user(2, null, 1n, topic)]);
    expect(await rows(`SELECT * FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 1, name: 'ann', score: 0.5 },
      { id: 2, name: null, score: 1 },
    ]);
    const columns = await pgdb.query(`SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [topic]);
    expect(columns).to.deep.equal([
      { column_name: 'id', data_type: 'integer', is_nullable: 'NO' },
      { column_name: 'name', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'score', data_type: 'double precision', is_nullable: 'YES' },
    ]);
  });

  it('upserts by record key: the last value of a key wins, within and across puts', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    await t.put([user(1, 'a', 0n, topic), user(2, 'b', 1n, topic), user(1, 'a2', 2n, topic)]);
    await t.put([user(2, 'b2', 3n, topic)]);
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 1, name: 'a2' },
      { id: 2, name: 'b2' },
    ]);
    const pk = await pgdb.query(
      `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [`"${topic}"`],
    );
    expect(pk).to.deep.equal([{ attname: 'id' }]);
  });

  it('deletes the row of a tombstone when delete.enabled, keeping order with writes', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
    await t.put([user(1, 'a', 0n, topic), user(2, 'b', 1n, topic), tombstone(1, 2n, topic), user(3, 'c', 3n, topic), tombstone(3, 4n, topic), user(3, 'c2', 5n, topic)]);
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 2, name: 'b' },
      { id: 3, name: 'c2' },
    ]);
  });

  it('skips tombstones when delete.enabled is false', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    await t.put([user(1, 'a', 0n, topic), tombstone(1, 1n, topic)]);
    expect(await rows(`SELECT id FROM "${topic}"`)).to.deep.equal([{ id: 1 }]);
  });

  it('uses a primitive key as the one column named by pk.fields', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'user_key' });
    const rec = (key: string, n: number, offset: bigint) =>
      sinkRecord({ n }, { topic, key, keySchema: { type: 'string' }, kafkaOffset: offset, valueSchema: { type: 'struct', fields: [{ field: 'n', schema: { type: 'int64' } }] } });
    await t.put([rec('k1', 1, 0n), rec('k2', 2, 1n), rec('k1', 3, 2n)]);
    expect(await rows(`SELECT user_key, n FROM "${topic}" ORDER BY user_key`)).to.deep.equal([
      { user_key: 'k1', n: '3' },
      { user_key: 'k2', n: '2' },
    ]);
  });

  it('keys rows by topic, partition and offset with pk.mode=kafka', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'kafka' });
    await t.put([user(1, 'a', 7n, topic)]);
    await t.put([user(1, 'a-again', 7n, topic)]);
    expect(await rows(`SELECT __connect_topic, __connect_partition, __connect_offset, name FROM "${topic}"`)).to.deep.equal([
      { __connect_topic: topic, __connect_partition: 0, __connect_offset: '7', name: 'a-again' },
    ]);
  });

  it('keys rows by value fields with pk.mode=record_value and updates with insert.mode=update', async () => {
    let t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await t.put([user(1, 'a', 0n, topic), user(2, 'b', 1n, topic)]);
    await t.stop();
    t = await start({ 'insert.mode': 'update', 'pk.mode': 'record_value', 'pk.fields': 'id' });
    await t.put([user(2, 'b-updated', 2n, topic), user(9, 'nobody', 3n, topic)]);
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 1, name: 'a' },
      { id: 2, name: 'b-updated' },
    ]);
  });

  it('adds columns for new optional fields with auto.evolve, and refuses without it, naming table and column', async () => {
    let t = await start({ 'auto.create': 'true' });
    await t.put([user(1, 'a', 0n, topic)]);
    const wider: Schema = { ...userSchema, fields: [...userSchema.fields!, { field: 'email', schema: { type: 'string', optional: true } }] };
    const withEmail = sinkRecord({ id: 2, name: 'b', score: 1, email: 'b@x' }, { topic, kafkaOffset: 1n, valueSchema: wider });
    const err = await failure(() => t.put([user(3, 'c', 2n, topic), withEmail]));
    expect(err.message).to.contain(`table "${topic}"`).and.contain('email').and.contain('auto.evolve');
    await t.stop();
    t = await start({ 'auto.evolve': 'true' });
    await t.put([withEmail]);
    expect(await rows(`SELECT id, email FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 1, email: null },
      { id: 2, email: 'b@x' },
    ]);
  });

  it('fails on a missing table without auto.create', async () => {
    const t = await start({});
    const err = await failure(() => t.put([user(1, 'a', 0n, topic)]));
    expect(err.message).to.contain(`table "${topic}" is missing`).and.contain('auto.create');
  });

  it('writes nothing of a put that fails part-way (one transaction per put)', async () => {
    let t = await start({ 'auto.create': 'true', 'pk.mode': 'record_key' });
    await t.put([user(1, 'a', 0n, topic)]);
    const err = await failure(() => t.put([user(2, 'b', 1n, topic), user(1, 'dup', 2n, topic)]));
    expect(err.message).to.contain(`${topic}-0@1 .. ${topic}-0@2`).and.contain('SQLSTATE 23505');
    await t.stop();
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).to.deep.equal([{ id: 1, name: 'a' }]);
  });

  it('writes schemaless JSON values, numbers as NUMERIC, nested objects as JSONB, and names tables by table.name.format', async () => {
    const t = await start({ 'auto.create': 'true', 'table.name.format': 'kafka_${topic}' });
    await t.put([sinkRecord({ id: 1, price: 9, tags: ['a', 'b'], meta: { ok: true }, note: null }, { topic })]);
    await t.put([sinkRecord({ id: 2, price: 9.5, tags: [], meta: {}, note: 'n' }, { topic }), sinkRecord({ id: 2n ** 70n, price: 0.1, tags: null, meta: null, note: null }, { topic })]);
    expect(await rows(`SELECT * FROM "kafka_${topic}" ORDER BY id`)).to.deep.equal([
      { id: '1', price: '9', tags: ['a', 'b'], meta: { ok: true }, note: null },
      { id: '2', price: '9.5', tags: [], meta: {}, note: 'n' },
      { id: '1180591620717411303424', price: '0.1', tags: null, meta: null, note: null },
    ]);
    const types = await pgdb.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [`kafka_${topic}`]);
    expect(types.map((r) => r.data_type)).to.deep.equal(['numeric', 'numeric', 'jsonb', 'jsonb', 'text']);
  });

  it('writes Decimal, Date and Timestamp logical types exactly', async () => {
    const schema: Schema = {
      type: 'struct',
      fields: [
        { field: 'amount', schema: decimalSchema(2) },
        { field: 'day', schema: dateSchema() },
        { field: 'at', schema: timestampSchema() },
      ],
    };
    const t = await start({ 'auto.create': 'true' });
    await t.put([sinkRecord({ amount: '12345678901234.56', day: new Date(Date.UTC(2024, 1, 29)), at: new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 678)) }, { topic, valueSchema: schema })]);
    expect(await rows(`SELECT amount::text, day::text, at::text FROM "${topic}"`)).to.deep.equal([
      { amount: '12345678901234.56', day: '2024-02-29', at: '2024-02-29 13:14:15.678' },
    ]);
  });

  it('explains a record it cannot map, naming the record', async () => {
    const t = await start({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    const err = await failure(() => t.put([sinkRecord({ id: 1 }, { topic, kafkaOffset: 4n, key: null })]));
    expect(err.message).to.contain(`record ${topic}-0@4`).and.contain('key is null');
    const notStruct = await failure(() => t.put([sinkRecord('text', { topic, kafkaOffset: 5n, key: { id: 1 } })]));
    expect(notStruct.message).to.contain(`record ${topic}-0@5`).and.contain('a string');
  });

  it('with an errant record reporter, reports only the records that fail and writes the rest', async () => {
    const context = new FakeSinkContext({}, true);
    const t = await start({ 'auto.create': 'true', 'pk.mode': 'record_key' }, context);
    await t.put([user(1, 'a', 0n, topic)]);
    const unmappable = sinkRecord({ id: 9 }, { topic, kafkaOffset: 3n, key: null });
    await t.put([user(2, 'b', 1n, topic), user(1, 'dup', 2n, topic), unmappable, user(3, 'c', 4n, topic)]);
    expect(context.reported.map((r) => Number(r.record.kafkaOffset))).to.deep.equal([3, 2]);
    expect(context.reported[0].error.message).to.contain('key is null');
    expect(context.reported[1].error.message).to.contain(`${topic}-0@2`).and.contain('SQLSTATE 23505');
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).to.deep.equal([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ]);
  });

  it('reports a lost connection as retriable and connects again at the next put', async () => {
    const t = await start({ 'auto.create': 'true' });
    await t.put([user(1, 'a', 0n, topic)]);
    await (t as unknown as { client: { end(): Promise<void> } }).client.end(); // the connection drops
    const err = (await failure(() => t.put([user(2, 'b', 1n, topic)]))) as FjordError;
    expect(err.retriable).to.equal(true);
    expect(err.message).to.contain('lost the connection');
    await t.put([user(2, 'b', 1n, topic)]); // the runtime retries the same batch
    expect(await rows(`SELECT id FROM "${topic}" ORDER BY id`)).to.deep.equal([{ id: 1 }, { id: 2 }]);
  });

  it('fails to connect after connection.attempts, naming the URL without its password', async () => {
    const err = await failure(() => start({ 'connection.url': 'postgres://u:secret@127.0.0.1:1/db', 'connection.attempts': '2', 'connection.backoff.ms': '1' }));
    expect(err.message).to.contain('127.0.0.1:1').and.contain('2 attempt').and.not.contain('secret');
    task = null;
  });
});

describe('PostgresSinkConnector configs', () => {
  const base = { 'connection.url': 'postgres://localhost:5432/db' };
  const bad = async (props: Record<string, string>) => (await failure(() => new PostgresSinkConnector().start({ ...base, ...props }))).message;

  it('explains bad configs, naming the key', async () => {
    expect((await failure(() => new PostgresSinkConnector().start({})))).to.have.property('message').that.contains('Missing required configuration "connection.url"');
    expect(await bad({ 'connection.url': 'mysql://x/y' })).to.contain('configuration connection.url');
    expect(await bad({ 'insert.mode': 'merge' })).to.contain('Invalid value merge for configuration insert.mode');
    expect(await bad({ 'pk.mode': 'auto' })).to.contain('configuration pk.mode');
    expect(await bad({ 'delete.enabled': 'true', 'pk.mode': 'record_value' })).to.contain('configuration delete.enabled').and.contain('record_key');
    expect(await bad({ 'insert.mode': 'upsert' })).to.contain('configuration insert.mode').and.contain('pk.mode');
    expect(await bad({ 'pk.mode': 'kafka', 'pk.fields': 'a,b' })).to.contain('configuration pk.fields');
    expect(await bad({ 'batch.size': '0' })).to.contain('configuration batch.size');
  });

  it('accepts jdbc:postgresql:// URLs and gives every task the config', () => {
    const c = new PostgresSinkConnector();
    c.start({ 'connection.url': 'jdbc:postgresql://localhost:5432/db', topics: 'a' });
    expect(c.taskConfigs(2)).to.have.length(2);
  });
});
