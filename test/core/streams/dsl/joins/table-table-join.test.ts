import { expect } from 'chai';
import { Serdes, StreamsBuilder, type KTable, type TimestampedKeyValueStore } from '../../../../../core/streams/index.js';
import { openDriver, type Row } from './helpers.js';

type Kind = 'join' | 'leftJoin' | 'outerJoin';
const joiner = (l: string | null, r: string | null) => `${l}+${r}`;
const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

function joinTables(kind: Kind, b: StreamsBuilder, storeName?: string): KTable<string, string> {
  const left = b.table<string, string>('left');
  const right = b.table<string, string>('right');
  const materialized = storeName === undefined ? undefined : { storeName, ...strings };
  return kind === 'join' ? left.join(right, joiner, materialized)
    : kind === 'leftJoin' ? left.leftJoin(right, joiner, materialized)
      : left.outerJoin(right, joiner, materialized);
}

function tableTopology(kind: Kind) {
  const b = new StreamsBuilder();
  joinTables(kind, b).toStream().to('out', strings);
  return b.build();
}

describe('table-table joins', () => {
  it('inner: emits when both sides have a value, a tombstone when one goes, stamped with the later timestamp', async () => {
    const { driver, pipe, read } = await openDriver(tableTopology('join'));
    await pipe('left', 'a', 'A1', 1);
    await pipe('right', 'a', 'x', 2);
    await pipe('left', 'a', 'A2', 3);
    await pipe('right', 'a', 'y', 1); // older timestamp: the result keeps the left row's 3
    await pipe('left', 'a', null, 5);
    expect(read()).to.deep.equal([['a', 'A1+x', 2], ['a', 'A2+x', 3], ['a', 'A2+y', 3], ['a', null, 5]] satisfies Row[]);
    await driver.close();
  });

  it('inner: forwards no tombstone for a key that had no result', async () => {
    const { driver, pipe, read } = await openDriver(tableTopology('join'));
    await pipe('left', 'a', 'A', 1);
    await pipe('right', 'a', 'x', 2);
    await pipe('left', 'a', null, 3);
    await pipe('right', 'a', null, 4); // the result is already gone
    await pipe('left', 'b', 'B', 5);
    await pipe('left', 'b', null, 6); // b never joined
    expect(read()).to.deep.equal([['a', 'A+x', 2], ['a', null, 3]] satisfies Row[]);
    await driver.close();
  });

  it('left: joins left rows with null, and never emits for right rows alone', async () => {
    const { driver, pipe, read } = await openDriver(tableTopology('leftJoin'));
    await pipe('right', 'a', 'x', 1);
    await pipe('left', 'a', 'A', 2);
    await pipe('right', 'a', null, 3);
    await pipe('left', 'a', null, 4);
    await pipe('right', 'b', 'y', 5);
    await pipe('right', 'b', null, 6);
    expect(read()).to.deep.equal([['a', 'A+x', 2], ['a', 'A+null', 3], ['a', null, 4]] satisfies Row[]);
    await driver.close();
  });

  it('outer: keeps a result while either side has a value and tombstones it when both are gone', async () => {
    const { driver, pipe, read } = await openDriver(tableTopology('outerJoin'));
    await pipe('left', 'a', 'A', 1);
    await pipe('right', 'a', 'x', 2);
    await pipe('left', 'a', null, 3);
    await pipe('right', 'a', null, 4);
    await pipe('right', 'b', 'y', 5);
    expect(read()).to.deep.equal([['a', 'A+null', 1], ['a', 'A+x', 2], ['a', 'null+x', 3], ['a', null, 4], ['b', 'null+y', 5]] satisfies Row[]);
    await driver.close();
  });

  it('ignores a delete of a key neither side has, and one the other side alone has', async () => {
    for (const kind of ['join', 'leftJoin', 'outerJoin'] as const) {
      const { driver, pipe, read } = await openDriver(tableTopology(kind));
      await pipe('left', 'a', 'A', 1);
      await pipe('right', 'b', 'y', 2);
      read();
      await pipe('left', 'b', null, 3); // b exists on the right only
      await pipe('right', 'a', null, 4); // a exists on the left only
      await pipe('left', 'c', null, 5);
      await pipe('right', 'c', null, 6);
      expect(read(), kind).to.deep.equal([]);
      await driver.close();
    }
  });

  it('forwards old values, so a downstream aggregation subtracts exactly what it added', async () => {
    const b = new StreamsBuilder();
    joinTables('join', b).groupBy((_k, v) => ['all', v], strings).count().toStream().to('out', { keySerde: Serdes.String(), valueSerde: Serdes.Json<number>() });
    const { driver, pipe } = await openDriver(b.build());
    await pipe('left', 'a', 'A1', 1);
    await pipe('right', 'a', 'x', 2);
    await pipe('left', 'a', 'A2', 3);
    await pipe('left', 'a', null, 5);
    await pipe('right', 'a', null, 6);
    const counts = driver.createOutputTopic('out', Serdes.String(), Serdes.Json<number>()).readValuesToList();
    // One row joined at a time: the count is 1 while it exists and back to 0 after the tombstone
    // (how many intermediate counts an update emits is the aggregation's business).
    expect(counts[0]).to.equal(1);
    expect(counts.at(-1)).to.equal(0);
    expect(counts.every((n) => n === 0 || n === 1)).to.equal(true);
    await driver.close();
  });

  it('materializes the result under the given store name, deleting on tombstones', async () => {
    const b = new StreamsBuilder();
    joinTables('leftJoin', b, 'joined').toStream().to('out', strings);
    const { driver, pipe } = await openDriver(b.build());
    const store = () => driver.getStateStore<TimestampedKeyValueStore<string, string>>('joined');
    await pipe('left', 'a', 'A', 1);
    await pipe('right', 'a', 'x', 2);
    expect(store().get('a')).to.deep.equal({ value: 'A+x', timestamp: 2 });
    await pipe('left', 'a', null, 3);
    expect(store().get('a')).to.equal(null);
    await driver.close();
  });

  it('gives the same results on LevelDB stores', async () => {
    const { driver, pipe, read } = await openDriver(tableTopology('outerJoin'), { leveldb: true });
    await pipe('left', 'a', 'A', 1);
    await pipe('right', 'a', 'x', 2);
    await pipe('right', 'b', 'y', 3);
    await pipe('left', 'a', null, 4);
    await pipe('right', 'a', null, 5);
    expect(read()).to.deep.equal([['a', 'A+null', 1], ['a', 'A+x', 2], ['b', 'null+y', 3], ['a', 'null+x', 4], ['a', null, 5]] satisfies Row[]);
    await driver.close();
  });
});
