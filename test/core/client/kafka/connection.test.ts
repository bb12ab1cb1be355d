import { expect } from 'chai';
import { supportedApis } from '../../../../core/broker/apis.js';
import { ClusterMetadata } from '../../../../core/client/kafka/cluster-metadata.js';
import { BrokerConnection, ConnectionError } from '../../../../core/client/kafka/connection.js';
import { resolveKafkaTransportConfig, type KafkaTransportConfig } from '../../../../core/client/kafka/kafka-config.js';
import { FjordError } from '../../../../core/errors.js';
import { systemClock } from '../../../../core/io/clock.js';
import { silentLogger } from '../../../../core/io/logger.js';
import { systemTimers } from '../../../../core/io/timers.js';
import { encodeResponse } from '../../../../core/protocol/messages.js';
import { FakeNetwork, HOLD, NO_REPLY, type FakeBroker, type FakeRequest } from './fake-broker.js';

const METADATA = { topics: [], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false };
const EMPTY_METADATA = { throttleTimeMs: 0, brokers: [], clusterId: 'c', controllerId: 1, topics: [] };

function produce(acks: number) {
  return { transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records: Buffer.from('batch') }] }] };
}

async function failure(p: Promise<unknown>): Promise<FjordError> {
  try {
    await p;
  } catch (err) {
    return err as FjordError;
  }
  throw new Error('expected a failure');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kafka transport: one broker connection', () => {
  let network: FakeNetwork;
  let broker: FakeBroker;
  let conn: BrokerConnection;

  function connect(overrides: Partial<KafkaTransportConfig> = {}): BrokerConnection {
    const config = resolveKafkaTransportConfig({ bootstrap: [broker.address], reconnectBackoffMs: 20, ...overrides });
    conn = new BrokerConnection({ nodeId: 1, address: broker.address, config, dial: network.dial, clock: systemClock, timers: systemTimers, logger: silentLogger, topicIds: new ClusterMetadata() });
    return conn;
  }

  beforeEach(() => {
    network = new FakeNetwork();
    broker = network.add(1);
    broker.handlers.Metadata = () => EMPTY_METADATA;
  });
  afterEach(() => conn?.close());

  it('opens lazily: nothing is dialled until the first request', async () => {
    connect();
    await sleep(5);
    expect(network.dials).to.have.length(0);
    await conn.send('Metadata', METADATA);
    expect(network.dials).to.have.length(1);
  });

  it('negotiates with the newest ApiVersions and then speaks min(Fjord max, broker max) per API', async () => {
    broker.ranges.Metadata = [0, 7];
    connect();
    await conn.send('Metadata', METADATA);
    expect(broker.apiVersionsAsked).to.deep.equal([supportedApis.ApiVersions.maxVersion]);
    expect(broker.received('Metadata')[0].apiVersion).to.equal(7);
  });

  it('retries ApiVersions with the highest version the broker lists when it answers UNSUPPORTED_VERSION', async () => {
    broker.apiVersionsMax = 1;
    connect();
    await conn.send('Metadata', METADATA);
    expect(broker.apiVersionsAsked).to.deep.equal([3, 1]);
    expect(conn.versions?.versionFor('Metadata')).to.equal(supportedApis.Metadata.maxVersion);
  });

  it('fails a request clearly when the broker lacks every version Fjord speaks, naming the API and both ranges', async () => {
    broker.ranges.Produce = [0, 2];
    connect();
    const err = await failure(conn.send('Produce', produce(1)));
    expect(err.code).to.equal('UNSUPPORTED_VERSION');
    expect(err.message).to.contain('Produce').and.contain('3-9').and.contain('0-2');
    // The connection itself stays usable for other APIs.
    expect(await conn.send('Metadata', METADATA)).to.deep.include({ controllerId: 1 });
  });

  it('pipelines up to maxInFlightRequestsPerConnection and answers each caller by correlation id, in order', async () => {
    const held: FakeRequest[] = [];
    broker.handlers.Metadata = (req) => (held.push(req), HOLD);
    connect({ maxInFlightRequestsPerConnection: 3 });
    const answers = Array.from({ length: 5 }, (_, i) => conn.send('Metadata', { ...METADATA, topics: [{ name: `t${i}`, topicId: Buffer.alloc(16) }] }));
    await sleep(10);
    expect(held).to.have.length(3);
    expect(conn.pendingRequests).to.equal(5);
    for (let round = 0; round < 5; round++) {
      await sleep(5);
      const req = held.shift()!;
      req.reply({ ...EMPTY_METADATA, clusterId: req.body.topics[0].name });
    }
    expect((await Promise.all(answers)).map((a) => a?.clusterId)).to.deep.equal(['t0', 't1', 't2', 't3', 't4']);
  });

  it('bounds the queue behind the in-flight window: callers beyond queuedRequestsMax wait, in order', async () => {
    const held: FakeRequest[] = [];
    broker.handlers.Metadata = (req) => (held.push(req), HOLD);
    connect({ maxInFlightRequestsPerConnection: 1, queuedRequestsMax: 2 });
    const answers = Array.from({ length: 5 }, (_, i) => conn.send('Metadata', { ...METADATA, topics: [{ name: `t${i}`, topicId: Buffer.alloc(16) }] }));
    await sleep(10);
    expect(conn.pendingSizes()).to.deep.equal({ inFlight: 1, queued: 2, blocked: 2 });
    while ((await Promise.race([Promise.all(answers).then(() => true), sleep(5).then(() => false)])) === false) {
      const req = held.shift();
      req?.reply({ ...EMPTY_METADATA, clusterId: req.body.topics[0].name });
      expect(conn.pendingSizes().queued).to.be.at.most(2);
    }
    expect((await Promise.all(answers)).map((a) => a?.clusterId)).to.deep.equal(['t0', 't1', 't2', 't3', 't4']);
  });

  it('resolves an acks=0 Produce with null once written, without waiting for an answer', async () => {
    broker.handlers.Produce = () => NO_REPLY;
    connect();
    expect(await conn.send('Produce', produce(0), { expectResponse: false })).to.equal(null);
    // The next request's answer is matched correctly: the acks=0 request took no slot.
    expect(await conn.send('Metadata', METADATA)).to.deep.include({ clusterId: 'c' });
  });

  it('times out only the unanswered request with REQUEST_TIMED_OUT and closes the connection; queued requests go out on a new one', async () => {
    broker.handlers.Metadata = (req) => (req.body.topics.length > 0 ? HOLD : EMPTY_METADATA);
    connect({ requestTimeoutMs: 100, maxInFlightRequestsPerConnection: 1 });
    const stuck = conn.send('Metadata', { ...METADATA, topics: [{ name: 'slow', topicId: Buffer.alloc(16) }] });
    const queued = conn.send('Metadata', METADATA, { extraTimeoutMs: 1000 });
    const err = await failure(stuck);
    expect(err.code).to.equal('REQUEST_TIMED_OUT');
    expect((err as ConnectionError).sent).to.equal(true);
    expect(await queued).to.deep.include({ clusterId: 'c' });
    expect(broker.streams.map((s) => s.closed)).to.deep.equal([true, false]);
  });

  it('fails in-flight requests with NETWORK_EXCEPTION when the broker drops the connection, then reconnects for the next', async () => {
    broker.handlers.Metadata = () => HOLD;
    connect();
    const lost = conn.send('Metadata', METADATA);
    await sleep(5);
    broker.streams[0].drop();
    const err = await failure(lost);
    expect(err.code).to.equal('NETWORK_EXCEPTION');
    expect((err as ConnectionError).sent).to.equal(true);
    broker.handlers.Metadata = () => EMPTY_METADATA;
    expect(await conn.send('Metadata', METADATA)).to.deep.include({ clusterId: 'c' });
    expect(broker.streams).to.have.length(2);
  });

  it('reports a refused connection as a NETWORK_EXCEPTION that was never sent, and backs off before dialling again', async () => {
    broker.refuse = true;
    connect({ reconnectBackoffMs: 80, reconnectBackoffMaxMs: 1000 });
    const err = await failure(conn.send('Metadata', METADATA));
    expect(err.code).to.equal('NETWORK_EXCEPTION');
    expect((err as ConnectionError).sent).to.equal(false);
    expect(err.message).to.contain(broker.bootstrap);
    broker.refuse = false;
    await conn.send('Metadata', METADATA);
    expect(network.dials).to.have.length(2);
    expect(network.dials[1].atMs - network.dials[0].atMs).to.be.at.least(70);
  });

  it('closes the connection on a response frame larger than receiveMessageMaxBytes', async () => {
    broker.handlers.Metadata = (req) => {
      const big = encodeResponse(3, req.apiVersion, req.correlationId, { ...EMPTY_METADATA, clusterId: 'x'.repeat(5000) });
      req.stream.deliver(Buffer.concat(big));
      return NO_REPLY;
    };
    connect({ receiveMessageMaxBytes: 1000 });
    const err = await failure(conn.send('Metadata', METADATA));
    expect(err.code).to.equal('NETWORK_EXCEPTION');
    expect(err.message).to.contain('receive.message.max.bytes');
  });

  it('treats an answer with the wrong correlation id as a broken stream', async () => {
    broker.handlers.Metadata = (req) => {
      req.stream.deliver(Buffer.concat(encodeResponse(3, req.apiVersion, req.correlationId + 7, EMPTY_METADATA)));
      return NO_REPLY;
    };
    connect();
    const err = await failure(conn.send('Metadata', METADATA));
    expect(err.code).to.equal('NETWORK_EXCEPTION');
    expect(err.message).to.match(/correlation id \d+, expected \d+/);
  });

  it('keeps the process alive only while requests are pending', async () => {
    connect();
    await conn.send('Metadata', METADATA);
    await sleep(5);
    expect(broker.streams[0].active).to.equal(false);
    broker.handlers.Metadata = () => HOLD;
    void conn.send('Metadata', METADATA).catch(() => {});
    await sleep(5);
    expect(broker.streams[0].active).to.equal(true);
  });

  it('fails everything pending with CLOSED on close()', async () => {
    broker.handlers.Metadata = () => HOLD;
    connect();
    const pending = conn.send('Metadata', METADATA);
    await sleep(5);
    conn.close();
    expect((await failure(pending)).code).to.equal('CLOSED');
    expect((await failure(conn.send('Metadata', METADATA))).code).to.equal('CLOSED');
  });
});
