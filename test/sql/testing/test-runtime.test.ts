import { expect } from 'chai';
import { Serdes, StreamsBuilder } from '../../../core/streams/index.js';
import type { PersistentQuerySpec } from '../../../sql/engine/runtime.js';
import { TestRuntime } from '../../../sql/testing/test-runtime.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const values = (rt: TestRuntime, topic: string): (string | null)[] => rt.records(topic).map((r) => r.value?.toString('utf8') ?? null);

/** A query reading `from` and writing each value through `f` to `to`. */
function mapQuery(id: string, from: string[], to: string, f: (v: string) => string | null): PersistentQuerySpec {
  const b = new StreamsBuilder();
  const serdes = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  b.stream<string, string>(from, serdes).filter((_k, v) => f(v) !== null).mapValues((v) => f(v)!).to(to, serdes);
  return { id, applicationId: `app-${id}`, topology: b.build(), sourceTopics: from, sinkTopic: to };
}

describe('TestRuntime', () => {
  let rt: TestRuntime;
  beforeEach(() => (rt = new TestRuntime()));
  afterEach(() => rt.close());

  it('keeps produced records per topic with offsets, timestamps and headers', async () => {
    await rt.createTopic('t', 1, 1);
    await rt.produce('t', [{ key: bytes('k'), value: bytes('a'), timestamp: 5, headers: [{ key: 'h', value: bytes('x') }] }, { key: null, value: null, timestamp: 6, headers: [] }]);
    const [a, b] = rt.records('t');
    expect([a.offset, b.offset]).to.deep.equal([0n, 1n]);
    expect(a.key?.toString()).to.equal('k');
    expect(a.timestamp).to.equal(5);
    expect(a.headers[0].value?.toString()).to.equal('x');
    expect(b.value).to.equal(null);
    expect(await rt.describeTopic('t')).to.deep.equal({ name: 't', partitions: 1, replicas: 1 });
  });

  it('refuses to produce to a missing topic and to create a topic twice', async () => {
    await rt.createTopic('t', 1, 1);
    let produceError: unknown;
    await rt.produce('nope', []).catch((e: unknown) => (produceError = e));
    expect((produceError as Error).message).to.contain("'nope'");
    let createError: unknown;
    await rt.createTopic('t', 1, 1).catch((e: unknown) => (createError = e));
    expect((createError as Error).message).to.equal("Topic 't' already exists.");
  });

  it('runs nothing until runQueries, then feeds a query all records of its source', async () => {
    await rt.createTopic('in', 1, 1);
    await rt.createTopic('out', 1, 1);
    await rt.produce('in', [{ key: bytes('k'), value: bytes('a'), timestamp: 1, headers: [] }]);
    await rt.startPersistent(mapQuery('Q1', ['in'], 'out', (v) => v.toUpperCase()));
    await rt.produce('in', [{ key: bytes('k'), value: bytes('b'), timestamp: 2, headers: [] }]);
    expect(values(rt, 'out')).to.deep.equal([]);
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['A', 'B']);
    expect(rt.records('out').map((r) => r.timestamp)).to.deep.equal([1, 2]);
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['A', 'B'], 'a second run consumes nothing twice');
  });

  it('lets a later query consume an earlier query\'s output, but not an earlier one a later one\'s in the same run', async () => {
    for (const t of ['a', 'b', 'c', 'z']) await rt.createTopic(t, 1, 1);
    await rt.startPersistent(mapQuery('Q1', ['a'], 'b', (v) => `${v}1`));
    await rt.startPersistent(mapQuery('Q2', ['b'], 'c', (v) => `${v}2`));
    await rt.startPersistent(mapQuery('Q3', ['z'], 'a', (v) => `${v}3`)); // writes into Q1's source
    await rt.appendInputs('a', [{ key: null, value: bytes('x'), timestamp: 0, headers: [] }]);
    await rt.appendInputs('z', [{ key: null, value: bytes('y'), timestamp: 0, headers: [] }]);
    await rt.runQueries();
    expect(values(rt, 'c')).to.deep.equal(['x12']);
    expect(values(rt, 'a')).to.deep.equal(['x', 'y3']);
  });

  it('feeds the input records of a query\'s input topics merged in file order', async () => {
    for (const t of ['l', 'r', 'out']) await rt.createTopic(t, 1, 1);
    await rt.appendInputs('l', [{ key: null, value: bytes('l1'), timestamp: 0, headers: [] }]);
    await rt.appendInputs('r', [{ key: null, value: bytes('r1'), timestamp: 0, headers: [] }]);
    await rt.appendInputs('l', [{ key: null, value: bytes('l2'), timestamp: 0, headers: [] }]);
    await rt.startPersistent(mapQuery('Q', ['l', 'r'], 'out', (v) => v));
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['l1', 'r1', 'l2']);
  });

  it('feeds other source topics one whole topic at a time, in Java HashSet order of their names', async () => {
    // 'l' hashes to bucket 12 and 'r' to bucket 2: ksqlDB's runner reads all of r, then all of l.
    for (const t of ['l', 'r', 'out']) await rt.createTopic(t, 1, 1);
    await rt.produce('l', [{ key: null, value: bytes('l1'), timestamp: 0, headers: [] }]);
    await rt.produce('r', [{ key: null, value: bytes('r1'), timestamp: 0, headers: [] }]);
    await rt.produce('l', [{ key: null, value: bytes('l2'), timestamp: 0, headers: [] }]);
    await rt.startPersistent(mapQuery('Q', ['l', 'r'], 'out', (v) => v));
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['r1', 'l1', 'l2']);
  });

  it('feeds only the input records of a topic that has some, as ksqlDB feeds provided inputs there', async () => {
    await rt.createTopic('in', 1, 1);
    await rt.createTopic('out', 1, 1);
    await rt.produce('in', [{ key: null, value: bytes('inserted'), timestamp: 0, headers: [] }]);
    await rt.appendInputs('in', [{ key: null, value: bytes('input'), timestamp: 0, headers: [] }]);
    await rt.startPersistent(mapQuery('Q', ['in'], 'out', (v) => v));
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['input']);
  });

  it('drops a record a query fails on, records why, and goes on with the next', async () => {
    await rt.createTopic('in', 1, 1);
    await rt.createTopic('out', 1, 1);
    await rt.startPersistent(mapQuery('Q', ['in'], 'out', (v) => {
      if (v === 'bad') throw new Error('boom');
      return v;
    }));
    await rt.produce('in', ['ok1', 'bad', 'ok2'].map((v) => ({ key: null, value: bytes(v), timestamp: 0, headers: [] })));
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['ok1', 'ok2']);
    expect(rt.processingErrors.map((e) => [e.queryId, e.topic, e.error.message])).to.deep.equal([['Q', 'in', 'boom']]);
  });

  it('lets a query catch up before it is terminated, and feeds it nothing after', async () => {
    await rt.createTopic('in', 1, 1);
    await rt.createTopic('out', 1, 1);
    const handle = await rt.startPersistent(mapQuery('Q', ['in'], 'out', (v) => v));
    await rt.produce('in', [{ key: null, value: bytes('before'), timestamp: 0, headers: [] }]);
    await handle.stop();
    await rt.produce('in', [{ key: null, value: bytes('after'), timestamp: 0, headers: [] }]);
    await rt.runQueries();
    expect(values(rt, 'out')).to.deep.equal(['before']);
    expect(handle.state()).to.equal('TERMINATED');
  });

  it('keeps the command topic in order and rejects transient queries', async () => {
    await rt.appendCommand('CREATE STREAM A ...;');
    await rt.appendCommand('CREATE STREAM B ...;');
    expect(await rt.readCommands()).to.deep.equal(['CREATE STREAM A ...;', 'CREATE STREAM B ...;']);
    let error: unknown;
    await rt.startTransient().catch((e: unknown) => (error = e));
    expect((error as Error).message).to.contain('not supported by the test runtime');
  });
});
