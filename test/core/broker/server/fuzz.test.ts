/**
 * Random and mutated frames against a live broker. Seeded: a failure prints its seed, and
 * FJORD_FUZZ_SEED=<seed> replays it (FJORD_FUZZ_ITERATIONS changes the count).
 */
import { expect } from 'chai';
import { RawClient } from './raw-client.js';
import { expectCleanReopen, logEnds } from './log-check.js';
import { batchOf, createTopic, fetchBody, produceBody, startTestServer, waitUntil, type TestServer } from './test-server.js';
import { prng } from '../../../helpers/prng.js';

const iterations = Number(process.env.FJORD_FUZZ_ITERATIONS ?? 300);
const seed = Number(process.env.FJORD_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The seeded PRNG with an integer helper, enough to replay a run. */
function seeded(s: number): { next: () => number; int: (n: number) => number } {
  const next = prng(s);
  return { next, int: (n) => Math.floor(next() * n) };
}

type Rng = ReturnType<typeof seeded>;

/** Valid frames of APIs that neither park for long nor create or delete resources (CreateTopics, DeleteTopics, ...). */
async function validFrames(c: RawClient): Promise<Buffer[]> {
  const batch = await batchOf(3, 'fz');
  const listOffsets = { replicaId: -1, isolationLevel: 0, topics: [{ name: 'fuzz', partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1n }] }] };
  return [
    ...[0, 1, 2, 3].map((v) => c.frame(18, v, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' })),
    ...[1, 4, 9, 12].map((v) => c.frame(3, v, { topics: [{ name: 'fuzz' }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })),
    ...[3, 7, 9].map((v) => c.frame(0, v, produceBody('fuzz', 0, batch))),
    ...[4, 11, 12].map((v) => c.frame(1, v, fetchBody('fuzz', 0, 0n, { maxWaitMs: 0 }))),
    ...[1, 5, 7].map((v) => c.frame(2, v, listOffsets)),
    c.frame(10, 0, { key: 'g' }),
    c.frame(16, 4, { statesFilter: [], typesFilter: [] }),
    c.frame(15, 5, { groups: ['g'], includeAuthorizedOperations: false }),
    c.frame(12, 4, { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }),
  ];
}

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

/** One hostile input: random bytes, or a valid frame flipped, cut, resized or padded. */
function mutate(rng: Rng, valid: Buffer[]): Buffer {
  const frame = Buffer.from(valid[rng.int(valid.length)]);
  switch (rng.int(6)) {
    case 0:
      return randomBytes(rng, rng.int(300));
    case 1: {
      const sized = randomBytes(rng, 8 + rng.int(200));
      sized.writeInt32BE(sized.length - 4, 0);
      return sized;
    }
    case 2: {
      for (let flips = 1 + rng.int(4); flips > 0; flips--) frame[4 + rng.int(frame.length - 4)] = rng.int(256);
      return frame;
    }
    case 3: {
      const cut = frame.subarray(0, 4 + rng.int(frame.length - 4));
      cut.writeInt32BE(cut.length - 4, 0);
      return cut;
    }
    case 4: {
      frame.writeInt32BE(frame.length - 4 + rng.int(64) - 32, 0);
      return frame;
    }
    default: {
      const padded = Buffer.concat([frame, randomBytes(rng, 1 + rng.int(16))]);
      padded.writeInt32BE(padded.length - 4, 0);
      return Buffer.concat([valid[rng.int(valid.length)], padded, valid[rng.int(valid.length)]]);
    }
  }
}

describe('BrokerServer fuzz: random and mutated frames', function () {
  this.timeout(120000);
  let t: TestServer;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.error(`fuzz seed: ${seed} (replay with FJORD_FUZZ_SEED=${seed})`);
    await t?.close(); // idempotent: a no-op after the test closed it itself
  });

  it(`survives ${iterations} hostile connections, then serves a normal client and reopens with intact logs (seed ${seed})`, async () => {
    t = await startTestServer({ limits: { requestBytesMax: 1 << 20 } });
    const setup = await RawClient.connect(t.server.address);
    await createTopic(setup, 'fuzz');
    await createTopic(setup, 'check');
    const valid = await validFrames(setup);
    setup.destroy();
    const rng = seeded(seed);
    let answered = 0;
    for (let i = 0; i < iterations; i++) {
      const c = await RawClient.connect(t.server.address);
      c.write(mutate(rng, valid));
      // Half of the clients hang up at once (dropping whatever is pending); the rest give the server a moment.
      if (rng.int(2) === 0) c.socket.end();
      await Promise.race([c.closed, new Promise((r) => setTimeout(r, 20))]);
      c.destroy();
      await c.closed;
      if (c.framesReceived > 0) answered++;
    }
    await waitUntil('every hostile connection is closed', () => t.server.stats().connectionsOpen === 0);
    // Both paths were exercised: some mutated requests still parsed and were answered, others were refused.
    expect(answered, 'connections that got a response').to.be.greaterThan(0);
    expect(t.server.stats().connectionsClosedOnError, 'connections dropped for bad input').to.be.greaterThan(0);
    const bugs = t.logger.lines.filter((l) => l.startsWith('error '));
    expect(bugs, `handler failures (seed ${seed})`).to.deep.equal([]);

    const client = await RawClient.connect(t.server.address);
    const batch = await batchOf(5, 'after-fuzz');
    const produced = await client.request(0, 9, produceBody('check', 0, batch));
    expect(produced.responses[0].partitionResponses[0].errorCode).to.equal(0);
    const fetched = await client.request(1, 12, fetchBody('check', 0, 0n));
    expect(fetched.responses[0].partitions[0].records!.subarray(16)).to.deep.equal(batch.subarray(16));
    client.destroy();

    const ends = logEnds(t.broker);
    await t.close();
    await expectCleanReopen(t.dataDir, ends);
  });
});
