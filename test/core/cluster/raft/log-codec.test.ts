import { expect } from 'chai';
import { decodeLog, encodeEntry, encodeHardState, encodeSnapshot } from '../../../../core/cluster/raft/log-codec.js';
import { MemoryRaftStorage } from '../../../../core/cluster/raft/storage.js';
import type { Entry } from '../../../../core/cluster/raft/types.js';

const e = (index: number, term: number, text = ''): Entry => ({ index, term, data: new TextEncoder().encode(text) });
const text = (entries: readonly Entry[]): string[] => entries.map((x) => `${x.index}/${x.term}:${new TextDecoder().decode(x.data)}`);

describe('raft log codec and storage', () => {
  it('round-trips hard state, entries and snapshots', () => {
    const bytes = Buffer.concat([
      encodeEntry(e(1, 1, 'a')),
      encodeEntry(e(2, 1, 'b')),
      encodeHardState({ term: 3, votedFor: 2, commit: 2 }),
    ]);
    const { state, validBytes } = decodeLog(bytes);
    expect(validBytes).to.equal(bytes.length);
    expect(state.hardState).to.deep.equal({ term: 3, votedFor: 2, commit: 2 });
    expect(text(state.entries)).to.deep.equal(['1/1:a', '2/1:b']);
  });

  it('a later entry at the same index replaces the tail (a follower overwriting its log)', () => {
    const bytes = Buffer.concat([encodeEntry(e(1, 1, 'a')), encodeEntry(e(2, 1, 'b')), encodeEntry(e(3, 1, 'c')), encodeEntry(e(2, 2, 'B'))]);
    expect(text(decodeLog(bytes).state.entries)).to.deep.equal(['1/1:a', '2/2:B']);
  });

  it('stops at a torn last frame and reports how many bytes were whole', () => {
    const whole = Buffer.concat([encodeEntry(e(1, 1, 'a')), encodeEntry(e(2, 1, 'b'))]);
    const torn = encodeEntry(e(3, 1, 'ccccccccccc'));
    for (const cut of [1, 8, 12, torn.length - 1]) {
      const { state, validBytes } = decodeLog(Buffer.concat([whole, torn.subarray(0, cut)]));
      expect(validBytes, `cut at ${cut}`).to.equal(whole.length);
      expect(state.entries).to.have.length(2);
    }
  });

  it('stops at a frame whose checksum does not match', () => {
    const frame = encodeEntry(e(1, 1, 'hello'));
    frame[frame.length - 1] ^= 0xff;
    expect(decodeLog(frame).validBytes).to.equal(0);
  });

  it('a snapshot that matches the log keeps the later entries; one that does not replaces the log', () => {
    const base = [encodeEntry(e(1, 1)), encodeEntry(e(2, 1)), encodeEntry(e(3, 1))];
    const compacted = decodeLog(Buffer.concat([...base, encodeSnapshot({ index: 2, term: 1, data: new Uint8Array([7]) })])).state;
    expect(compacted.snapshot.index).to.equal(2);
    expect(text(compacted.entries)).to.deep.equal(['3/1:']);
    const installed = decodeLog(Buffer.concat([...base, encodeSnapshot({ index: 5, term: 4, data: new Uint8Array([7]) })])).state;
    expect(installed.snapshot).to.deep.include({ index: 5, term: 4 });
    expect(installed.entries).to.deep.equal([]);
  });

  it('reports a log with a hole in it as corrupt, naming the entry', () => {
    const bytes = Buffer.concat([encodeEntry(e(1, 1)), encodeEntry(e(3, 1))]);
    expect(() => decodeLog(bytes)).to.throw('raft storage: entry 3 leaves a gap after 1');
  });

  it('MemoryRaftStorage replays writes like the file format does', () => {
    const s = new MemoryRaftStorage();
    s.write({ hardState: { term: 1, votedFor: 1, commit: 0 }, entries: [e(1, 1, 'a'), e(2, 1, 'b')], snapshot: null });
    s.write({ hardState: null, entries: [e(2, 2, 'B')], snapshot: null });
    s.compact({ index: 1, term: 1, data: new Uint8Array(0) });
    const state = s.load();
    expect(state.snapshot.index).to.equal(1);
    expect(text(state.entries)).to.deep.equal(['2/2:B']);
    expect(state.hardState.term).to.equal(1);
  });
});
