import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import type { Schema, SinkRecord } from '../../../../connectors/api/types.js';
import { timestampSchema } from '../../../../connectors/api/data/logical-types.js';
import { ArrowSinkConnector } from '../../../../connectors/plugins/arrow/arrow-sink-connector.js';
import { ArrowSinkTask } from '../../../../connectors/plugins/arrow/arrow-sink-task.js';
import { ArrowSourceTask } from '../../../../connectors/plugins/arrow/arrow-source-task.js';
import { arrowFileName, parseArrowFileName } from '../../../../connectors/plugins/arrow/file-names.js';
import { inferColumns } from '../../../../connectors/plugins/arrow/column-model.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { FakeOffsetStore, FakeSinkContext, failure, pollRecords, sinkRecord, startSource } from '../fake-context.js';

const orderSchema: Schema = {
  type: 'struct',
  name: 'order',
  fields: [
    { field: 'id', schema: { type: 'int64' } },
    { field: 'item', schema: { type: 'string', optional: true } },
    { field: 'qty', schema: { type: 'int32' } },
    { field: 'price', schema: { type: 'float64', optional: true } },
    { field: 'at', schema: timestampSchema(true) },
  ],
};

function order(id: number, offset: bigint, partition = 0, topic = 'orders'): SinkRecord {
  return sinkRecord(
    { id, item: `item-${id}`, qty: id * 2, price: id + 0.5, at: new Date(Date.UTC(2024, 0, 1, 0, 0, id)) },
    { topic, kafkaPartition: partition, kafkaOffset: offset, valueSchema: orderSchema, key: `k${id}`, timestamp: 1_700_000_000_000 + id },
  );
}

const readTable = (file: string) => arrow.tableFromIPC(fs.readFileSync(file));
const visible = (dir: string) => fs.readdirSync(dir).filter((f) => !f.startsWith('.')).sort();

async function startSink(props: Record<string, string>): Promise<ArrowSinkTask> {
  const task = new ArrowSinkTask();
  task.initialize(new FakeSinkContext(props));
  await task.start(props);
  return task;
}

