import { expect } from 'chai';
import { JoinWindows, Serdes, StreamsBuilder, type KStream, type StreamJoined } from '../../../../../core/streams/index.js';
import { joinBufferSerde, outerValuesSerde } from '../../../../../core/streams/dsl/processors/join-serdes.js';
import { openDriver, type Row } from './helpers.js';

type Kind = 'join' | 'leftJoin' | 'outerJoin';
const joiner = (l: string | null, r: string | null) => `${l}+${r}`;

/** left ⋈ right on topics `left` / `right`, results to `out`. */
function joinTopology(kind: Kind, windows: JoinWindows, options: { joined?: StreamJoined<string, string, string>; rekeyLeft?: boolean } = {}) {
  const b = new StreamsBuilder();
  let left: KStream<string, string> = b.stream<string, string>('left');
  if (options.rekeyLeft === true) left = left.selectKey((_k, v) => v.split(':')[0]!).mapValues((v) => v.split(':')[1]!);
  const right = b.stream<string, string>('right');
  const joined = kind === 'join' ? left.join(right, joiner, windows, options.joined)
    : kind === 'leftJoin' ? left.leftJoin(right, joiner, windows, options.joined)
      : left.outerJoin(right, joiner, windows, options.joined);
  joined.to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
  return b.build();
}

