import { expect } from 'chai';
import type { ApiName, RequestOf, ResponseOf } from '../../../../core/broker/apis.js';
import type { RequestContext } from '../../../../core/broker/broker-state.js';
import type { BrokerServer } from '../../../../core/broker/server/broker-server.js';
import type { ConnectionStats } from '../../../../core/broker/server/connection.js';
import type { RequestHandler } from '../../../../core/broker/server/request-handler.js';
import { encodeRequest } from '../../../../core/protocol/messages.js';
import { RawClient } from './raw-client.js';
import { batchOf, createTopic, fetchBody, produceBody, startFakeServer, startTestServer, waitUntil } from './test-server.js';

/** A handler whose responses wait until the test releases them. */
function gatedHandler(): { handler: RequestHandler; calls: () => number; releaseAll: () => void } {
  const waiting: (() => void)[] = [];
  let calls = 0;
  let open = false;
  const response = { errorCode: 0, apiKeys: [], throttleTimeMs: 0 };
  const handler: RequestHandler = {
    handle<K extends ApiName>(_api: K, _req: RequestOf<K>, _ctx: RequestContext): Promise<ResponseOf<K> | null> {
      calls++;
      if (open) return Promise.resolve(response as unknown as ResponseOf<K>);
      return new Promise((resolve) => waiting.push(() => resolve(response as unknown as ResponseOf<K>)));
    },
  };
  const releaseAll = (): void => {
    open = true;
    for (const release of waiting.splice(0)) release();
  };
  return { handler, calls: () => calls, releaseAll };
}

function only(server: BrokerServer): ConnectionStats {
  const [c] = server.stats().connections;
  return c;
}

/** A few event-loop turns: enough for the server to take more requests if it were going to. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('BrokerServer: limits and back-pressure', function () {
  this.timeout(60000);

  it('takes at most queued.max.requests unanswered requests from a connection, then the rest as responses go out', async () => {
    const gate = gatedHandler();
    const { server } = await startFakeServer(gate.handler, { inFlightRequestsMax: 5 });
    const client = await RawClient.connect(server.address);
    try {
      const frames = Array.from({ length: 8 }, (_, i) => client.frame(18, 2, {}, 100 + i));
      const answers = frames.map((_, i) => client.expect(18, 2, 100 + i));
      client.write(Buffer.concat(frames));
      await waitUntil('the limit is reached', () => only(server)?.inFlightRequests === 5 && only(server).readPaused);
      await turns();
      expect(gate.calls()).to.equal(5);
      expect(only(server).requestsRead).to.equal(5);
      expect(only(server).bufferedBytes).to.equal(3 * frames[0].length); // the other three wait, unread
      gate.releaseAll();
      expect(await Promise.all(answers)).to.have.length(8);
      expect(only(server).readPauses).to.be.at.least(1);
      expect(only(server).requestsRead).to.equal(8);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('stops taking requests once their bytes reach queued.max.request.bytes', async () => {
    const gate = gatedHandler();
    const size = Buffer.concat(encodeRequest(18, 2, 1, 'raw-client', {})).length;
    const { server } = await startFakeServer(gate.handler, { inFlightBytesMax: 3 * size });
    const client = await RawClient.connect(server.address);
    try {
      const frames = Array.from({ length: 6 }, (_, i) => client.frame(18, 2, {}, 200 + i));
      const answers = frames.map((_, i) => client.expect(18, 2, 200 + i));
      client.write(Buffer.concat(frames));
      await waitUntil('the byte limit is reached', () => only(server)?.requestsRead === 3 && only(server).readPaused);
      await turns();
      expect(only(server).requestsRead).to.equal(3);
      expect(only(server).inFlightBytes).to.equal(3 * size);
      gate.releaseAll();
      expect(await Promise.all(answers)).to.have.length(6);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('still admits one request larger than queued.max.request.bytes when nothing else is in flight', async () => {
    const gate = gatedHandler();
    const { server } = await startFakeServer(gate.handler, { inFlightBytesMax: 1 });
    const client = await RawClient.connect(server.address);
    try {
      const answers = [client.request(18, 2, {}), client.request(18, 2, {})];
      await waitUntil('one request is in flight', () => only(server)?.inFlightRequests === 1 && only(server).readPaused);
      await turns();
      expect(only(server).requestsRead).to.equal(1);
      gate.releaseAll();
      expect(await Promise.all(answers)).to.have.length(2);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('stops reading from a client that does not read its responses, holding bounded memory, and resumes when it reads', async () => {
    const t = await startTestServer();
    const client = await RawClient.connect(t.server.address);
    try {
      await createTopic(client, 'big');
      const batch = await batchOf(1, 'x', 1_000_000); // under message.max.bytes
      const produced = await client.request(0, 7, produceBody('big', 0, batch));
      expect(produced.responses[0].partitionResponses[0].errorCode).to.equal(0);
      client.socket.pause(); // from here on the client reads nothing
      const count = 150; // 150 MB of responses: far more than the kernel's socket buffers hold
      const frames = Array.from({ length: count }, (_, i) => client.frame(1, 11, fetchBody('big', 0, 0n), 1000 + i));
      const answers = frames.map((_, i) => client.expect(1, 11, 1000 + i));
      client.write(Buffer.concat(frames));
      await waitUntil('the server waits for the socket to drain and stops reading', () => only(t.server)?.waitingForDrain && only(t.server).readPaused, 5000).catch((err) => {
        throw new Error(`${(err as Error).message}: ${JSON.stringify(only(t.server))} client frames ${client.framesReceived} flowing ${client.socket.readableFlowing} readableLength ${client.socket.readableLength}`);
      });
      await turns(20);
      const stalled = only(t.server);
      expect(stalled.requestsRead).to.be.lessThan(count);
      expect(stalled.inFlightBytes, 'responses held beyond the socket').to.be.at.most(2 * (batch.length + 1024));
      expect(only(t.server).requestsRead, 'no request is taken while stalled').to.equal(stalled.requestsRead);
      client.socket.resume();
      const all = await Promise.all(answers);
      expect(all.every((r) => r.responses[0].partitions[0].records!.length === batch.length)).to.equal(true);
      expect(only(t.server).requestsRead).to.equal(count + 2); // + CreateTopics and Produce
    } finally {
      client.destroy();
      await t.close();
    }
  });
});
