import { expect } from 'chai';
import { Serdes, StreamsBuilder, type TimestampedKeyValueStore } from '../../../../../core/streams/index.js';
import { openDriver, type Row } from './helpers.js';

// Orders (key order id, value "customer:item") join customers (key customer id, value name).
const customerOf = (order: string): string | null => (order.includes(':') ? order.split(':')[0]! : null);
const itemOf = (order: string): string => order.split(':').pop()!;
const joiner = (order: string, customer: string | null) => `${itemOf(order)}@${customer}`;

function fkTopology(leftJoin: boolean, options: { name?: string; storeName?: string } = {}) {
  const b = new StreamsBuilder();
  const orders = b.table<string, string>('orders');
  const customers = b.table<string, string>('customers');
  const joined = leftJoin
    ? orders.leftJoinForeignKey(customers, customerOf, joiner, { ...options, valueSerde: Serdes.String() })
    : orders.joinForeignKey(customers, customerOf, joiner, { ...options, valueSerde: Serdes.String() });
  joined.toStream().to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return b.build();
}

describe('foreign-key joins', () => {
  describe('inner', () => {
    it('joins a left row with the right row its foreign key names, when both exist', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o2', 'c2:pen', 30); // no customer c2 yet: no result, no tombstone
      expect(read()).to.deep.equal([['o1', 'book@Ann', 20]] satisfies Row[]);
      await pipe('customers', 'c2', 'Bob', 40);
      expect(read()).to.deep.equal([['o2', 'pen@Bob', 40]] satisfies Row[]);
      await driver.close();
    });

    it('follows a changed foreign key and stops listening to the old right row', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('customers', 'c2', 'Bob', 11);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o2', 'c2:pen', 21);
      read();
      await pipe('orders', 'o1', 'c2:book', 50);
      expect(read()).to.deep.equal([['o1', 'book@Bob', 50]] satisfies Row[]);
      await pipe('customers', 'c1', 'Anna', 60); // o1 left c1: nothing
      expect(read()).to.deep.equal([]);
      await pipe('customers', 'c2', 'Bobby', 70); // both subscribers, in primary-key order
      expect(read()).to.deep.equal([['o1', 'book@Bobby', 70], ['o2', 'pen@Bobby', 70]] satisfies Row[]);
      await driver.close();
    });

    it('sends a tombstone when the foreign key moves to a missing right row, and only once', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o1', 'c9:book', 30);
      await pipe('orders', 'o1', 'c9:lamp', 40); // still no c9: the result was already deleted
      await pipe('orders', 'o1', 'lamp', 50); // no foreign key at all: still nothing
      expect(read()).to.deep.equal([['o1', 'book@Ann', 20], ['o1', null, 30]] satisfies Row[]);
      await driver.close();
    });

    it('sends a tombstone whenever a left row is deleted, joined or not (as Kafka propagates left deletes)', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o2', 'c9:pen', 21);
      await pipe('orders', 'o1', null, 30);
      await pipe('orders', 'o2', null, 31);
      expect(read()).to.deep.equal([['o1', 'book@Ann', 20], ['o1', null, 30], ['o2', null, 31]] satisfies Row[]);
      await pipe('customers', 'c1', 'Anna', 40); // o1 unsubscribed on delete
      expect(read()).to.deep.equal([]);
      await driver.close();
    });

    it('sends tombstones to every subscriber when the right row is deleted, and rejoins when it returns', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o2', 'c1:pen', 21);
      read();
      await pipe('customers', 'c1', null, 30);
      expect(read()).to.deep.equal([['o1', null, 30], ['o2', null, 30]] satisfies Row[]);
      await pipe('customers', 'c1', 'Ann', 40);
      expect(read()).to.deep.equal([['o1', 'book@Ann', 40], ['o2', 'pen@Ann', 40]] satisfies Row[]);
      await driver.close();
    });

    it('stamps results with the later of the two rows\' timestamps', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false));
      await pipe('customers', 'c1', 'Ann', 100);
      await pipe('orders', 'o1', 'c1:book', 50);
      await pipe('customers', 'c1', 'Anna', 70); // out of order on the right
      expect(read()).to.deep.equal([['o1', 'book@Ann', 100], ['o1', 'book@Anna', 70]] satisfies Row[]);
      await driver.close();
    });
  });

  describe('left', () => {
    it('joins with null while the right row is missing, and updates when it appears and goes', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(true));
      await pipe('orders', 'o3', 'c5:cup', 10);
      await pipe('customers', 'c5', 'Eve', 20);
      await pipe('customers', 'c5', null, 30);
      expect(read()).to.deep.equal([['o3', 'cup@null', 10], ['o3', 'cup@Eve', 20], ['o3', 'cup@null', 30]] satisfies Row[]);
      await driver.close();
    });

    it('joins a row without foreign key with null, and deletes its result with the row', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(true));
      await pipe('customers', 'c1', 'Ann', 5);
      await pipe('orders', 'o4', 'plate', 10);
      await pipe('orders', 'o4', 'c1:plate', 20);
      await pipe('orders', 'o4', 'bowl', 30); // foreign key removed
      await pipe('customers', 'c1', 'Anna', 40); // o4 no longer subscribed
      await pipe('orders', 'o4', null, 50);
      expect(read()).to.deep.equal([['o4', 'plate@null', 10], ['o4', 'plate@Ann', 20], ['o4', 'bowl@null', 30], ['o4', null, 50]] satisfies Row[]);
      await driver.close();
    });
  });

  describe('topology and state', () => {
    it('routes through a subscription topic read with the right table and a response topic read with the left one', () => {
      const b = new StreamsBuilder();
      const orders = b.table<string, string>('orders');
      const customers = b.table<string, string>('customers');
      orders.joinForeignKey(customers, customerOf, joiner).toStream().to('out');
      const t = b.build();
      const [subscription, response] = [...t.repartitionTopics.keys()];
      expect(subscription).to.match(/^KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-\d{10}-topic$/);
      expect(response).to.match(/^KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-\d{10}-topic$/);
      const subs = t.subTopologies();
      const topicsOf = (storeName: string | null) => subs.find((s) => s.stores.some((d) => d.name === storeName))!.sources.flatMap((s) => s.topics);
      expect(topicsOf(customers.queryableStoreName())).to.have.members(['customers', subscription]);
      expect(topicsOf(orders.queryableStoreName())).to.have.members(['orders', response]);
    });

    it('keys subscriptions with the right table\'s key serde and answers with the left one, so they partition like the tables', () => {
      const b = new StreamsBuilder();
      const leftKeys = { ...Serdes.String(), name: 'LeftKeys' };
      const rightKeys = { ...Serdes.String(), name: 'RightKeys' };
      const orders = b.table<string, string>('orders', { keySerde: leftKeys });
      const customers = b.table<string, string>('customers', { keySerde: rightKeys });
      orders.joinForeignKey(customers, customerOf, joiner).toStream().to('out');
      const t = b.build();
      const [subscription, response] = [...t.repartitionTopics.keys()];
      const sinks = t.subTopologies().flatMap((s) => s.nodes).filter((n) => n.kind === 'sink');
      expect(sinks.find((n) => n.topic === subscription)!.keySerde.name).to.equal('RightKeys');
      expect(sinks.find((n) => n.topic === response)!.keySerde.name).to.equal('LeftKeys');
      expect(sinks.every((n) => n.partitioner === undefined)).to.equal(true);
    });

    it('materializes the result under the given store name and names parts after the join', async () => {
      const t = fkTopology(false, { name: 'fk', storeName: 'order-customers' });
      expect([...t.repartitionTopics.keys()]).to.deep.equal(['fk-subscription-registration-topic', 'fk-subscription-response-topic']);
      expect(t.allStores().map((s) => s.name)).to.include.members(['fk-subscription-store', 'order-customers']);
      const { driver, pipe } = await openDriver(t);
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('orders', 'o1', 'c1:book', 20);
      const store = driver.getStateStore<TimestampedKeyValueStore<string, string>>('order-customers');
      expect(store.get('o1')).to.deep.equal({ value: 'book@Ann', timestamp: 20 });
      await pipe('orders', 'o1', null, 30);
      expect(store.get('o1')).to.equal(null);
      await driver.close();
    });

    it('gives the same results on LevelDB stores', async () => {
      const { driver, pipe, read } = await openDriver(fkTopology(false), { leveldb: true });
      await pipe('customers', 'c1', 'Ann', 10);
      await pipe('customers', 'c2', 'Bob', 11);
      await pipe('orders', 'o1', 'c1:book', 20);
      await pipe('orders', 'o2', 'c1:pen', 21);
      await pipe('orders', 'o1', 'c2:book', 30);
      await pipe('customers', 'c1', 'Anna', 40);
      await pipe('customers', 'c2', null, 50);
      expect(read()).to.deep.equal([
        ['o1', 'book@Ann', 20], ['o2', 'pen@Ann', 21], ['o1', 'book@Bob', 30], ['o2', 'pen@Anna', 40], ['o1', null, 50],
      ] satisfies Row[]);
      await driver.close();
    });

    it('rejects a non-table right side and a missing extractor, naming the operation', () => {
      const b = new StreamsBuilder();
      const orders = b.table<string, string>('orders');
      const stream = b.stream<string, string>('s');
      expect(() => orders.joinForeignKey(stream as never, customerOf, joiner)).to.throw(/KTable\.joinForeignKey\(\): the other input must be a KTable/);
      expect(() => orders.leftJoinForeignKey(b.table<string, string>('c'), undefined as never, joiner)).to.throw(/leftJoinForeignKey\(\): the foreign-key extractor must be a function/);
    });
  });
});
