import { expect } from 'chai';
import { Serdes, StreamsBuilder } from '../../../../../core/streams/index.js';
import { openDriver, type Row } from './helpers.js';

const joiner = (click: string, place: string | null) => `${click}@${place}`;

/** clicks (key user) joined with the users table (key user, value city). */
function streamTableTopology(leftJoin: boolean) {
  const b = new StreamsBuilder();
  const users = b.table<string, string>('users');
  const clicks = b.stream<string, string>('clicks');
  (leftJoin ? clicks.leftJoin(users, joiner) : clicks.join(users, joiner)).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return b.build();
}

/** orders (key order id, value "user:item") joined with a global users table through the user in the value. */
function globalTopology(leftJoin: boolean) {
  const b = new StreamsBuilder();
  const users = b.globalTable<string, string>('users');
  const orders = b.stream<string, string>('orders');
  const userOf = (_orderId: string, order: string) => order.split(':')[0]!;
  const item = (order: string) => order.split(':')[1]!;
  const joined = leftJoin
    ? orders.leftJoinGlobal(users, userOf, (order, city: string | null) => `${item(order)}@${city}`)
    : orders.joinGlobal(users, userOf, (order, city: string) => `${item(order)}@${city}`);
  joined.to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return b.build();
}

describe('stream-table joins', () => {
  it('inner: joins each stream record with the table value current when it is processed', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(false));
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('clicks', 'u1', 'c1', 20);
    await pipe('clicks', 'u2', 'c2', 21); // no such user: no output
    await pipe('users', 'u1', 'Bergen', 30); // a table update emits nothing
    await pipe('clicks', 'u1', 'c3', 25); // the current value, whatever the timestamps
    expect(read()).to.deep.equal([['u1', 'c1@Oslo', 20], ['u1', 'c3@Bergen', 25]] satisfies Row[]);
    await driver.close();
  });

  it('inner: a table tombstone stops later stream records from joining and emits nothing itself', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(false));
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('users', 'u1', null, 40);
    await pipe('clicks', 'u1', 'c4', 41);
    expect(read()).to.deep.equal([]);
    await driver.close();
  });

  it('left: joins with null when the table has no value, before and after a tombstone', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(true));
    await pipe('clicks', 'u1', 'c0', 5);
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('clicks', 'u1', 'c1', 20);
    await pipe('users', 'u1', null, 30);
    await pipe('clicks', 'u1', 'c2', 31);
    expect(read()).to.deep.equal([['u1', 'c0@null', 5], ['u1', 'c1@Oslo', 20], ['u1', 'c2@null', 31]] satisfies Row[]);
    await driver.close();
  });

  it('left: forwards a null-key record with a null table value and drops a null value', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(true));
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('clicks', null, 'c1', 20);
    await pipe('clicks', 'u1', null, 21);
    expect(read()).to.deep.equal([[null, 'c1@null', 20]] satisfies Row[]);
    expect(driver.dropped.map((d) => d.reason)).to.deep.equal(['null key or value in a stream-table join']);
    await driver.close();
  });

  it('inner: drops a null-key record and says why', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(false));
    await pipe('clicks', null, 'c1', 20);
    expect(read()).to.deep.equal([]);
    expect(driver.dropped.map((d) => d.reason)).to.deep.equal(['null key or value in a stream-table join']);
    await driver.close();
  });

  it('repartitions a re-keyed stream before joining, so both sides share a task', async () => {
    const b = new StreamsBuilder();
    const users = b.table<string, string>('users');
    b.stream<string, string>('orders').selectKey((_k, v) => v.split(':')[0]!).join(users, joiner).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
    const t = b.build();
    expect(t.repartitionTopics.size).to.equal(1);
    const joinSub = t.subTopologies().find((s) => s.stores.some((d) => d.name === users.queryableStoreName()))!;
    expect(joinSub.sources.flatMap((s) => s.topics)).to.have.members(['users', [...t.repartitionTopics.keys()][0]!]);
    const { driver, pipe, read } = await openDriver(t);
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('orders', 'o1', 'u1:book', 20);
    expect(read()).to.deep.equal([['u1', 'u1:book@Oslo', 20]] satisfies Row[]);
    await driver.close();
  });

  it('gives the same results on LevelDB stores', async () => {
    const { driver, pipe, read } = await openDriver(streamTableTopology(true), { leveldb: true });
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('clicks', 'u1', 'c1', 20);
    await pipe('users', 'u1', 'Bergen', 30);
    await pipe('clicks', 'u1', 'c2', 31);
    await pipe('users', 'u1', null, 40);
    await pipe('clicks', 'u1', 'c3', 41);
    expect(read()).to.deep.equal([['u1', 'c1@Oslo', 20], ['u1', 'c2@Bergen', 31], ['u1', 'c3@null', 41]] satisfies Row[]);
    await driver.close();
  });

  for (const leveldb of [false, true]) {
    it(`gives the joiner a fresh table value each time: what it modifies, later joins do not see (${leveldb ? 'LevelDB' : 'memory'} store)`, async () => {
      const b = new StreamsBuilder();
      const users = b.table<string, { city: string; visits: number[] }>('users', { valueSerde: Serdes.Json() });
      b.stream<string, string>('clicks')
        .join(users, (click, user) => {
          user.visits.push(user.visits.length);
          user.city += '!';
          return `${click}@${user.city}:${user.visits.join(',')}`;
        })
        .to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
      const { driver, pipe, read } = await openDriver(b.build(), { leveldb });
      await pipe('users', 'u1', JSON.stringify({ city: 'Oslo', visits: [] }), 10);
      for (let i = 1; i <= 3; i++) await pipe('clicks', 'u1', `c${i}`, 10 + i);
      await pipe('users', 'u1', JSON.stringify({ city: 'Bergen', visits: [7] }), 20);
      await pipe('clicks', 'u1', 'c4', 21);
      expect(read()).to.deep.equal([['u1', 'c1@Oslo!:0', 11], ['u1', 'c2@Oslo!:0', 12], ['u1', 'c3@Oslo!:0', 13], ['u1', 'c4@Bergen!:7,1', 21]] satisfies Row[]);
      await driver.close();
    });
  }
});