describe('ArrowSinkTask', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(tmpDir(), 'out');
  });

  it('writes Arrow IPC files of rotate.records records, named to sort by topic, partition and offset', async () => {
    const task = await startSink({ path: dir, 'rotate.records': '2' });
    await task.put([order(1, 10n), order(2, 11n), order(3, 12n), order(4, 0n, 1), order(5, 13n)]);
    expect(visible(dir)).to.deep.equal([
      'orders+0000000000+00000000000000000010.arrow',
      'orders+0000000000+00000000000000000012.arrow',
    ]);
    const table = readTable(path.join(dir, visible(dir)[0]));
    expect(table.numRows).to.equal(2);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).to.deep.equal([
      'id:Int64:false', 'item:Utf8:true', 'qty:Int32:false', 'price:Float64:true', 'at:Timestamp<MILLISECOND>:true',
      '__kafka_offset:Int64:false', '__kafka_timestamp:Timestamp<MILLISECOND>:true', '__kafka_key:Utf8:true',
    ]);
    expect(table.get(1)!.toJSON()).to.deep.equal({
      id: 2n, item: 'item-2', qty: 4, price: 2.5, at: Date.UTC(2024, 0, 1, 0, 0, 2),
      __kafka_offset: 11n, __kafka_timestamp: 1_700_000_000_002, __kafka_key: 'k2',
    });
  });

  it('lets offsets commit only up to completed files, and asks for a commit when one completes', async () => {
    const context = new FakeSinkContext({});
    const task = new ArrowSinkTask();
    task.initialize(context);
    await task.start({ path: dir, 'rotate.records': '2', 'rotate.interval.ms': '0' });
    await task.put([order(1, 10n)]);
    expect(context.commitsRequested).to.equal(0);
    await task.put([order(2, 11n), order(3, 12n), order(4, 0n, 1), order(5, 0n, 2), order(6, 1n, 2)]);
    expect(context.commitsRequested).to.equal(2);
    const committed = await task.preCommit!([
      { topic: 'orders', partition: 0, offset: 13n },
      { topic: 'orders', partition: 1, offset: 1n },
      { topic: 'orders', partition: 2, offset: 2n },
      { topic: 'orders', partition: 3, offset: 5n },
    ]);
    expect(committed).to.deep.equal([
      { topic: 'orders', partition: 0, offset: 12n }, // offset 12 is still in memory
      { topic: 'orders', partition: 2, offset: 2n }, // its file is complete
      { topic: 'orders', partition: 3, offset: 5n }, // nothing of it waits here
    ]);
    await task.flush!([]);
    expect(visible(dir)).to.have.length(4);
  });

  it('writes a completed file while later records arrive, committing its offsets only once it is on disk', async () => {
    const context = new FakeSinkContext({});
    const task = new ArrowSinkTask();
    task.initialize(context);
    await task.start({ path: dir, 'rotate.records': '2' });
    await task.put([order(1, 10n), order(2, 11n), order(3, 12n)]);
    const wanted = [{ topic: 'orders', partition: 0, offset: 13n }];
    expect(await task.preCommit!(wanted)).to.deep.equal([]); // the file of 10-11 is still being written
    for (let i = 0; i < 500 && context.commitsRequested === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(context.commitsRequested).to.equal(1);
    expect(visible(dir)).to.deep.equal(['orders+0000000000+00000000000000000010.arrow']);
    expect(await task.preCommit!(wanted)).to.deep.equal([{ topic: 'orders', partition: 0, offset: 12n }]);
  });

  it('fails put and preCommit when a file cannot be written, and never commits its offsets', async () => {
    const task = await startSink({ path: dir, 'rotate.records': '2' });
    fs.rmSync(dir, { recursive: true });
    expect((await failure(() => task.put([order(1, 0n), order(2, 1n)]))).message).to.contain('ENOENT');
    expect((await failure(() => task.preCommit!([{ topic: 'orders', partition: 0, offset: 2n }]))).message).to.contain('ENOENT');
  });

  it('completes a file at rotate.bytes and at rotate.interval.ms', async () => {
    // stop() drops what is not complete and waits for the file being written.
    let task = await startSink({ path: dir, 'rotate.bytes': '100' });
    await task.put([order(1, 0n), order(2, 1n), order(3, 2n)]);
    await task.stop();
    expect(visible(dir).length).to.be.greaterThan(0);
    const bySize = visible(dir).length;
    task = await startSink({ path: dir, 'rotate.interval.ms': '1' });
    await task.put([order(9, 0n, 5)]);
    await new Promise((r) => setTimeout(r, 5));
    await task.preCommit!([]);
    await task.stop();
    expect(visible(dir).length).to.equal(bySize + 1);
  });

  it('starts a new file when the value schema changes', async () => {
    const task = await startSink({ path: dir });
    const v2: Schema = { type: 'struct', fields: [{ field: 'id', schema: { type: 'int64' } }] };
    await task.put([order(1, 0n), sinkRecord({ id: 2 }, { topic: 'orders', kafkaOffset: 1n, valueSchema: v2 })]);
    await task.flush!([]);
    expect(visible(dir)).to.deep.equal(['orders+0000000000+00000000000000000000.arrow', 'orders+0000000000+00000000000000000001.arrow']);
    expect(readTable(path.join(dir, visible(dir)[1])).schema.fields[0].name).to.equal('id');
  });

  it('infers columns from schemaless JSON values and writes primitive values to a value column', async () => {
    const task = await startSink({ path: dir, 'metadata.columns': 'false' });
    await task.put([
      sinkRecord({ n: 1, x: 1, tags: ['a'], s: 'a' }, { topic: 'json', kafkaOffset: 0n }),
      sinkRecord({ n: 2, x: 1.5, tags: null, s: 5 }, { topic: 'json', kafkaOffset: 1n }),
      sinkRecord('plain', { topic: 'text', kafkaOffset: 0n }),
    ]);
    await task.flush!([]);
    const json = readTable(path.join(dir, arrowFileName({ topic: 'json', partition: 0, startOffset: 0n })));
    expect(json.schema.fields.map((f) => `${f.name}:${f.type}`)).to.deep.equal(['n:Int64', 'x:Float64', 'tags:Utf8', 's:Utf8']);
    expect(json.toArray().map((r) => r.toJSON())).to.deep.equal([
      { n: 1n, x: 1, tags: '["a"]', s: '"a"' },
      { n: 2n, x: 1.5, tags: null, s: '5' },
    ]);
    const text = readTable(path.join(dir, arrowFileName({ topic: 'text', partition: 0, startOffset: 0n })));
    expect(text.get(0)!.toJSON()).to.deep.equal({ value: 'plain' });
  });

  it('writes to a declared arrow.schema and names a record missing a required field', async () => {
    const schema = '{"type":"struct","fields":[{"field":"id","type":"int64"},{"field":"name","type":"string","optional":true}]}';
    const task = await startSink({ path: dir, 'arrow.schema': schema });
    await task.put([sinkRecord({ id: 1, name: 'a', extra: true }, { topic: 'd', kafkaOffset: 0n })]);
    await task.flush!([]);
    const table = readTable(path.join(dir, visible(dir)[0]));
    expect(table.schema.fields.slice(0, 2).map((f) => `${f.name}:${f.type}:${f.nullable}`)).to.deep.equal(['id:Int64:false', 'name:Utf8:true']);
    const err = await failure(() => task.put([sinkRecord({ name: 'no id' }, { topic: 'd', kafkaOffset: 1n })]));
    expect(err.message).to.contain('record d-0@1').and.contain('"id"');
  });

  it('sends records that do not fit the schema to the errant record reporter when there is one', async () => {
    const schema = '{"type":"struct","fields":[{"field":"id","type":"int64"}]}';
    const context = new FakeSinkContext({}, true);
    const task = new ArrowSinkTask();
    task.initialize(context);
    await task.start({ path: dir, 'arrow.schema': schema });
    await task.put([sinkRecord({ id: 1 }, { topic: 'd', kafkaOffset: 0n }), sinkRecord({ x: 1 }, { topic: 'd', kafkaOffset: 1n }), sinkRecord({ id: 3 }, { topic: 'd', kafkaOffset: 2n })]);
    await task.flush!([]);
    expect(context.reported.map((r) => r.record.kafkaOffset)).to.deep.equal([1n]);
    expect(readTable(path.join(dir, visible(dir)[0])).toArray().map((r) => r.toJSON().id)).to.deep.equal([1n, 3n]);
  });

  it('starts the run again when offsets go back (a rewind), and open() clears leftover temp files', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.orders+0000000000+00000000000000000000.arrow.123-ab.tmp'), 'partial');
    const task = await startSink({ path: dir });
    await task.open!([{ topic: 'orders', partition: 0 }]);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
    await task.put([order(1, 5n), order(2, 6n)]);
    await task.put([order(1, 5n)]);
    await task.flush!([]);
    expect(readTable(path.join(dir, visible(dir)[0])).numRows).to.equal(1);
  });

  it('explains bad configs, naming the key', async () => {
    const bad = async (props: Record<string, string>) => (await failure(() => new ArrowSinkConnector().start(props))).message;
    expect(await bad({})).to.contain('Missing required configuration "path"');
    expect(await bad({ path: dir, 'rotate.records': '0' })).to.contain('configuration rotate.records');
    expect(await bad({ path: dir, 'arrow.schema': '{"type":"struct","fields":[{"field":"a","type":"int"}]}' })).to.contain('configuration arrow.schema').and.contain('"a"');
    expect(await bad({ path: dir, 'arrow.schema': 'nope' })).to.contain('not valid JSON');
  });
});

