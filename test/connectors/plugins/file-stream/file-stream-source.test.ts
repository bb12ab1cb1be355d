import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { FileStreamSourceConnector } from '../../../../connectors/plugins/file-stream/file-stream-source-connector.js';
import { FileStreamSourceTask } from '../../../../connectors/plugins/file-stream/file-stream-source-task.js';
import { FjordError } from '../../../../core/errors.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { FakeOffsetStore, failure, pollRecords, startSource } from '../fake-context.js';

describe('FileStreamSourceTask', () => {
  let tasks: FileStreamSourceTask[] = [];
  let file: string;

  beforeEach(() => {
    file = path.join(tmpDir(), 'in.txt');
  });
  afterEach(async () => {
    for (const t of tasks) await t.stop();
    tasks = [];
  });

  async function start(props: Record<string, string>, store = new FakeOffsetStore(), task = new FileStreamSourceTask()) {
    tasks.push(task);
    return startSource(task, props, store);
  }

  it('emits each line as a string record with source partition {filename} and offset {position}', async () => {
    fs.writeFileSync(file, 'one\ntwo\r\nthree\n');
    const task = await start({ file, topic: 'lines' });
    const records = await pollRecords(task, 3);
    expect(records.map((r) => r.value)).to.deep.equal(['one', 'two', 'three']);
    expect(records.map((r) => r.sourceOffset)).to.deep.equal([{ position: 4 }, { position: 9 }, { position: 15 }]);
    for (const r of records) {
      expect(r.topic).to.equal('lines');
      expect(r.sourcePartition).to.deep.equal({ filename: file });
      expect(r.key).to.equal(null);
      expect(r.keySchema).to.equal(null);
      expect(r.valueSchema).to.deep.equal({ type: 'string' });
      expect(r.kafkaPartition).to.equal(null);
    }
  });

  it('returns at most batch.size records per poll', async () => {
    fs.writeFileSync(file, Array.from({ length: 10 }, (_, i) => `l${i}\n`).join(''));
    const task = await start({ file, topic: 't', 'batch.size': '4' });
    const sizes: number[] = [];
    let seen = 0;
    while (seen < 10) {
      const batch = (await task.poll()) ?? [];
      if (batch.length > 0) sizes.push(batch.length);
      seen += batch.length;
    }
    expect(sizes).to.deep.equal([4, 4, 2]);
  });

  it('resumes after the position stored for the file', async () => {
    fs.writeFileSync(file, 'a\nb\nc\n');
    const store = new FakeOffsetStore();
    const first = await start({ file, topic: 't' }, store);
    const records = await pollRecords(first, 3);
    store.commit(records.slice(0, 2));
    await first.stop();

    fs.appendFileSync(file, 'd\n');
    const second = await start({ file, topic: 't' }, store);
    const rest = await pollRecords(second, 2);
    expect(rest.map((r) => r.value)).to.deep.equal(['c', 'd']);
    expect(rest[1].sourceOffset).to.deep.equal({ position: 8 });
    expect(store.asked).to.deep.include({ filename: file });
  });

  it('follows the file as it grows and waits for an unterminated line to end', async () => {
    fs.writeFileSync(file, 'x\npar');
    const task = await start({ file, topic: 't' });
    expect((await pollRecords(task, 1)).map((r) => r.value)).to.deep.equal(['x']);
    expect(await task.poll()).to.equal(null);
    fs.appendFileSync(file, 'tial\ny\n');
    const more = await pollRecords(task, 2);
    expect(more.map((r) => r.value)).to.deep.equal(['partial', 'y']);
    expect(more[1].sourceOffset).to.deep.equal({ position: 12 });
  });

  it('waits for a file that does not exist yet', async () => {
    const task = await start({ file, topic: 't' });
    expect(await task.poll()).to.equal(null);
    fs.writeFileSync(file, 'late\n');
    expect((await pollRecords(task, 1))[0].value).to.equal('late');
  });

  it('reads standard input when no file is configured, with no offset to resume from', async () => {
    const input = new PassThrough();
    class StdinTask extends FileStreamSourceTask {
      protected override stdin(): Readable {
        return input;
      }
    }
    const task = await start({ topic: 't' }, new FakeOffsetStore(), new StdinTask());
    input.write('from\nstdin\n');
    const records = await pollRecords(task, 2);
    expect(records.map((r) => r.value)).to.deep.equal(['from', 'stdin']);
    expect(records[0].sourcePartition).to.deep.equal({});
    expect(records[0].sourceOffset).to.deep.equal({});
  });

  it('returns from a waiting poll when stopped', async () => {
    const task = await start({ file, topic: 't' });
    const polling = task.poll();
    await task.stop();
    expect(await polling).to.equal(null);
  });

  it('rejects a stored offset that is not a byte position, naming the file', async () => {
    fs.writeFileSync(file, 'a\n');
    const store = new FakeOffsetStore();
    store.set({ filename: file }, { position: 'middle' });
    const task = await start({ file, topic: 't' }, store);
    const err = await failure(() => task.poll());
    expect(err.message).to.contain('position').and.contain(file);
  });

  it('explains missing and malformed configs, naming the key', async () => {
    const missing = await failure(() => new FileStreamSourceTask().start({ file }));
    expect(missing).to.be.instanceOf(FjordError);
    expect((missing as FjordError).code).to.equal('INVALID_CONFIG');
    expect(missing.message).to.contain('FileStreamSourceTask').and.contain('Missing required configuration "topic"');
    expect((await failure(() => new FileStreamSourceTask().start({ topic: 't', 'batch.size': 'lots' }))).message).to.contain('Invalid value lots for configuration batch.size');
    expect((await failure(() => new FileStreamSourceTask().start({ topic: 't', 'batch.size': '0' }))).message).to.contain('configuration batch.size').and.contain('at least 1');
    expect((await failure(() => new FileStreamSourceTask().start({ topic: ' ' }))).message).to.contain('configuration topic');
  });
});

describe('FileStreamSourceConnector', () => {
  it('makes one task config whatever tasks.max is', () => {
    const connector = new FileStreamSourceConnector();
    connector.start({ file: '/tmp/x', topic: 't', 'connector.class': 'FileStreamSource', 'tasks.max': '3' });
    expect(connector.taskConfigs(3)).to.deep.equal([{ file: '/tmp/x', topic: 't', 'batch.size': '2000' }]);
    expect(connector.taskClass()).to.equal(FileStreamSourceTask);
    expect(connector.config().map((k) => k.name)).to.deep.equal(['file', 'topic', 'batch.size']);
  });

  it('rejects more than one topic', async () => {
    const err = await failure(() => new FileStreamSourceConnector().start({ topic: 'a,b' }));
    expect(err.message).to.contain('Invalid value a,b for configuration topic');
  });
});
