import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Fjord } from '../../../core/client/fjord.js';
import type { Standalone } from '../../../connectors/runtime/standalone.js';
import { clientTransports } from '../../helpers/transports.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { eventually, http, startWorker } from './connect-helpers.js';

for (const transport of clientTransports) describe(`connectors/runtime worker on ${transport.name}: FileStreamSource → topic → FileStreamSink`, () => {
  let fjord: Fjord;
  let dataDir: string;
  let worker: Standalone | null = null;
  let dir: string;

  beforeEach(async () => {
    ({ fjord, dataDir } = await transport.open());
    dir = tmpDir();
  });

  afterEach(async () => {
    await worker?.close();
    worker = null;
    await fjord.close();
  });

  const lines = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `line-${from + i}`).join('\n') + '\n';

  it('copies a file through a topic and commits the source offsets to connect-offsets', async () => {
    const input = path.join(dir, 'in.txt');
    const output = path.join(dir, 'out.txt');
    fs.writeFileSync(input, lines(500));
    worker = await startWorker(fjord, {}, [
      { name: 'src', config: { name: 'src', 'connector.class': 'FileStreamSource', file: input, topic: 'copy' } },
      { name: 'sink', config: { name: 'sink', 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', file: output, topics: 'copy' } },
    ]);
    await eventually('500 lines in the output', () => fs.existsSync(output) && fs.readFileSync(output, 'utf8') === lines(500));
    const offsets = await eventually('the committed source offset', async () => {
      const r = await http(worker!.url, 'GET', '/connectors/src/offsets');
      return r.body.offsets.length > 0 && r.body.offsets[0].offset.position === fs.statSync(input).size ? r.body : null;
    });
    expect(offsets).to.deep.equal({ offsets: [{ partition: { filename: input }, offset: { position: fs.statSync(input).size } }] });
    // Kafka Connect's key and value formats in the offsets topic.
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign(Array.from({ length: 25 }, (_, partition) => ({ topic: 'connect-offsets', partition })));
    const records = [];
    for (let i = 0; i < 20 && records.length === 0; i++) records.push(...(await consumer.poll(100)));
    await consumer.close();
    const last = records[records.length - 1];
    expect(JSON.parse(last.key!.toString())).to.deep.equal(['src', { filename: input }]);
    expect(JSON.parse(last.value!.toString())).to.have.property('position');
  });

  it('resumes from the committed offsets after a restart: appended lines are copied once', async () => {
    const input = path.join(dir, 'in.txt');
    const output = path.join(dir, 'out.txt');
    fs.writeFileSync(input, lines(100));
    worker = await startWorker(fjord, {}, [
      { name: 'src', config: { name: 'src', 'connector.class': 'FileStreamSource', file: input, topic: 'copy' } },
      { name: 'sink', config: { name: 'sink', 'connector.class': 'FileStreamSink', file: output, topics: 'copy' } },
    ]);
    await eventually('100 lines', () => fs.existsSync(output) && fs.readFileSync(output, 'utf8') === lines(100));
    await worker.close();
    worker = null;
    // The broker restarts too: everything comes back from the internal topics.
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    fs.appendFileSync(input, lines(50, 100));
    worker = await startWorker(fjord); // no connector files: they are resumed from connect-configs
    expect((await http(worker.url, 'GET', '/connectors')).body).to.deep.equal(['sink', 'src']);
    await eventually('150 lines', () => fs.readFileSync(output, 'utf8') === lines(150));
  });

  it('a restarted worker keeps paused and stopped connectors as they were, from connect-configs', async () => {
    const input = path.join(dir, 'in.txt');
    fs.writeFileSync(input, lines(3));
    const source = (name: string) => ({ name, config: { name, 'connector.class': 'FileStreamSource', file: input, topic: `${name}-t` } });
    worker = await startWorker(fjord, {}, [source('running'), source('paused'), source('stopped')]);
    await http(worker.url, 'PUT', '/connectors/paused/pause');
    await http(worker.url, 'PUT', '/connectors/stopped/stop');
    await worker.close();
    worker = null;
    await fjord.close();
    ({ fjord } = await transport.open({ dataDir }));
    worker = await startWorker(fjord);
    const state = async (name: string) => (await http(worker!.url, 'GET', `/connectors/${name}/status`)).body;
    await eventually('states restored', async () => (await state('running')).tasks[0]?.state === 'RUNNING' && (await state('paused')).tasks[0]?.state === 'PAUSED');
    expect((await state('paused')).connector.state).to.equal('PAUSED');
    expect(await state('stopped')).to.deep.include({ connector: { state: 'STOPPED', worker_id: worker.worker.workerId }, tasks: [] });
    // Kafka Connect's record formats in connect-configs.
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'connect-configs', partition: 0 }]);
    const end = (await fjord.admin().listOffsets([{ topic: 'connect-configs', partition: 0 }], 'latest')).values().next().value!;
    const records = [];
    while (records.length < Number(end)) records.push(...(await consumer.poll(100)));
    await consumer.close();
    const latest = new Map(records.map((r) => [r.key!.toString(), r.value === null ? null : JSON.parse(r.value.toString())]));
    expect(latest.get('connector-paused')).to.deep.equal({ properties: source('paused').config });
    expect(latest.get('target-state-paused')).to.deep.equal({ state: 'PAUSED', 'state.v2': 'PAUSED' });
    expect(latest.get('target-state-stopped')).to.deep.equal({ state: 'PAUSED', 'state.v2': 'STOPPED' });
    expect(latest.get('commit-running')).to.deep.equal({ tasks: 1 });
    expect(latest.get('task-running-0')).to.have.nested.property('properties.file', input);
  });

  it('a stored connector whose class is gone after a restart is listed FAILED with the reason, type unknown, and can be deleted', async () => {
    const plugins = path.join(dir, 'plugins');
    fs.mkdirSync(plugins);
    fs.writeFileSync(path.join(plugins, 'gone.mjs'), 'class T { version() { return "1"; } start() {} async poll() { return null; } stop() {} }\n' +
      'export class GoneSourceConnector { version() { return "1"; } start() {} taskClass() { return T; } taskConfigs() { return [{}]; } stop() {} config() { return []; } }\n');
    worker = await startWorker(fjord, { 'plugin.path': plugins }, [{ name: 'gone', config: { name: 'gone', 'connector.class': 'GoneSourceConnector' } }]);
    await worker.close();
    worker = await startWorker(fjord); // no plugin.path now
    const status = (await http(worker.url, 'GET', '/connectors/gone/status')).body;
    expect(status.type).to.equal('unknown');
    expect(status.connector.state).to.equal('FAILED');
    expect(status.connector.trace).to.match(/Failed to find any class that implements Connector and which name matches GoneSourceConnector/);
    expect((await http(worker.url, 'GET', '/connectors?expand=status')).body.gone.status.connector.state).to.equal('FAILED');
    expect((await http(worker.url, 'DELETE', '/connectors/gone')).status).to.equal(204);
    expect((await http(worker.url, 'GET', '/connectors')).body).to.deep.equal([]);
  });
});