describe('ArrowSourceTask', () => {
  let dir: string;
  let source: ArrowSourceTask | null = null;
  beforeEach(() => {
    dir = path.join(tmpDir(), 'files');
  });
  afterEach(async () => {
    await source?.stop();
    source = null;
  });

  async function writeOrders(records: SinkRecord[]): Promise<void> {
    const sink = await startSink({ path: dir, 'rotate.records': '2' });
    await sink.put(records);
    await sink.flush!([]);
  }

  it('reads the files back in order as records with schema, key and timestamp', async () => {
    await writeOrders([order(1, 0n), order(2, 1n), order(3, 2n), order(4, 0n, 1)]);
    source = await startSource(new ArrowSourceTask(), { path: dir, 'poll.interval.ms': '10' });
    const records = await pollRecords(source, 4);
    expect(records.map((r) => [r.topic, r.kafkaPartition, (r.value as { id: number }).id])).to.deep.equal([
      ['orders', 0, 1], ['orders', 0, 2], ['orders', 0, 3], ['orders', 1, 4],
    ]);
    expect(records[0].value).to.deep.equal({ id: 1, item: 'item-1', qty: 2, price: 1.5, at: new Date(Date.UTC(2024, 0, 1, 0, 0, 1)) });
    expect(records[0].key).to.equal('k1');
    expect(records[0].timestamp).to.equal(1_700_000_000_001);
    expect(records[0].valueSchema?.fields?.map((f) => f.schema.name ?? f.schema.type)).to.deep.equal(['int64', 'string', 'int32', 'float64', 'org.apache.kafka.connect.data.Timestamp']);
    expect(records[3].sourceOffset).to.deep.equal({ file: 'orders+0000000001+00000000000000000000.arrow', row: 1 });
  });

  it('resumes from the stored {file, row} and follows files written later', async () => {
    await writeOrders([order(1, 0n), order(2, 1n), order(3, 2n)]);
    const store = new FakeOffsetStore();
    source = await startSource(new ArrowSourceTask(), { path: dir, topic: 'replay', 'poll.interval.ms': '10' }, store);
    const first = await pollRecords(source, 2);
    store.commit(first.slice(0, 1));
    await source.stop();
    await writeOrders([order(4, 3n)]);
    source = await startSource(new ArrowSourceTask(), { path: dir, topic: 'replay', 'poll.interval.ms': '10' }, store);
    const rest = await pollRecords(source, 3);
    expect(rest.map((r) => (r.value as { id: number }).id)).to.deep.equal([2, 3, 4]);
    expect(rest[0].topic).to.equal('replay');
    expect(rest[0].kafkaPartition).to.equal(null);
    expect(await source.poll()).to.equal(null);
  });
});

