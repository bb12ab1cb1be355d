import { expect } from 'chai';
import type { ApiName, RequestOf, ResponseOf } from '../../../../core/broker/apis.js';
import type { RequestContext } from '../../../../core/broker/broker-state.js';
import type { RequestHandler } from '../../../../core/broker/server/request-handler.js';
import { encodeRequest } from '../../../../core/protocol/messages.js';
import { RawClient } from './raw-client.js';
import { batchOf, createTopic, fetchBody, produceBody, startFakeServer, startTestServer, waitUntil, type TestServer } from './test-server.js';

function sized(body: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(body.length);
  return Buffer.concat([prefix, body]);
}

/** A v1 request header (api key, version, correlation id, client id) followed by `body`. */
function rawRequest(apiKey: number, apiVersion: number, correlationId: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(-1, 8); // null client id
  return sized(Buffer.concat([header, body]));
}

describe('BrokerServer: bad clients lose only their own connection', function () {
  this.timeout(30000);
  let t: TestServer;
  let bystander: RawClient;

  beforeEach(async () => {
    t = await startTestServer({ limits: { requestBytesMax: 1024 * 1024 } });
    bystander = await RawClient.connect(t.server.address);
    await createTopic(bystander, 'safe');
  });

  afterEach(async () => {
    bystander.destroy();
    await t.close();
  });

  /** Sends `bytes` on a fresh connection, expects the server to close it, and checks the bystander and the log line. */
  async function expectDropped(bytes: Buffer, logPattern: RegExp): Promise<void> {
    const bad = await RawClient.connect(t.server.address);
    bad.write(bytes);
    await bad.closed;
    const warnings = t.logger.lines.filter((l) => l.startsWith('warn closing connection from 127.0.0.1:'));
    expect(warnings, t.logger.lines.join('\n')).to.have.length(1);
    expect(warnings[0]).to.match(logPattern);
    expect(t.server.stats().connectionsClosedOnError).to.equal(1);
    // Everyone else is still served, on a connection that was open all along.
    const res = await bystander.request(0, 7, produceBody('safe', 0, await batchOf(1)));
    expect(res.responses[0].partitionResponses[0].errorCode).to.equal(0);
    expect(bystander.isOpen).to.equal(true);
  }

  it('drops a connection whose frame declares more than socket.request.max.bytes', async () => {
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(1024 * 1024 + 1);
    await expectDropped(Buffer.concat([prefix, Buffer.alloc(100)]), /request size 1048577 exceeds socket\.request\.max\.bytes \(1048576\)/);
  });

  it('drops a connection whose frame is too short to hold a request header', async () => {
    await expectDropped(sized(Buffer.alloc(3)), /smaller than the smallest request header/);
  });

  it('drops a connection whose request header is truncated', async () => {
    const header = rawRequest(3, 4, 9).subarray(4, 13); // client id length says null but a byte is missing... cut inside it
    await expectDropped(sized(header), /malformed request header/);
  });

  it('drops a connection that sends an api key no schema defines, naming it', async () => {
    await expectDropped(rawRequest(999, 0, 7), /unsupported api key 999 \(api key 999 v0, correlation id 7\)/);
  });

  it('drops a connection that sends an API the broker does not implement (SaslHandshake)', async () => {
    await expectDropped(rawRequest(17, 1, 8), /unsupported api key 17 \(SaslHandshake v1/);
  });

  it('drops a connection that sends an unsupported version of a known API, naming the range', async () => {
    const frame = Buffer.concat(encodeRequest(1, 3, 11, 'old', fetchBody('x', 0, 0n)));
    await expectDropped(frame, /Fetch v3 is not supported \(supported: v4-v12; correlation id 11\)/);
  });

  it('drops a connection whose request body does not parse, naming the API and version', async () => {
    await expectDropped(rawRequest(3, 4, 12, Buffer.from([0, 0, 0, 5])), /malformed Metadata v4 request \(correlation id 12\)/);
  });

  it('drops a connection whose request body has bytes left over', async () => {
    const frame = Buffer.concat(encodeRequest(18, 2, 13, 'x', {}));
    const padded = sized(Buffer.concat([frame.subarray(4), Buffer.from([1, 2, 3])]));
    await expectDropped(padded, /malformed ApiVersions v2 request \(correlation id 13\).*3 bytes left over/);
  });

  it('keeps serving after a client disconnects in the middle of a frame', async () => {
    const quitter = await RawClient.connect(t.server.address);
    const frame = quitter.frame(0, 7, produceBody('safe', 0, await batchOf(5)));
    quitter.write(frame.subarray(0, frame.length - 10));
    await waitUntil('the partial frame is buffered', () => t.server.stats().connections.some((c) => c.bufferedBytes > 0));
    quitter.destroy();
    await waitUntil('the connection is gone', () => t.server.stats().connectionsOpen === 1);
    expect(t.logger.lines.some((l) => /info client 127\.0\.0\.1:\d+ disconnected: a partial request \(\d+ bytes\) dropped/.test(l)), t.logger.lines.join('\n')).to.equal(true);
    expect(t.broker.partitionLog('safe', 0)!.logEndOffset).to.equal(0n); // nothing of the half request was appended
    expect((await bystander.request(18, 3, { clientSoftwareName: 'a', clientSoftwareVersion: 'b' })).errorCode).to.equal(0);
  });

  it('drops the pending responses of a client that disconnects while its long-poll Fetch waits', async () => {
    const quitter = await RawClient.connect(t.server.address);
    quitter.request(1, 11, fetchBody('safe', 0, 0n, { maxWaitMs: 1000 })).catch(() => {});
    quitter.request(3, 4, { topics: null, allowAutoTopicCreation: false }).catch(() => {});
    await waitUntil('both requests are in flight', () => t.server.stats().connections.some((c) => c.inFlightRequests === 2));
    quitter.destroy();
    await waitUntil('the connection is gone', () => t.server.stats().connectionsOpen === 1);
    expect(t.logger.lines.some((l) => /disconnected: 2 response\(s\) dropped/.test(l)), t.logger.lines.join('\n')).to.equal(true);
    // The parked fetch wakes up on this append and finds its connection gone: nothing breaks.
    const res = await bystander.request(0, 7, produceBody('safe', 0, await batchOf(1)));
    expect(res.responses[0].partitionResponses[0].errorCode).to.equal(0);
    expect((await bystander.request(1, 11, fetchBody('safe', 0, 0n))).responses[0].partitions[0].highWatermark).to.equal(1n);
  });

  it('still handles every whole request a client sent before it disconnected (an acks=0 producer that closes at once)', async () => {
    const producer = await RawClient.connect(t.server.address);
    const batch = await batchOf(2, 'last-words');
    const frames = Array.from({ length: 40 }, () => producer.frame(0, 7, produceBody('safe', 0, batch, 0)));
    const cut = producer.frame(0, 7, produceBody('safe', 0, batch, 0)).subarray(0, 30);
    producer.socket.end(Buffer.concat([...frames, cut])); // write everything, then FIN
    await producer.closed;
    await waitUntil('the connection is gone', () => t.server.stats().connectionsOpen === 1);
    expect(t.broker.partitionLog('safe', 0)!.logEndOffset).to.equal(80n); // 40 batches of 2; the cut one is not appended
    expect(t.logger.lines.some((l) => /disconnected: \d+ buffered request\(s\) still handled, .*a partial request \(30 bytes\) dropped/.test(l)), t.logger.lines.join('\n')).to.equal(true);
  });

  it('treats a client that closes its sending side as gone: drops its pending responses and closes', async () => {
    const client = await RawClient.connect(t.server.address);
    const answer = client.request(1, 11, fetchBody('safe', 0, 0n, { maxWaitMs: 5000 }));
    await waitUntil('the fetch is parked', () => t.server.stats().connections.some((c) => c.inFlightRequests === 1));
    client.socket.end();
    await client.closed;
    expect(await answer.then(() => 'answered', () => 'dropped')).to.equal('dropped');
    expect(t.logger.lines.some((l) => /disconnected: 1 response\(s\) dropped/.test(l))).to.equal(true);
  });
});

describe('BrokerServer: handler failures and connection limits', function () {
  this.timeout(30000);

  it('logs a throwing handler with its stack, closes that connection, and keeps the others', async () => {
    const handler: RequestHandler = {
      async handle<K extends ApiName>(api: K, _req: RequestOf<K>, ctx: RequestContext): Promise<ResponseOf<K> | null> {
        if (ctx.clientId === 'raw-client' && api === 'Metadata') throw new Error('handler bug');
        return { errorCode: 0, apiKeys: [], throttleTimeMs: 0 } as unknown as ResponseOf<K>;
      },
    };
    const { server, logger } = await startFakeServer(handler);
    const victim = await RawClient.connect(server.address);
    const other = await RawClient.connect(server.address);
    try {
      await victim.request(3, 4, { topics: null, allowAutoTopicCreation: false }).catch(() => {});
      await victim.closed;
      const errors = logger.lines.filter((l) => l.startsWith('error '));
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/closing connection from 127\.0\.0\.1:\d+: Metadata v4 \(correlation id 1\) failed: Error: handler bug\n\s+at /);
      expect((await other.request(18, 2, {})).errorCode).to.equal(0);
    } finally {
      other.destroy();
      await server.close();
    }
  });

  it('closes a connection whose handler returns a response its encoder rejects', async () => {
    const handler: RequestHandler = { handle: async () => ({ notAResponse: true }) as never };
    const { server, logger } = await startFakeServer(handler);
    const client = await RawClient.connect(server.address);
    try {
      await client.request(3, 4, { topics: null, allowAutoTopicCreation: false }).catch(() => {});
      await client.closed;
      expect(logger.lines.filter((l) => l.startsWith('error '))).to.have.length(1);
    } finally {
      await server.close();
    }
  });

  it('accepts max.connections connections and refuses the next one with a log line', async () => {
    const handler: RequestHandler = { handle: async () => ({ errorCode: 0, apiKeys: [], throttleTimeMs: 0 }) as never };
    const { server, logger } = await startFakeServer(handler, { connectionsMax: 3 });
    const open = await Promise.all([1, 2, 3].map(() => RawClient.connect(server.address)));
    try {
      await waitUntil('three connections are open', () => server.stats().connectionsOpen === 3);
      const extra = await RawClient.connect(server.address);
      await extra.closed;
      expect(server.stats().connectionsRefused).to.equal(1);
      expect(logger.lines.some((l) => /warn refusing connection from 127\.0\.0\.1:\d+: max\.connections \(3\) reached/.test(l))).to.equal(true);
      for (const c of open) expect((await c.request(18, 1, {})).errorCode).to.equal(0);
      open[0].destroy();
      await waitUntil('a slot is free', () => server.stats().connectionsOpen === 2);
      const late = await RawClient.connect(server.address);
      expect((await late.request(18, 1, {})).errorCode).to.equal(0);
      late.destroy();
    } finally {
      for (const c of open) c.destroy();
      await server.close();
    }
  });
});
