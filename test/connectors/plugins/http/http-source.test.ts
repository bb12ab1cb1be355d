import { expect } from 'chai';
import { HttpSourceTask } from '../../../../connectors/plugins/http/http-source-task.js';
import { IdempotencyWindow } from '../../../../connectors/plugins/http/idempotency-window.js';
import { parseJsonBody } from '../../../../connectors/plugins/http/parse-json-body.js';
import { failure, pollRecords, startSource } from '../fake-context.js';

describe('HttpSourceTask', () => {
  let task: HttpSourceTask;
  let url: string;

  async function start(extra: Record<string, string> = {}): Promise<void> {
    task = await startSource(new HttpSourceTask(), { topic: 'events', 'http.port': '0', 'http.host': '127.0.0.1', 'http.path': '/in', ...extra });
    url = `http://127.0.0.1:${task.port()}/in`;
  }
  afterEach(async () => {
    await task?.stop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

  it('turns a POSTed object and a POSTed array of objects into records, answering 202', async () => {
    await start({ 'key.field': 'id' });
    const one = await post('{"id":"a","n":1}');
    expect(one.status).to.equal(202);
    expect(await one.json()).to.deep.equal({ status: 'accepted', records: 1 });
    expect((await post('[{"id":"b"},{"id":7,"x":[1,2]},{"n":3}]')).status).to.equal(202);
    const records = await pollRecords(task, 4);
    expect(records.map((r) => r.value)).to.deep.equal([{ id: 'a', n: 1 }, { id: 'b' }, { id: 7, x: [1, 2] }, { n: 3 }]);
    expect(records.map((r) => r.key)).to.deep.equal(['a', 'b', '7', null]);
    expect(records[0].topic).to.equal('events');
    expect(records[0].valueSchema).to.equal(null);
    expect(records[0].sourcePartition).to.deep.equal({ 'http.path': '/in' });
  });

  it('answers 400 with a clear message for bad JSON and for JSON that is not objects', async () => {
    await start();
    const bad = await post('{"id": ');
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.contain('not valid JSON');
    const scalar = await post('[{"a":1}, 5]');
    expect(scalar.status).to.equal(400);
    expect((await scalar.json()).error).to.contain('element 1 is a number');
    expect(await task.poll()).to.equal(null);
  });

  it('de-duplicates requests by idempotency key and accepts the key again after a rejected attempt', async () => {
    await start({ 'idempotency.header': 'X-Request-Id' });
    expect((await post('{"v":1}', { 'X-Request-Id': 'r1' })).status).to.equal(202);
    const again = await post('{"v":1}', { 'X-Request-Id': 'r1' });
    expect(again.status).to.equal(200);
    expect((await again.json()).status).to.equal('duplicate');
    expect((await post('not json', { 'X-Request-Id': 'r2' })).status).to.equal(400);
    expect((await post('{"v":2}', { 'X-Request-Id': 'r2' })).status).to.equal(202);
    expect((await post('{"v":3}')).status).to.equal(202);
    const records = await pollRecords(task, 3);
    expect(records.map((r) => r.value)).to.deep.equal([{ v: 1 }, { v: 2 }, { v: 3 }]);
  });

  it('answers 503 with Retry-After when the bounded queue cannot take the whole body, then accepts after poll()', async () => {
    await start({ 'queue.max.records': '3' });
    expect((await post('[{"a":1},{"a":2}]')).status).to.equal(202);
    const full = await post('[{"a":3},{"a":4}]');
    expect(full.status).to.equal(503);
    expect(full.headers.get('retry-after')).to.equal('1');
    expect((await full.json()).error).to.contain('queue is full');
    expect((await post('[{"a":1},{"a":2},{"a":3},{"a":4}]')).status).to.equal(413);
    expect(await pollRecords(task, 2)).to.have.length(2);
    expect((await post('[{"a":3},{"a":4}]')).status).to.equal(202);
  });

  it('returns at most batch.size records per poll', async () => {
    await start({ 'batch.size': '2' });
    await post('[{"a":1},{"a":2},{"a":3}]');
    expect((await task.poll())?.length).to.equal(2);
    expect((await task.poll())?.length).to.equal(1);
  });

  it('answers 404 for other paths, 405 for other methods and 413 for oversized bodies', async () => {
    await start({ 'http.body.max.bytes': '10' });
    expect((await fetch(url.replace('/in', '/other'), { method: 'POST', body: '{}' })).status).to.equal(404);
    const get = await fetch(url);
    expect(get.status).to.equal(405);
    expect(get.headers.get('allow')).to.equal('POST');
    expect((await post('{"long":"xxxxxxxxxxxxxxxx"}')).status).to.equal(413);
  });

  it('with ack.mode=written answers 200 only once every record of the request was written', async () => {
    await start({ 'ack.mode': 'written' });
    let settled = false;
    const response = post('[{"a":1},{"a":2}]').then((r) => {
      settled = true;
      return r;
    });
    const records = await pollRecords(task, 2);
    task.commitRecord(records[0]);
    expect((await fetch(url)).status).to.equal(405); // a full round trip later, still unanswered
    expect(settled).to.equal(false);
    task.commitRecord(records[1]);
    const res = await response;
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'written', records: 2 });
  });

  it('with ack.mode=written answers 504 when the records are not written within ack.timeout.ms', async () => {
    await start({ 'ack.mode': 'written', 'ack.timeout.ms': '20' });
    const res = await post('{"a":1}');
    expect(res.status).to.equal(504);
    expect((await res.json()).error).to.contain('ack.timeout.ms');
  });

  it('fails to start on a port in use and on bad configs, naming the key', async () => {
    await start();
    const taken = await failure(() => startSource(new HttpSourceTask(), { topic: 't', 'http.port': String(task.port()), 'http.host': '127.0.0.1' }));
    expect(taken.message).to.contain('http.port').and.contain('EADDRINUSE');
    expect((await failure(() => new HttpSourceTask().start({ topic: 't' }))).message).to.contain('Missing required configuration "http.port"');
    expect((await failure(() => new HttpSourceTask().start({ topic: 't', 'http.port': '70000' }))).message).to.contain('configuration http.port');
    expect((await failure(() => new HttpSourceTask().start({ topic: 't', 'http.port': '0', 'ack.mode': 'later' }))).message).to.contain('Invalid value later for configuration ack.mode');
  });
});

describe('HttpSource pieces', () => {
  it('parseJsonBody accepts an object or an array of objects only', () => {
    expect(parseJsonBody(Buffer.from('{"a":1}'))).to.deep.equal({ ok: true, objects: [{ a: 1 }] });
    expect(parseJsonBody(Buffer.from('[]'))).to.deep.equal({ ok: true, objects: [] });
    expect(parseJsonBody(Buffer.from('"s"'))).to.deep.include({ ok: false });
    expect(parseJsonBody(Buffer.from('null'))).to.deep.equal({ ok: false, message: 'body must be a JSON object or an array of objects, not null' });
  });

  it('IdempotencyWindow forgets keys after windowMs and the oldest key beyond keysMax', () => {
    const window = new IdempotencyWindow(2, 1000);
    window.remember('a', 0);
    window.remember('b', 10);
    expect(window.has('a', 500)).to.equal(true);
    window.remember('c', 600);
    expect(window.has('a', 600)).to.equal(false);
    expect(window.size).to.equal(2);
    expect(window.has('b', 1010)).to.equal(false);
    expect(window.has('c', 1010)).to.equal(true);
  });
});
