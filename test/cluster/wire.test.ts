import { expect } from 'chai';
import { decodeFrame, encodeFrame, FrameSplitter, type QuorumFrame } from '../../core/cluster/node/wire.js';
import { FjordError } from '../../core/errors.js';

describe('controller quorum wire format', () => {
  const append: QuorumFrame = {
    kind: 'raft',
    message: { type: 'append', from: 1, to: 2, term: 3, prevLogIndex: 4, prevLogTerm: 2, commit: 4, entries: [{ index: 5, term: 3, data: new Uint8Array([1, 2, 255]) }] },
  };

  it('round-trips a Raft append with its entry bytes', () => {
    const bytes = encodeFrame(append);
    const back = decodeFrame(bytes.subarray(4), 'test');
    expect(back).to.deep.equal(append);
  });

  it('round-trips requests and error answers', () => {
    const req: QuorumFrame = { kind: 'request', id: 9, method: 'createTopics', body: { topics: [] } };
    const res: QuorumFrame = { kind: 'response', id: 9, error: { code: 'NOT_CONTROLLER', message: 'no', leaderId: 2 } };
    expect(decodeFrame(encodeFrame(req).subarray(4), 't')).to.deep.equal(req);
    expect(decodeFrame(encodeFrame(res).subarray(4), 't')).to.deep.include({ kind: 'response', id: 9, error: res.error });
  });

  it('splits frames across arbitrary chunk boundaries', () => {
    const stream = Buffer.concat([encodeFrame(append), encodeFrame(append), encodeFrame(append)]);
    const splitter = new FrameSplitter('test');
    const got: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 7) got.push(...splitter.push(stream.subarray(i, i + 7)));
    expect(got.map((b) => decodeFrame(b, 't'))).to.deep.equal([append, append, append]);
  });

  it('refuses a frame length above the limit before buffering it', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(1000, 0);
    expect(() => new FrameSplitter('peer', 999).push(header)).to.throw(FjordError, /frame length 1000 outside 1-999/);
  });

  it('refuses a raft frame without a term', () => {
    const bytes = Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify({ type: 'vote', from: 1, to: 2 }))]);
    expect(() => decodeFrame(bytes, 'peer 1')).to.throw(FjordError, /peer 1: raft message without type, from, to and term/);
  });
});
