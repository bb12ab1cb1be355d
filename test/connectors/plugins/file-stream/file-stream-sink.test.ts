import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { FileStreamSinkConnector } from '../../../../connectors/plugins/file-stream/file-stream-sink-connector.js';
import { FileStreamSinkTask } from '../../../../connectors/plugins/file-stream/file-stream-sink-task.js';
import { FileStreamSourceTask } from '../../../../connectors/plugins/file-stream/file-stream-source-task.js';
import { tmpDir } from '../../../helpers/tmp-dir.js';
import { FakeSinkContext, pollRecords, sinkRecords, startSource } from '../fake-context.js';

async function startSink(props: Record<string, string>): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask();
  task.initialize(new FakeSinkContext(props));
  await task.start(props);
  return task;
}

describe('FileStreamSinkTask', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(tmpDir(), 'out.txt');
  });

  it('writes one line per record value: strings as-is, structs as JSON, null as null', async () => {
    const task = await startSink({ file, topics: 't' });
    await task.put(sinkRecords(['plain', { id: 1, big: 9007199254740993n }, null, 42, Buffer.from('bytes')]));
    await task.flush([{ topic: 't', partition: 0, offset: 5n }]);
    await task.stop();
    expect(fs.readFileSync(file, 'utf8')).to.equal('plain\n{"id":1,"big":9007199254740993}\nnull\n42\nbytes\n');
  });

  it('appends to an existing file across restarts', async () => {
    fs.writeFileSync(file, 'before\n');
    let task = await startSink({ file });
    await task.put(sinkRecords(['a']));
    await task.stop();
    task = await startSink({ file });
    await task.put(sinkRecords(['b']));
    await task.put([]);
    await task.stop();
    expect(fs.readFileSync(file, 'utf8')).to.equal('before\na\nb\n');
  });

  it('writes lines a FileStreamSource reads back', async () => {
    const sink = await startSink({ file });
    await sink.put(sinkRecords(['x', 'y', 'z']));
    await sink.flush([]);
    await sink.stop();
    const source = await startSource(new FileStreamSourceTask(), { file, topic: 'copy' });
    try {
      expect((await pollRecords(source, 3)).map((r) => r.value)).to.deep.equal(['x', 'y', 'z']);
    } finally {
      await source.stop();
    }
  });

  it('fails to start when the file cannot be opened, naming it', async () => {
    const bad = path.join(tmpDir(), 'missing-dir', 'out.txt');
    let err: Error | null = null;
    try {
      await startSink({ file: bad });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.contain(bad).and.contain('configuration file');
  });
});

describe('FileStreamSinkConnector', () => {
  it('gives every one of tasks.max tasks the connector config, as Kafka does', () => {
    const connector = new FileStreamSinkConnector();
    connector.start({ file: '/tmp/out', topics: 'a,b' });
    expect(connector.taskConfigs(2)).to.deep.equal([
      { file: '/tmp/out', topics: 'a,b' },
      { file: '/tmp/out', topics: 'a,b' },
    ]);
    expect(connector.taskClass()).to.equal(FileStreamSinkTask);
  });
});
