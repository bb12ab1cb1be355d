import { expect } from 'chai';
import { supportedApis } from '../../../../core/broker/apis.js';
import { errorCode } from '../../../../core/protocol/error-codes.js';
import { BrokerServer } from '../../../../core/broker/server/broker-server.js';
import { encodeResponse } from '../../../../core/protocol/messages.js';
import { RawClient } from './raw-client.js';
import { batchOf, createTopic, fetchBody, produceBody, startTestServer, waitUntil, type TestServer } from './test-server.js';

/** The advertised ranges as ApiVersions lists them. */
function advertisedRanges(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return Object.values(supportedApis).map((r) => ({ apiKey: r.apiKey, minVersion: r.minVersion, maxVersion: r.maxVersion })).sort((a, b) => a.apiKey - b.apiKey);
}

/** `produced` as the log stores it: the broker only rewrites baseOffset and partitionLeaderEpoch in place. */
function expectSameBatch(fetched: Buffer, produced: Buffer, baseOffset: bigint): void {
  expect(fetched.length).to.equal(produced.length);
  expect(fetched.readBigInt64BE(0)).to.equal(baseOffset);
  expect(fetched.subarray(8, 12)).to.deep.equal(produced.subarray(8, 12));
  expect(fetched.subarray(16)).to.deep.equal(produced.subarray(16)); // magic, CRC, attributes ... records
}

