import { expect } from 'chai';
import { RawClient } from './raw-client.js';
import { batchOf, createTopic, fetchBody, produceBody, startFakeServer, startTestServer, waitUntil, type TestServer } from './test-server.js';
import type { ApiName, RequestOf, ResponseOf } from '../../../../core/broker/apis.js';
import type { RequestContext } from '../../../../core/broker/broker-state.js';
import type { RequestHandler } from '../../../../core/broker/server/request-handler.js';

describe('BrokerServer: pipelined requests', function () {
  this.timeout(30000);
  let t: TestServer;
  const clients: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const c = await RawClient.connect(t.server.address);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    t = await startTestServer();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await t.close();
  });

  it('answers many requests written at once in order, each with its correlation id', async () => {
    const client = await connect();
    await createTopic(client, 'many');
    const frames: Buffer[] = [];
    const answers: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const id = 10_000 + i;
      if (i % 3 === 0) {
        frames.push(client.frame(0, 7, produceBody('many', 0, await batchOf(1, `r${i}`)), id));
        answers.push(client.expect(0, 7, id).then((r) => r.responses[0].partitionResponses[0].baseOffset));
      } else if (i % 3 === 1) {
        frames.push(client.frame(18, 2, {}, id));
        answers.push(client.expect(18, 2, id).then((r) => r.errorCode));
      } else {
        frames.push(client.frame(3, 4, { topics: [{ name: 'many' }], allowAutoTopicCreation: false }, id));
        answers.push(client.expect(3, 4, id).then((r) => r.topics[0].name));
      }
    }
    client.write(Buffer.concat(frames));
    const results = await Promise.all(answers); // the raw client fails on any out-of-order correlation id
    expect(results.filter((_, i) => i % 3 === 0)).to.deep.equal(Array.from({ length: 100 }, (_, i) => BigInt(i)));
    expect(results.filter((_, i) => i % 3 === 2).every((name) => name === 'many')).to.equal(true);
  });

  it('holds the answers behind a long-poll Fetch until it completes, then sends them all in order', async () => {
    const consumer = await connect();
    const producer = await connect();
    await createTopic(producer, 'wait');
    const ids = [1, 2, 3];
    const fetch = consumer.expect(1, 11, ids[0]);
    const metadata = consumer.expect(3, 4, ids[1]);
    const versions = consumer.expect(18, 3, ids[2]);
    consumer.write(Buffer.concat([
      consumer.frame(1, 11, fetchBody('wait', 0, 0n, { maxWaitMs: 20_000, minBytes: 1 }), ids[0]),
      consumer.frame(3, 4, { topics: [{ name: 'wait' }], allowAutoTopicCreation: false }, ids[1]),
      consumer.frame(18, 3, { clientSoftwareName: 'raw', clientSoftwareVersion: '1' }, ids[2]),
    ]));
    const server = t.server;
    await waitUntil('the three requests are read', () => server.stats().connections.some((c) => c.requestsRead === 3 && c.inFlightRequests === 3));
    await new Promise((r) => setImmediate(r)); // Metadata and ApiVersions answer within a tick
    expect(consumer.framesReceived, 'nothing may overtake the parked Fetch').to.equal(0);

    const batch = await batchOf(2, 'late');
    await producer.request(0, 7, produceBody('wait', 0, batch));
    const fetched = await fetch;
    expect(fetched.responses[0].partitions[0].records!.subarray(16)).to.deep.equal(batch.subarray(16));
    expect((await metadata).topics[0].name).to.equal('wait');
    expect((await versions).errorCode).to.equal(0);
  });

  it('keeps a long-poll Fetch parked through appends smaller than its minBytes and answers once they add up', async () => {
    const consumer = await connect();
    const producer = await connect();
    await createTopic(producer, 'min');
    const first = await batchOf(1, 'a', 100);
    const fetch = consumer.request(1, 12, fetchBody('min', 0, 0n, { maxWaitMs: 20_000, minBytes: first.length + 1 }));
    let answered = false;
    void fetch.then(() => (answered = true));
    await producer.request(0, 7, produceBody('min', 0, first));
    await producer.request(18, 0, {}); // a round trip after the append: the woken fetch has re-read by now
    expect(answered, 'one batch is less than minBytes').to.equal(false);
    await producer.request(0, 7, produceBody('min', 0, await batchOf(1, 'b', 100)));
    const res = await fetch;
    expect(res.responses[0].partitions[0].records!.length).to.be.greaterThan(first.length);
  });

  it('answers a long-poll Fetch with nothing to read once its maxWaitMs passes, then the requests behind it', async () => {
    const client = await connect();
    await createTopic(client, 'idle');
    const fetch = client.request(1, 12, fetchBody('idle', 0, 0n, { maxWaitMs: 200, minBytes: 1 }));
    const after = client.request(18, 0, {});
    const res = await fetch;
    expect(res.responses[0].partitions[0].records).to.have.length(0);
    expect((await after).errorCode).to.equal(0);
  });
});

describe('BrokerServer: responses that complete out of order', () => {
  it('writes them in request order whatever order the handler finishes in', async () => {
    const finishers = new Map<number, () => void>();
    const handler: RequestHandler = {
      handle<K extends ApiName>(_api: K, _req: RequestOf<K>, ctx: RequestContext): Promise<ResponseOf<K> | null> {
        // Each request waits until the test releases it by its client id (its index).
        return new Promise((resolve) => finishers.set(Number(ctx.clientId), () => resolve({ errorCode: 0, apiKeys: [], throttleTimeMs: 0 } as unknown as ResponseOf<K>)));
      },
    };
    const { server } = await startFakeServer(handler);
    const client = await RawClient.connect(server.address);
    try {
      const frames: Buffer[] = [];
      for (let i = 0; i < 20; i++) {
        const frame = client.frame(18, 2, {}, 500 + i);
        frames.push(frame);
      }
      // Client ids carry the index: patch "raw-client" to a zero-padded number of the same length.
      frames.forEach((f, i) => f.write(String(i).padStart(10, '0'), 14, 'latin1'));
      const answers = frames.map((_, i) => client.expect(18, 2, 500 + i));
      client.write(Buffer.concat(frames));
      await waitUntil('all requests reach the handler', () => finishers.size === 20);
      for (let i = 19; i >= 0; i--) finishers.get(i)!(); // finish back to front
      const done = await Promise.all(answers);
      expect(done).to.have.length(20); // the raw client checked every correlation id in order
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
