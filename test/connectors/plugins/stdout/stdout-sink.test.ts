import { expect } from 'chai';
import { PassThrough, type Writable } from 'node:stream';
import { StdoutSinkConnector } from '../../../../connectors/plugins/stdout/stdout-sink-connector.js';
import { StdoutSinkTask } from '../../../../connectors/plugins/stdout/stdout-sink-task.js';
import { FakeSinkContext, failure, sinkRecord } from '../fake-context.js';

class CapturedStdoutTask extends StdoutSinkTask {
  readonly out = new PassThrough();
  text = '';
  constructor() {
    super();
    this.out.on('data', (d: Buffer) => (this.text += d.toString()));
  }
  protected override stdout(): Writable {
    return this.out;
  }
}

async function startCaptured(props: Record<string, string>): Promise<CapturedStdoutTask> {
  const task = new CapturedStdoutTask();
  task.initialize(new FakeSinkContext(props));
  await task.start(props);
  return task;
}

describe('StdoutSinkTask', () => {
  it('prints each record as a JSON line with its topic, partition, offset, key and value by default', async () => {
    const task = await startCaptured({});
    await task.put([
      sinkRecord({ n: 1 }, { topic: 'orders', kafkaPartition: 2, kafkaOffset: 7n, key: 'k1', headers: [{ key: 'h', value: 'v' }] }),
    ]);
    await task.stop();
    expect(JSON.parse(task.text)).to.deep.equal({
      topic: 'orders',
      partition: 2,
      offset: 7,
      timestamp: 1_700_000_000_000,
      key: 'k1',
      value: { n: 1 },
      headers: [{ key: 'h', value: 'v' }],
    });
  });

  it('prints only values with format=value', async () => {
    const task = await startCaptured({ format: 'value' });
    await task.put([sinkRecord('a'), sinkRecord({ b: true })]);
    expect(task.text).to.equal('a\n{"b":true}\n');
  });

  it('rejects an unknown format, naming the key', async () => {
    const err = await failure(() => new StdoutSinkConnector().start({ format: 'xml' }));
    expect(err.message).to.contain('Invalid value xml for configuration format');
  });
});