describe('stream-globalTable joins', () => {
  it('inner: looks the table up by the key the selector picks and keeps the stream key', async () => {
    const { driver, pipe, read } = await openDriver(globalTopology(false));
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('orders', 'o1', 'u1:book', 20);
    await pipe('orders', 'o2', 'u9:pen', 21); // no such user
    await pipe('users', 'u1', 'Bergen', 30); // no re-emit
    await pipe('orders', 'o3', 'u1:cup', 31);
    expect(read()).to.deep.equal([['o1', 'book@Oslo', 20], ['o3', 'cup@Bergen', 31]] satisfies Row[]);
    await driver.close();
  });

  it('left: joins with null for a missing or deleted table row', async () => {
    const { driver, pipe, read } = await openDriver(globalTopology(true));
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('orders', 'o2', 'u9:pen', 21);
    await pipe('users', 'u1', null, 30);
    await pipe('orders', 'o3', 'u1:cup', 31);
    expect(read()).to.deep.equal([['o2', 'pen@null', 21], ['o3', 'cup@null', 31]] satisfies Row[]);
    await driver.close();
  });

  it('needs no repartitioning for a re-keyed stream: the global table is not in its sub-topology', () => {
    const t = globalTopology(false);
    expect(t.repartitionTopics.size).to.equal(0);
    const local = t.subTopologies().filter((s) => !s.global);
    expect(local.map((s) => s.sources.flatMap((src) => src.topics))).to.deep.equal([['orders']]);
  });

  it('gives the same results on LevelDB stores', async () => {
    const { driver, pipe, read } = await openDriver(globalTopology(true), { leveldb: true });
    await pipe('users', 'u1', 'Oslo', 10);
    await pipe('orders', 'o1', 'u1:book', 20);
    await pipe('orders', 'o2', 'u2:pen', 21);
    expect(read()).to.deep.equal([['o1', 'book@Oslo', 20], ['o2', 'pen@null', 21]] satisfies Row[]);
    await driver.close();
  });
});