describe('Arrow file names and column inference', () => {
  it('round-trips file names and ignores others', () => {
    const key = { topic: 'a.b_c-d', partition: 12, startOffset: 12345678901234567n };
    expect(parseArrowFileName(arrowFileName(key))).to.deep.equal(key);
    expect(parseArrowFileName('.x+0000000000+00000000000000000000.arrow.1.tmp')).to.equal(null);
    expect(parseArrowFileName('notes.txt')).to.equal(null);
    const names = [arrowFileName({ topic: 'a-b', partition: 0, startOffset: 0n }), arrowFileName({ topic: 'a', partition: 10, startOffset: 0n }), arrowFileName({ topic: 'a', partition: 2, startOffset: 100n }), arrowFileName({ topic: 'a', partition: 2, startOffset: 99n })];
    expect([...names].sort().map((n) => parseArrowFileName(n)!)).to.deep.equal([
      { topic: 'a', partition: 2, startOffset: 99n }, { topic: 'a', partition: 2, startOffset: 100n },
      { topic: 'a', partition: 10, startOffset: 0n }, { topic: 'a-b', partition: 0, startOffset: 0n },
    ]);
  });

  it('widens int and float to float64 and mixed kinds to JSON text', () => {
    expect(inferColumns([{ a: 1, b: 'x', c: null }, { a: 2.5, b: true, c: null }])).to.deep.equal([
      { name: 'a', kind: 'float64', nullable: true },
      { name: 'b', kind: 'json', nullable: true },
      { name: 'c', kind: 'utf8', nullable: true },
    ]);
  });
});
