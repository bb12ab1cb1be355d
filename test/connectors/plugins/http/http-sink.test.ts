import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSinkConnector } from '../../../../connectors/plugins/http/http-sink-connector.js';
import { HttpSinkTask } from '../../../../connectors/plugins/http/http-sink-task.js';
import { HttpSourceTask } from '../../../../connectors/plugins/http/http-source-task.js';
import { backoffMs } from '../../../../connectors/plugins/http/backoff.js';
import { parseHeaderList } from '../../../../connectors/plugins/http/header-list.js';
import type { FjordError } from '../../../../core/errors.js';
import { FakeSinkContext, failure, pollRecords, sinkRecords, startSource } from '../fake-context.js';

/** A real HTTP server that records requests and answers with the next scripted status (200 when none are left). */
class RecordingServer {
  readonly requests: { body: string; headers: http.IncomingHttpHeaders }[] = [];
  readonly statuses: number[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({ body: Buffer.concat(chunks).toString(), headers: req.headers });
      const status = this.statuses.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : `scripted ${status}`);
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sink`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function startSink(props: Record<string, string>): Promise<HttpSinkTask> {
  const task = new HttpSinkTask();
  task.initialize(new FakeSinkContext(props));
  await task.start(props);
  return task;
}

describe('HttpSinkTask', () => {
  let server: RecordingServer;
  let url: string;
  beforeEach(async () => {
    server = new RecordingServer();
    url = await server.listen();
  });
  afterEach(async () => {
    await server.close();
  });

  it('POSTs record values as JSON arrays of at most batch.max.size, in order, with configured headers', async () => {
    const task = await startSink({ 'http.url': url, 'batch.max.size': '2', headers: 'Authorization:Bearer t0k|X-Source:fjord' });
    await task.put(sinkRecords([{ a: 1 }, 'two', 3n, null, { nested: { ok: true } }]));
    expect(server.requests.map((r) => JSON.parse(r.body))).to.deep.equal([[{ a: 1 }, 'two'], [3, null], [{ nested: { ok: true } }]]);
    expect(server.requests[0].headers.authorization).to.equal('Bearer t0k');
    expect(server.requests[0].headers['x-source']).to.equal('fjord');
    expect(server.requests[0].headers['content-type']).to.equal('application/json');
    await task.stop();
  });

  it('retries 503, 429 and 500 with back-off and then succeeds', async () => {
    server.statuses.push(503, 429, 500);
    const task = await startSink({ 'http.url': url, 'retry.backoff.ms': '1', 'max.retries': '3' });
    await task.put(sinkRecords(['x']));
    expect(server.requests).to.have.length(4);
    expect(new Set(server.requests.map((r) => r.body))).to.deep.equal(new Set(['["x"]']));
    expect(task.requestsSent()).to.equal(4);
  });

  it('fails after max.retries retries, reporting the last answer', async () => {
    server.statuses.push(503, 503, 503);
    const task = await startSink({ 'http.url': url, 'retry.backoff.ms': '1', 'max.retries': '2' });
    const err = (await failure(() => task.put(sinkRecords(['x'])))) as FjordError;
    expect(server.requests).to.have.length(3);
    expect(err.message).to.contain('after 3 attempts').and.contain('HTTP 503 scripted 503');
  });

  it('does not retry a 400 and names the status and response', async () => {
    server.statuses.push(400);
    const task = await startSink({ 'http.url': url, 'retry.backoff.ms': '1' });
    const err = await failure(() => task.put(sinkRecords(['x'])));
    expect(server.requests).to.have.length(1);
    expect(err.message).to.contain(url).and.contain('HTTP 400 scripted 400');
  });

  it('sends a refused batch to the errant record reporter when there is one, and carries on', async () => {
    server.statuses.push(400);
    const context = new FakeSinkContext({}, true);
    const task = new HttpSinkTask();
    task.initialize(context);
    task.start({ 'http.url': url, 'batch.max.size': '2' });
    await task.put(sinkRecords(['a', 'b', 'c']));
    expect(context.reported.map((r) => r.record.value)).to.deep.equal(['a', 'b']);
    expect(context.reported[0].error.message).to.contain('HTTP 400');
    expect(server.requests.map((r) => r.body)).to.deep.equal(['["a","b"]', '["c"]']);
  });

  it('retries a refused connection', async () => {
    await server.close();
    const task = await startSink({ 'http.url': url, 'retry.backoff.ms': '1', 'max.retries': '1' });
    const err = await failure(() => task.put(sinkRecords(['x'])));
    expect(err.message).to.contain('after 2 attempts').and.contain('ECONNREFUSED');
    server = new RecordingServer();
    await server.listen();
  });

  it('delivers into an HttpSource end to end', async () => {
    const source = await startSource(new HttpSourceTask(), { topic: 'copy', 'http.port': '0', 'http.host': '127.0.0.1', 'http.path': '/in' });
    try {
      const sink = await startSink({ 'http.url': `http://127.0.0.1:${source.port()}/in`, 'batch.max.size': '2' });
      await sink.put(sinkRecords([{ i: 1 }, { i: 2 }, { i: 3 }]));
      expect((await pollRecords(source, 3)).map((r) => r.value)).to.deep.equal([{ i: 1 }, { i: 2 }, { i: 3 }]);
    } finally {
      await source.stop();
    }
  });

  it('explains bad configs, naming the key', async () => {
    const bad = async (props: Record<string, string>) => (await failure(() => new HttpSinkConnector().start(props))).message;
    expect(await bad({})).to.contain('Missing required configuration "http.url"');
    expect(await bad({ 'http.url': 'not a url' })).to.contain('Invalid value not a url for configuration http.url');
    expect(await bad({ 'http.url': 'ftp://x/y' })).to.contain('configuration http.url');
    expect(await bad({ 'http.url': url, headers: 'NoColon' })).to.contain('configuration headers');
    expect(await bad({ 'http.url': url, 'batch.max.size': '0' })).to.contain('configuration batch.max.size');
  });
});

describe('HttpSink pieces', () => {
  it('backs off exponentially up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((r) => backoffMs(r, 100, 1000))).to.deep.equal([100, 200, 400, 800, 1000]);
  });

  it('parses header pairs with a custom separator', () => {
    expect(parseHeaderList('A: 1;B:x:y', ';')).to.deep.equal({ ok: true, headers: { A: '1', B: 'x:y' } });
    expect(parseHeaderList('', '|')).to.deep.equal({ ok: true, headers: {} });
  });
});