describe('BrokerServer: Kafka requests over TCP', function () {
  this.timeout(30000);
  let t: TestServer;
  let client: RawClient;

  beforeEach(async () => {
    t = await startTestServer();
    client = await RawClient.connect(t.server.address);
  });

  afterEach(async () => {
    client.destroy();
    await t.close();
  });

  it('binds a free port when asked for port 0 and advertises that real address in Metadata', async () => {
    expect(t.server.address.host).to.equal('127.0.0.1');
    expect(t.server.address.port).to.be.greaterThan(0);
    const metadata = await client.request(3, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(metadata.brokers.map((b) => [b.host, b.port])).to.deep.equal([['127.0.0.1', t.server.address.port]]);
    expect(metadata.controllerId).to.equal(metadata.brokers[0].nodeId);
  });

  for (const version of [0, 1, 2, 3]) {
    it(`answers ApiVersions v${version} with the advertised ranges${version === 3 ? ' (flexible body, response header v0)' : ''}`, async () => {
      const res = await client.request(18, version, { clientSoftwareName: 'raw-client', clientSoftwareVersion: '1.0' });
      expect(res.errorCode).to.equal(0);
      expect(res.apiKeys).to.deep.equal(advertisedRanges());
    });
  }

  it('answers ApiVersions v3 with exactly the bytes of a v3 body behind a v0 response header', async () => {
    const frame = client.frame(18, 3, { clientSoftwareName: 'raw-client', clientSoftwareVersion: '1.0' }, 77);
    const received = new Promise<Buffer>((resolve) => client.socket.once('data', (d: Buffer) => resolve(d)));
    client.write(frame);
    const bytes = await received;
    const expected = Buffer.concat(encodeResponse(18, 3, 77, { errorCode: 0, apiKeys: advertisedRanges(), throttleTimeMs: 0 }));
    expect(bytes.readInt32BE(4)).to.equal(77); // header v0: the correlation id, no tagged-field byte after it
    expect(bytes).to.deep.equal(expected);
  });

  for (const version of [4, 99]) {
    it(`answers ApiVersions v${version} (unknown here) with a v0 body: UNSUPPORTED_VERSION and the ranges, and keeps the connection`, async () => {
      const frame = client.frame(18, 3, { clientSoftwareName: 'x', clientSoftwareVersion: 'y' }, 5);
      frame.writeInt16BE(version, 6); // a version this broker does not know: its body cannot be read
      const response = client.expect(18, 0, 5);
      client.write(frame);
      const res = await response;
      expect(res.errorCode).to.equal(errorCode('UNSUPPORTED_VERSION'));
      expect(res.errorCode).to.equal(35);
      expect(res.apiKeys).to.deep.equal(advertisedRanges());
      // The client retries with a version from the list on the same connection.
      expect((await client.request(18, 2, {})).errorCode).to.equal(0);
    });
  }

  it('creates a topic and lists it in Metadata', async () => {
    await createTopic(client, 'orders', 3);
    const metadata = await client.request(3, 9, { topics: [{ name: 'orders' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect(metadata.topics.map((x) => [x.name, x.errorCode, x.partitions.length])).to.deep.equal([['orders', 0, 3]]);
  });

  it('answers Produce v0-v2 (old message sets) per partition with UNSUPPORTED_FOR_MESSAGE_FORMAT and appends nothing', async () => {
    await createTopic(client, 'old');
    const res = await client.request(0, 2, produceBody('old', 0, await batchOf(1)));
    const p = res.responses[0].partitionResponses[0];
    expect(p.errorCode).to.equal(43);
    const fetched = await client.request(1, 12, fetchBody('old', 0, 0n));
    expect(fetched.responses[0].partitions[0].highWatermark).to.equal(0n);
  });

  it('stores batches produced with Produce v3, v7 and v9 and serves them byte for byte with Fetch v4, v11 and v12', async () => {
    await createTopic(client, 'rt');
    const produced: Buffer[] = [];
    for (const version of [3, 7, 9]) {
      const batch = await batchOf(3, `p${version}`);
      produced.push(batch);
      const res = await client.request(0, version, produceBody('rt', 0, batch));
      const p = res.responses[0].partitionResponses[0];
      expect([p.errorCode, p.baseOffset], `Produce v${version}`).to.deep.equal([0, BigInt((produced.length - 1) * 3)]);
    }
    for (const version of [4, 11, 12]) {
      const res = await client.request(1, version, fetchBody('rt', 0, 0n));
      const p = res.responses[0].partitions[0];
      expect([p.errorCode, p.highWatermark], `Fetch v${version}`).to.deep.equal([0, 9n]);
      const records = p.records!;
      let at = 0;
      produced.forEach((batch, i) => {
        expectSameBatch(records.subarray(at, at + batch.length), batch, BigInt(i * 3));
        at += batch.length;
      });
      expect(at).to.equal(records.length);
    }
  });

  it('sends nothing for a Produce with acks=0, yet answers the request after it', async () => {
    await createTopic(client, 'quiet');
    client.send(0, 7, produceBody('quiet', 0, await batchOf(2), 0));
    const framesBefore = client.framesReceived;
    const metadata = await client.request(3, 4, { topics: [{ name: 'quiet' }], allowAutoTopicCreation: false });
    expect(client.framesReceived).to.equal(framesBefore + 1); // only the Metadata response arrived
    expect(metadata.topics[0].name).to.equal('quiet');
    const fetched = await client.request(1, 11, fetchBody('quiet', 0, 0n));
    expect(fetched.responses[0].partitions[0].highWatermark).to.equal(2n);
  });

  it('answers a Produce with acks=0 followed at once by more requests in one write', async () => {
    await createTopic(client, 'quiet2');
    const silent = client.frame(0, 9, produceBody('quiet2', 0, await batchOf(1), 0));
    const id = 1000;
    const answered = client.expect(3, 1, id);
    client.write(Buffer.concat([silent, silent, client.frame(3, 1, { topics: [{ name: 'quiet2' }] }, id)]));
    expect((await answered).topics[0].name).to.equal('quiet2');
    await waitUntil('both acks=0 batches are in the log', () => t.broker.partitionLog('quiet2', 0)!.logEndOffset === 2n);
  });

  it('passes the client id of the request header to the broker (member ids start with it)', async () => {
    const join = await client.request(11, 4, {
      groupId: 'g', sessionTimeoutMs: 10000, rebalanceTimeoutMs: 10000, memberId: '', groupInstanceId: null, protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    expect(join.errorCode).to.equal(errorCode('MEMBER_ID_REQUIRED'));
    expect(join.memberId).to.match(/^raw-client-/);
  });
});

describe('BrokerServer: start and close', function () {
  this.timeout(30000);

  it('holds connections that arrive while the broker is still opening and serves them once it is open', async () => {
    let early: RawClient | null = null;
    let answer: Promise<unknown> | null = null;
    const server = await BrokerServer.start({
      host: '127.0.0.1',
      port: 0,
      broker: async (address) => {
        early = await RawClient.connect(address); // the address is real and accepting already
        answer = early.request(18, 2, {});
        await new Promise((r) => setTimeout(r, 50));
        return { handle: async () => ({ errorCode: 0, apiKeys: [], throttleTimeMs: 0 }) } as never;
      },
    });
    try {
      expect(await answer).to.deep.include({ errorCode: 0 });
    } finally {
      early!.destroy();
      await server.close();
    }
  });

  it('closes the listener again when opening the broker fails', async () => {
    let port = 0;
    const failure = await BrokerServer.start({
      host: '127.0.0.1',
      port: 0,
      broker: async (address) => {
        port = address.port;
        throw new Error('data dir is locked');
      },
    }).then(() => null, (err: Error) => err);
    expect(failure?.message).to.equal('data dir is locked');
    const refused = await RawClient.connect({ host: '127.0.0.1', port }).then((c) => (c.destroy(), false), () => true);
    expect(refused).to.equal(true);
  });

  it('closes every connection on close() and stops accepting', async () => {
    const server = await BrokerServer.start({ host: '127.0.0.1', port: 0, broker: { handle: () => new Promise(() => {}) } as never });
    const client = await RawClient.connect(server.address);
    const pending = client.request(18, 2, {}).then(() => 'answered', () => 'dropped');
    await waitUntil('the request is in flight', () => server.stats().connections[0]?.inFlightRequests === 1);
    await server.close();
    expect(await pending).to.equal('dropped');
    expect(await RawClient.connect(server.address).then((c) => (c.destroy(), 'accepted'), () => 'refused')).to.equal('refused');
  });
});
