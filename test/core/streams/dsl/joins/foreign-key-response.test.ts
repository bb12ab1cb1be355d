import { expect } from 'chai';
import { Serdes, Topology, TopologyTestDriver } from '../../../../../core/streams/index.js';
import { leftValueHash, responseResolverProcessor } from '../../../../../core/streams/dsl/processors/join-foreign-key.js';
import { responseSerde, subscriptionSerde, combinedKeySerde } from '../../../../../core/streams/dsl/processors/join-serdes.js';
import { tableSourceProcessor } from '../../../../../core/streams/dsl/processors/stateful.js';

const s = Serdes.String();
const joiner = (order: string, customer: string | null) => `${order.split(':')[1]}@${customer}`;

/** A left table on `left` and the response resolver on `responses`, results to `out`. */
async function resolverDriver(leftJoin: boolean) {
  const t = new Topology();
  t.addSource('left-source', ['left'], { keySerde: s, valueSerde: s });
  t.addProcessor('left-table', tableSourceProcessor('left-store'), 'left-source');
  t.addStateStore({ name: 'left-store', kind: 'keyValue', persistent: false, logging: false, changelogConfig: {}, timestamped: true, keySerde: s, valueSerde: s }, 'left-table');
  t.addSource('responses', ['responses'], { keySerde: s, valueSerde: responseSerde(s) });
  t.addProcessor('resolver', responseResolverProcessor({ leftStore: 'left-store', leftValueSerde: s, subscriptionTopic: 'sub', leftJoin, joiner }), 'responses');
  t.connectProcessorAndStateStores(['resolver', 'left-store']);
  t.addSink('out', 'out', { keySerde: s, valueSerde: s }, 'resolver');
  const driver = await TopologyTestDriver.create(t);
  return {
    driver,
    left: driver.createInputTopic('left', s, s),
    responses: driver.createInputTopic('responses', s, responseSerde(s)),
    out: driver.createOutputTopic('out', s, s),
  };
}

describe('foreign-key join answers', () => {
  it('joins an answer sent for the left row\'s current value, stamped with the later timestamp', async () => {
    const { driver, left, responses, out } = await resolverDriver(false);
    await left.pipeInput('o1', 'c1:book', 10);
    await responses.pipeInput('o1', { hash: leftValueHash(s, 'sub', 'c1:book'), value: 'Ann' }, 5);
    expect(out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).to.deep.equal([['o1', 'book@Ann', 10]]);
    await driver.close();
  });

  it('drops an answer sent for an older value of the row, or for a deleted row', async () => {
    const { driver, left, responses, out } = await resolverDriver(true);
    await left.pipeInput('o1', 'c1:book', 10);
    await left.pipeInput('o1', 'c2:book', 11);
    await responses.pipeInput('o1', { hash: leftValueHash(s, 'sub', 'c1:book'), value: 'Ann' }, 12);
    await left.pipeInput('o2', 'c1:pen', 13);
    await left.pipeInput('o2', null, 14);
    await responses.pipeInput('o2', { hash: leftValueHash(s, 'sub', 'c1:pen'), value: 'Ann' }, 15);
    expect(out.readRecordsToList()).to.deep.equal([]);
    await driver.close();
  });

  it('turns an answer without a right row into a null result (inner) or a join with null (left)', async () => {
    for (const [leftJoin, expected] of [[false, null], [true, 'book@null']] as const) {
      const { driver, left, responses, out } = await resolverDriver(leftJoin);
      await left.pipeInput('o1', 'c1:book', 10);
      await responses.pipeInput('o1', { hash: leftValueHash(s, 'sub', 'c1:book'), value: null }, 10);
      expect(out.readValuesToList()).to.deep.equal([expected]);
      await driver.close();
    }
  });
});

describe('foreign-key join serdes', () => {
  it('round-trip subscriptions, answers and combined keys, and name the topic on bad bytes', () => {
    const hash = leftValueHash(s, 't', 'v');
    expect(subscriptionSerde(s).deserialize('t', subscriptionSerde(s).serialize('t', { op: 'subscribe', pk: 'o1', hash }))).to.deep.equal({ op: 'subscribe', pk: 'o1', hash });
    expect(responseSerde(s).deserialize('t', responseSerde(s).serialize('t', { hash, value: null }))).to.deep.equal({ hash, value: null });
    const ck = combinedKeySerde(s, s);
    expect(ck.deserialize('t', ck.serialize('t', { fk: 'c1', pk: 'o1' }))).to.deep.equal({ fk: 'c1', pk: 'o1' });
    expect(() => subscriptionSerde(s).deserialize('sub-topic', Buffer.from([7, 1, 0]))).to.throw(/FkSubscription\(String\) serde on topic 'sub-topic': unknown version 7/);
    expect(() => ck.deserialize('store', Buffer.from([0, 0, 0, 9, 1]))).to.throw(/CombinedKey\(String, String\) serde on topic 'store': foreign key of 9 bytes runs past the end/);
  });
});
