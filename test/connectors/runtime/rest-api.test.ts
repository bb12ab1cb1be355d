import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { Fjord } from '../../../core/client/fjord.js';
import type { Standalone } from '../../../connectors/runtime/standalone.js';
import { openFjord } from '../../helpers/embedded.js';
import { tmpDir } from '../../helpers/tmp-dir.js';
import { eventually, http, startWorker } from './connect-helpers.js';

describe('connectors/runtime REST API (Kafka Connect paths and JSON shapes)', () => {
  let fjord: Fjord;
  let worker: Standalone;
  let dir: string;
  let base: string;

  before(async () => {
    ({ fjord } = await openFjord());
    worker = await startWorker(fjord);
    base = worker.url;
  });

  after(async () => {
    await worker.close();
    await fjord.close();
  });

  beforeEach(() => {
    dir = tmpDir();
  });

  const call = (method: string, p: string, body?: unknown) => http(base, method, p, body);
  const sourceConfig = (file: string, topic = 'rest-topic') => ({ 'connector.class': 'FileStreamSource', file, topic });

  async function createSource(name: string, topic = 'rest-topic'): Promise<string> {
    const file = path.join(dir, `${name}.txt`);
    fs.writeFileSync(file, 'a\nb\nc\n');
    const r = await call('POST', '/connectors', { name, config: sourceConfig(file, topic) });
    expect(r.status, r.text).to.equal(201);
    return file;
  }

  async function remove(name: string): Promise<void> {
    expect((await call('DELETE', `/connectors/${name}`)).status).to.equal(204);
  }

  it('GET / answers with version, commit and kafka_cluster_id', async () => {
    const r = await call('GET', '/');
    expect(r.status).to.equal(200);
    expect(r.body).to.have.all.keys('version', 'commit', 'kafka_cluster_id');
  });

  it('POST /connectors creates a connector and answers 201 with its ConnectorInfo', async () => {
    const file = path.join(dir, 'in.txt');
    fs.writeFileSync(file, 'x\n');
    const r = await call('POST', '/connectors', { name: 'created', config: sourceConfig(file) });
    expect(r.status).to.equal(201);
    expect(r.body).to.deep.equal({
      name: 'created',
      config: { ...sourceConfig(file), name: 'created' },
      tasks: [{ connector: 'created', task: 0 }],
      type: 'source',
    });
    expect((await call('GET', '/connectors')).body).to.include('created');
    expect((await call('GET', '/connectors/created')).body.type).to.equal('source');
    expect((await call('GET', '/connectors/created/config')).body).to.deep.equal({ ...sourceConfig(file), name: 'created' });
    const tasks = await call('GET', '/connectors/created/tasks');
    expect(tasks.body).to.have.length(1);
    expect(tasks.body[0].id).to.deep.equal({ connector: 'created', task: 0 });
    expect(tasks.body[0].config).to.include({ file, topic: 'rest-topic' });
    await remove('created');
  });

  it('GET .../status shows RUNNING connector and tasks with worker_id; ?expand=status|info', async () => {
    await createSource('st');
    const status = await eventually('a RUNNING task', async () => {
      const r = await call('GET', '/connectors/st/status');
      return r.body.tasks[0]?.state === 'RUNNING' ? r.body : null;
    });
    expect(status).to.deep.equal({
      name: 'st',
      connector: { state: 'RUNNING', worker_id: worker.worker.workerId },
      tasks: [{ id: 0, state: 'RUNNING', worker_id: worker.worker.workerId }],
      type: 'source',
    });
    expect((await call('GET', '/connectors/st/tasks/0/status')).body).to.deep.equal({ id: 0, state: 'RUNNING', worker_id: worker.worker.workerId });
    const expanded = (await call('GET', '/connectors?expand=status&expand=info')).body;
    expect(expanded.st.status.connector.state).to.equal('RUNNING');
    expect(expanded.st.info.name).to.equal('st');
    await remove('st');
  });

  it('PUT .../config creates (201) then updates (200); PATCH merges and null removes a key', async () => {
    const file = path.join(dir, 'p.txt');
    fs.writeFileSync(file, '');
    const created = await call('PUT', '/connectors/putme/config', sourceConfig(file));
    expect(created.status).to.equal(201);
    const updated = await call('PUT', '/connectors/putme/config', { ...sourceConfig(file), 'batch.size': '10' });
    expect(updated.status).to.equal(200);
    expect(updated.body.config['batch.size']).to.equal('10');
    const patched = await call('PATCH', '/connectors/putme/config', { 'batch.size': null, topic: 'other' });
    expect(patched.status).to.equal(200);
    expect(patched.body.config).to.not.have.property('batch.size');
    expect(patched.body.config.topic).to.equal('other');
    await remove('putme');
  });

  it('pause, resume and stop change the states; offsets can be altered and reset only when STOPPED', async () => {
    await createSource('life', 'life-topic');
    expect((await call('PUT', '/connectors/life/pause')).status).to.equal(202);
    await eventually('PAUSED', async () => (await call('GET', '/connectors/life/status')).body.tasks[0]?.state === 'PAUSED');
    expect((await call('GET', '/connectors/life/status')).body.connector.state).to.equal('PAUSED');
    expect((await call('PUT', '/connectors/life/resume')).status).to.equal(202);
    await eventually('RUNNING', async () => (await call('GET', '/connectors/life/status')).body.tasks[0]?.state === 'RUNNING');
    await eventually('offsets committed', async () => (await call('GET', '/connectors/life/offsets')).body.offsets.length === 1);

    const early = await call('PATCH', '/connectors/life/offsets', { offsets: [{ partition: { filename: 'x' }, offset: { position: 0 } }] });
    expect(early.status).to.equal(400);
    expect(early.body.message).to.match(/must be in the STOPPED state/);

    expect((await call('PUT', '/connectors/life/stop')).status).to.equal(202);
    const stopped = (await call('GET', '/connectors/life/status')).body;
    expect(stopped.connector.state).to.equal('STOPPED');
    expect(stopped.tasks).to.deep.equal([]);
    const altered = await call('PATCH', '/connectors/life/offsets', { offsets: [{ partition: { filename: 'elsewhere' }, offset: { position: 7 } }] });
    expect(altered.status).to.equal(200);
    expect(altered.body).to.deep.equal({ message: 'The offsets for this connector have been altered successfully' });
    expect((await call('GET', '/connectors/life/offsets')).body.offsets).to.deep.include({ partition: { filename: 'elsewhere' }, offset: { position: 7 } });
    const reset = await call('DELETE', '/connectors/life/offsets');
    expect(reset.body).to.deep.equal({ message: 'The offsets for this connector have been reset successfully' });
    expect((await call('GET', '/connectors/life/offsets')).body).to.deep.equal({ offsets: [] });
    expect((await call('PUT', '/connectors/life/resume')).status).to.equal(202);
    await eventually('RUNNING again', async () => (await call('GET', '/connectors/life/status')).body.tasks[0]?.state === 'RUNNING');
    await remove('life');
  });

  it('GET .../topics lists the topics a connector used; PUT .../topics/reset clears them', async () => {
    await createSource('tp', 'tp-topic');
    await eventually('the active topic', async () => (await call('GET', '/connectors/tp/topics')).body.tp.topics.length === 1);
    expect((await call('GET', '/connectors/tp/topics')).body).to.deep.equal({ tp: { topics: ['tp-topic'] } });
    expect((await call('PUT', '/connectors/tp/topics/reset')).status).to.equal(200);
    expect((await call('GET', '/connectors/tp/topics')).body).to.deep.equal({ tp: { topics: [] } });
    await remove('tp');
  });

  it('POST .../restart answers 204, or 202 with RESTARTING states when includeTasks is given; tasks restart alone', async () => {
    await createSource('rs');
    expect((await call('POST', '/connectors/rs/restart')).status).to.equal(204);
    const r = await call('POST', '/connectors/rs/restart?includeTasks=true&onlyFailed=false');
    expect(r.status).to.equal(202);
    expect(r.body.connector.state).to.equal('RESTARTING');
    expect(r.body.tasks[0].state).to.equal('RESTARTING');
    await eventually('RUNNING', async () => (await call('GET', '/connectors/rs/status')).body.tasks[0]?.state === 'RUNNING');
    expect((await call('POST', '/connectors/rs/tasks/0/restart')).status).to.equal(204);
    expect((await call('POST', '/connectors/rs/tasks/5/restart')).status).to.equal(404);
    await remove('rs');
  });

  it('GET /connector-plugins lists the built-in connectors with class, type and version', async () => {
    const r = await call('GET', '/connector-plugins');
    expect(r.status).to.equal(200);
    const classes = r.body.map((p: { class: string }) => p.class);
    expect(classes).to.include.members(['org.apache.kafka.connect.file.FileStreamSourceConnector', 'org.apache.kafka.connect.file.FileStreamSinkConnector']);
    expect(r.body.find((p: { class: string }) => p.class.endsWith('FileStreamSinkConnector')).type).to.equal('sink');
  });

  it('GET /connector-plugins?connectorsOnly=false adds transformations, predicates and converters; .../config lists a plugin\'s keys', async () => {
    const all = (await call('GET', '/connector-plugins?connectorsOnly=false')).body as { class: string; type: string }[];
    const typeOf = (c: string) => all.find((p) => p.class === c)?.type;
    expect(typeOf('org.apache.kafka.connect.transforms.RegexRouter')).to.equal('transformation');
    expect(typeOf('org.apache.kafka.connect.transforms.predicates.TopicNameMatches')).to.equal('predicate');
    expect(typeOf('org.apache.kafka.connect.json.JsonConverter')).to.equal('converter');
    expect(typeOf('org.apache.kafka.connect.storage.SimpleHeaderConverter')).to.equal('header_converter');
    const keys = (await call('GET', '/connector-plugins/FileStreamSource/config')).body as { name: string; required: boolean }[];
    expect(keys.find((k) => k.name === 'topic')).to.include({ required: true });
    expect(keys.map((k) => k.name)).to.include.members(['name', 'connector.class', 'tasks.max', 'file', 'batch.size']);
    expect((await call('GET', '/connector-plugins/Nope/config')).status).to.equal(404);
  });

  it('PUT /connector-plugins/{plugin}/config/validate answers ConfigInfos with the errors per key', async () => {
    const r = await call('PUT', '/connector-plugins/FileStreamSinkConnector/config/validate', { 'connector.class': 'FileStreamSinkConnector', 'tasks.max': 'zero' });
    expect(r.status).to.equal(200);
    expect(r.body.name).to.equal('org.apache.kafka.connect.file.FileStreamSinkConnector');
    expect(r.body.error_count).to.be.greaterThan(0);
    const tasksMax = r.body.configs.find((c: { value: { name: string } }) => c.value.name === 'tasks.max');
    expect(tasksMax.value.errors[0]).to.match(/tasks.max/);
    const topics = r.body.configs.find((c: { value: { name: string } }) => c.value.name === 'topics');
    expect(topics.value.errors).to.include('Must configure one of topics or topics.regex');
  });

  it('validate also checks the transforms\' own keys (transforms.<alias>.*)', async () => {
    const r = await call('PUT', '/connector-plugins/FileStreamSource/config/validate', {
      'connector.class': 'FileStreamSource', topic: 't', transforms: 'route', 'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    });
    const names = r.body.configs.map((c: { value: { name: string } }) => c.value.name);
    expect(names).to.include.members(['transforms.route.type', 'transforms.route.regex', 'transforms.route.replacement']);
    const regex = r.body.configs.find((c: { value: { name: string } }) => c.value.name === 'transforms.route.regex');
    expect(regex.value.errors.length).to.be.greaterThan(0);
  });

  it('a REST port already in use fails the start, naming the listener', async () => {
    const port = new URL(base).port;
    try {
      await startWorker(fjord, { 'rest.port': port, 'config.storage.topic': 'other-configs', 'offset.storage.topic': 'other-offsets', 'status.storage.topic': 'other-status' });
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message).to.equal(`the REST listener cannot listen on 127.0.0.1:${port} (listeners / rest.port): EADDRINUSE`);
    }
  });

  describe('errors: {"error_code": N, "message": "..."}', () => {
    it('malformed JSON is 400', async () => {
      const r = await http(base, 'POST', '/connectors', undefined, '{"name": ');
      expect(r.status).to.equal(400);
      expect(r.body.error_code).to.equal(400);
      expect(r.body.message).to.match(/Malformed JSON/);
    });

    it('an unknown connector is 404', async () => {
      for (const p of ['/connectors/nope', '/connectors/nope/status', '/connectors/nope/config', '/connectors/nope/offsets']) {
        const r = await call('GET', p);
        expect(r.status, p).to.equal(404);
        expect(r.body).to.deep.equal({ error_code: 404, message: 'Connector nope not found' });
      }
      expect((await call('DELETE', '/connectors/nope')).status).to.equal(404);
      expect((await call('PUT', '/connectors/nope/pause')).status).to.equal(404);
    });

    it('an unknown connector class is 400 naming the class', async () => {
      const r = await call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'com.example.Nope' } });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.match(/Failed to find any class that implements Connector and which name matches com.example.Nope/);
    });

    it('an invalid config is 400 listing every error', async () => {
      const r = await call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'FileStreamSink', 'tasks.max': '0' } });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.match(/^Connector configuration is invalid and contains the following 3 error\(s\):/);
      expect(r.body.message).to.include('Must configure one of topics or topics.regex');
    });

    it('a name conflict is 409', async () => {
      await createSource('dup');
      const r = await call('POST', '/connectors', { name: 'dup', config: sourceConfig(path.join(dir, 'dup.txt')) });
      expect(r.status).to.equal(409);
      expect(r.body).to.deep.equal({ error_code: 409, message: 'Connector dup already exists' });
      await remove('dup');
    });

    it('a name in the config that differs from the URL is 400', async () => {
      const r = await call('PUT', '/connectors/one/config', { ...sourceConfig('x'), name: 'two' });
      expect(r.status).to.equal(400);
      expect(r.body.message).to.equal("Connector name configuration (two) doesn't match connector name in the URL (one)");
    });

    it('an unknown path is 404 and a wrong method 405', async () => {
      expect((await call('GET', '/nothing/here')).status).to.equal(404);
      const r = await call('DELETE', '/connector-plugins');
      expect(r.status).to.equal(405);
      expect(r.body.error_code).to.equal(405);
    });
  });
});