describe('stream-stream joins', () => {
  describe('inner join', () => {
    it('joins records of one key within the time difference, stamped with the later timestamp', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(10)));
      await pipe('left', 'a', 'A1', 100);
      await pipe('right', 'a', 'a1', 105);
      await pipe('right', 'a', 'a2', 111); // 11 after A1: no partner
      await pipe('left', 'a', 'A2', 112); // a1 (7 before) and a2 (1 before)
      await pipe('right', 'b', 'b1', 112); // other key
      expect(read()).to.deep.equal([['a', 'A1+a1', 105], ['a', 'A2+a1', 112], ['a', 'A2+a2', 112]] satisfies Row[]);
      await driver.close();
    });

    it('joins every buffered duplicate of one key and timestamp', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(0)));
      await pipe('left', 'a', 'A1', 100);
      await pipe('left', 'a', 'A2', 100);
      await pipe('right', 'a', 'a1', 100);
      expect(read()).to.deep.equal([['a', 'A1+a1', 100], ['a', 'A2+a1', 100]] satisfies Row[]);
      await driver.close();
    });

    it('uses before for right records earlier than the left one and after for later ones', async () => {
      // A left record at l joins right records in [l - 5, l + 20].
      const { driver, pipe, read, late } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(0).before(5).after(20)));
      await pipe('right', 'k', 'r1', 100);
      await pipe('left', 'k', 'L1', 104); // r1 is 4 before
      await pipe('left', 'k', 'L2', 96); // out of order, still open (96 + 20 >= 104); r1 is 4 after
      await pipe('left', 'k', 'L3', 80); // 80 + 20 < 104: closed, late — not buffered, but it still probes: r1 is 20 after
      await pipe('right', 'k', 'r3', 120); // joins left records in [100, 125]: L1 only
      await pipe('right', 'k', 'r4', 99); // a right record's window closes at r + before: 99 + 5 < 120, late; probes [79, 119]: L1, L2
      await pipe('left', 'k', 'L4', 100); // 100 + 20 >= 120, open: r1 (0 after) and r3 (20 after), not the unbuffered r4
      await pipe('left', 'k', 'L5', 126); // r3 is 6 before: outside before = 5
      expect(read()).to.deep.equal([
        ['k', 'L1+r1', 104], ['k', 'L2+r1', 100], ['k', 'L3+r1', 100], ['k', 'L1+r3', 120],
        ['k', 'L2+r4', 99], ['k', 'L1+r4', 104], ['k', 'L4+r1', 100], ['k', 'L4+r3', 120],
      ] satisfies Row[]);
      expect(late()).to.deep.equal([['k', 'L3', 80], ['k', 'r4', 99]]);
      await driver.close();
    });

    it('never reports an in-order record late when before is negative (its window lies in its past)', async () => {
      // before = -5, after = 10: a left record at l joins right records in [l + 5, l + 10].
      const { driver, pipe, read, late } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(10).before(-5)));
      await pipe('right', 'k', 'r1', 100); // in order: open although r1 + before < 100
      await pipe('left', 'k', 'L1', 92); // 92 + 10 >= 100: open; r1 is 8 after
      await pipe('left', 'k', 'L2', 96); // r1 is 4 after: outside [101, 106]
      await pipe('right', 'k', 'r2', 120); // joins left records in [110, 115]: none
      await pipe('right', 'k', 'r3', 119); // closed: 119 + 0 < 120
      expect(read()).to.deep.equal([['k', 'L1+r1', 100]] satisfies Row[]);
      expect(late()).to.deep.equal([['k', 'r3', 119]]);
      await driver.close();
    });

    it('accepts out-of-order records within the grace period and reports later ones as late', async () => {
      const { driver, pipe, read, late } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceAndGrace(10, 5)));
      await pipe('left', 'k', 'L1', 100);
      await pipe('left', 'x', 'X1', 113);
      await pipe('right', 'k', 'r1', 99); // window closes after 99 + 10 + 5 = 114: still open at 113
      await pipe('left', 'x', 'X2', 116);
      await pipe('right', 'k', 'r2', 99); // 114 < 116: late, not buffered; as in Kafka it still joins the buffered L1
      expect(read()).to.deep.equal([['k', 'L1+r1', 100], ['k', 'L1+r2', 100]] satisfies Row[]);
      expect(late()).to.deep.equal([['k', 'r2', 99]]);
      expect(driver.late[0]!.store).to.equal('KSTREAM-JOINOTHER-0000000005-store');
      await driver.close();
    });

    it('drops records with a null key or value and says why', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(10)));
      await pipe('left', null, 'A', 100);
      await pipe('left', 'a', null, 100);
      await pipe('right', 'a', 'a1', 100);
      expect(read()).to.deep.equal([]);
      expect(driver.dropped.map((d) => d.reason)).to.deep.equal(['null key in a stream-stream join', 'null value in a stream-stream join']);
      await driver.close();
    });
  });

  describe('self join', () => {
    it('joins a stream with itself: each record meets itself and the earlier ones in its window', async () => {
      const b = new StreamsBuilder();
      const s = b.stream<string, string>('left');
      s.join(s, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(10)).to('out', { keySerde: Serdes.String(), valueSerde: Serdes.String() });
      const { driver, pipe, read } = await openDriver(b.build());
      await pipe('left', 'k', 'A', 100);
      await pipe('left', 'k', 'B', 105);
      // A: the right-side processor finds A in the left store. B: the left side finds A, the right side A and B.
      expect(read()).to.deep.equal([['k', 'A+A', 100], ['k', 'B+A', 105], ['k', 'A+B', 105], ['k', 'B+B', 105]] satisfies Row[]);
      await driver.close();
    });
  });

  describe('left join', () => {
    it('emits a record without partner only once its window and grace have passed', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5)));
      await pipe('left', 'k', 'L1', 100);
      await pipe('left', 'k', 'L2', 105);
      expect(read()).to.deep.equal([]);
      await pipe('right', 'k', 'r1', 112); // joins L2 (7 before), not L1 (12 before)
      expect(read()).to.deep.equal([['k', 'L2+r1', 112]] satisfies Row[]);
      await pipe('left', 'z', 'Z', 115); // L1 closes after 100 + 10 + 5 = 115: not yet
      expect(read()).to.deep.equal([]);
      await pipe('left', 'z', 'Z2', 116);
      expect(read()).to.deep.equal([['k', 'L1+null', 100]] satisfies Row[]);
      await driver.close();
    });

    it('never joins a record that was already emitted with a null partner', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5)));
      await pipe('left', 'k', 'L1', 100);
      await pipe('left', 'k', 'L2', 105);
      await pipe('right', 'k', 'r1', 112);
      await pipe('left', 'z', 'Z', 116); // L1 emitted with null
      expect(read()).to.deep.equal([['k', 'L2+r1', 112], ['k', 'L1+null', 100]] satisfies Row[]);
      // r2's own window (98..118) is open at 116, but L1's closed: only L2 joins it.
      await pipe('right', 'k', 'r2', 108);
      expect(read()).to.deep.equal([['k', 'L2+r2', 108]] satisfies Row[]);
      await driver.close();
    });

    it('does not emit right records without a partner', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5)));
      await pipe('right', 'k', 'r1', 100);
      await pipe('left', 'z', 'Z', 200);
      await pipe('left', 'z', 'Z2', 300);
      expect(read()).to.deep.equal([['z', 'Z+null', 200]] satisfies Row[]);
      await driver.close();
    });

    it('emits an out-of-order record without partner at once when its join window already ended, as Kafka', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceAndGrace(5, 10)));
      await pipe('right', 'k', 'r1', 100);
      await pipe('left', 'k', 'L1', 103); // partner r1 at once
      await pipe('left', 'k', 'L0', 94); // r1 is 6 after: no partner; 94 + 5 < 103, so no partner can come in order
      expect(read()).to.deep.equal([['k', 'L1+r1', 103], ['k', 'L0+null', 94]] satisfies Row[]);
      await pipe('left', 'k', 'L9', 101); // 101 + 5 >= 103: waits in the outer store... and r1 is 1 before: joins
      expect(read()).to.deep.equal([['k', 'L9+r1', 101]] satisfies Row[]);
      await driver.close();
    });

    it('legacy windows (no grace given) emit unmatched records at once and joined ones later too', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceLegacy(10)));
      await pipe('left', 'k', 'L1', 100);
      expect(read()).to.deep.equal([['k', 'L1+null', 100]] satisfies Row[]);
      await pipe('right', 'k', 'r1', 105);
      expect(read()).to.deep.equal([['k', 'L1+r1', 105]] satisfies Row[]);
      await driver.close();
    });

    it('forwards a null-key left record at once with a null partner', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5)));
      await pipe('left', null, 'N', 100);
      await pipe('right', null, 'n', 100);
      expect(read()).to.deep.equal([[null, 'N+null', 100]] satisfies Row[]);
      expect(driver.dropped.map((d) => d.reason)).to.deep.equal(['null key in a stream-stream join']);
      await driver.close();
    });
  });

  describe('outer join', () => {
    it('emits unmatched records of both sides after their windows close, oldest first', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5)));
      await pipe('left', 'a', 'A', 100);
      await pipe('right', 'b', 'B', 102);
      await pipe('right', 'a', 'a1', 103); // joins A, which leaves the outer store
      await pipe('left', 'c', 'C', 110); // B closed at 102 + 5 < 110
      await pipe('left', 'a', 'A2', 106); // 106 + 5 >= 110: open; joins a1
      await pipe('right', 'z', 'Z', 200); // C closed
      expect(read()).to.deep.equal([
        ['a', 'A+a1', 103], ['b', 'null+B', 102], ['a', 'A2+a1', 106], ['c', 'C+null', 110],
      ] satisfies Row[]);
      await driver.close();
    });

    it('orders unmatched records of one timestamp right side first, as Kafka', async () => {
      const { driver, pipe, read } = await openDriver(joinTopology('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(0)));
      await pipe('left', 'x', 'X', 100);
      await pipe('right', 'y', 'Y', 100);
      await pipe('left', 'z', 'Z', 101);
      expect(read()).to.deep.equal([['y', 'null+Y', 100], ['x', 'X+null', 100]] satisfies Row[]);
      await driver.close();
    });

    it('gives the same results on LevelDB stores', async () => {
      const { driver, pipe, read, late } = await openDriver(joinTopology('outerJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5)), { leveldb: true });
      await pipe('left', 'k', 'L1', 100);
      await pipe('right', 'k', 'r1', 112); // 12 after L1: no partner
      await pipe('left', 'k', 'L2', 105); // r1 is 7 after
      await pipe('right', 'q', 'Q', 130); // L1 (closed at 115) and r1 (joined) 
      await pipe('left', 'k', 'L0', 90); // late: 90 + 15 < 130; no partner in [80, 100], emitted at once
      expect(read()).to.deep.equal([['k', 'L2+r1', 112], ['k', 'L1+null', 100], ['k', 'L0+null', 90]] satisfies Row[]);
      expect(late()).to.deep.equal([['k', 'L0', 90]]);
      await driver.close();
    });
  });

  describe('topology', () => {
    it('names processors and stores as Kafka does', () => {
      const inner = joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(5)).describe().toString();
      expect(inner).to.contain('Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])');
      expect(inner).to.contain('Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-JOINTHIS-0000000004-store, KSTREAM-JOINOTHER-0000000005-store])');
      expect(inner).to.contain('Processor: KSTREAM-MERGE-0000000006');
      const outer = joinTopology('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5)).describe().toString();
      expect(outer).to.contain('Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-OUTERTHIS-0000000004-store, KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])');
    });

    it('uses StreamJoined name and store name as prefixes', () => {
      const t = joinTopology('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(5), { joined: { name: 'j', storeName: 's' } });
      const names = t.subTopologies()[0]!.nodes.map((n) => n.name);
      expect(names).to.include.members(['j-this-windowed', 'j-other-windowed', 'j-this-join', 'j-outer-other-join', 'j-merge']);
      expect(t.allStores().map((s) => s.name)).to.deep.equal(['s-this-join-store', 's-outer-other-join-store', 's-left-shared-join-store']);
    });

    it('keeps both sides in one sub-topology and repartitions a re-keyed input first', async () => {
      const t = joinTopology('join', JoinWindows.ofTimeDifferenceWithNoGrace(5), { rekeyLeft: true });
      expect([...t.repartitionTopics.keys()]).to.deep.equal(['KSTREAM-MAPVALUES-0000000002-repartition']);
      const subs = t.subTopologies();
      const joinSub = subs.find((s) => s.nodes.some((n) => n.name.startsWith('KSTREAM-JOINTHIS')))!;
      expect(joinSub.nodes.some((n) => n.name.startsWith('KSTREAM-JOINOTHER'))).to.equal(true);
      expect(joinSub.sources.map((n) => n.topics[0])).to.have.members(['right', 'KSTREAM-MAPVALUES-0000000002-repartition']);
      expect(subs.find((s) => s !== joinSub)!.sources.map((n) => n.topics[0])).to.deep.equal(['left']);
      const { driver, pipe, read } = await openDriver(t);
      await pipe('left', 'order-1', 'alice:book', 100);
      await pipe('right', 'alice', 'Oslo', 102);
      expect(read()).to.deep.equal([['alice', 'book+Oslo', 102]] satisfies Row[]);
      await driver.close();
    });

    it('rejects a stream-stream join without JoinWindows, naming the operation', () => {
      const b = new StreamsBuilder();
      const left = b.stream<string, string>('l');
      const right = b.stream<string, string>('r');
      expect(() => left.join(right, joiner, 5000 as unknown as JoinWindows)).to.throw(/KStream\.join\(\): a stream-stream join needs JoinWindows/);
      expect(() => left.outerJoin(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(1), { storeName: '' })).to.throw(/outerJoin\(\): StreamJoined\.storeName must not be empty/);
    });

    it('names the store and the problem when buffered bytes are corrupt', () => {
      const serde = joinBufferSerde(Serdes.String());
      expect(serde.deserialize('store', serde.serialize('store', ['a', 'bc']))).to.deep.equal(['a', 'bc']);
      expect(() => serde.deserialize('KSTREAM-JOINTHIS-0000000004-store', Buffer.from([0, 0, 0, 9, 1]))).to.throw(/JoinBuffer\(String\) serde on topic 'KSTREAM-JOINTHIS-0000000004-store': value of 9 bytes runs past the end at byte 4/);
      const outer = outerValuesSerde(Serdes.String() as never, Serdes.String() as never);
      expect(() => outer.deserialize('shared', Buffer.from([5]))).to.throw(/expected a side byte 0 \(right\) or 1 \(left\)/);
    });

    it('rejects streams of different builders', () => {
      const left = new StreamsBuilder().stream<string, string>('l');
      const right = new StreamsBuilder().stream<string, string>('r');
      expect(() => left.leftJoin(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(1))).to.throw(/leftJoin\(\): both streams must come from the same StreamsBuilder/);
    });
  });
});
