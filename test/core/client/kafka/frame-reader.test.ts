import { expect } from 'chai';
import { FrameReader } from '../../../../core/client/kafka/frame-reader.js';
import { FjordError } from '../../../../core/errors.js';

function frame(text: string): Buffer {
  const body = Buffer.from(text);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function collect(reader: FrameReader, chunks: Buffer[]): string[] {
  const out: string[] = [];
  for (const c of chunks) reader.push(c, (f) => out.push(f.toString()));
  return out;
}

describe('kafka transport: frame reader', () => {
  it('hands on every whole frame of a chunk that holds several', () => {
    expect(collect(new FrameReader(100), [Buffer.concat([frame('a'), frame('bb'), frame('')])])).to.deep.equal(['a', 'bb', '']);
  });

  it('joins a frame (and even its size prefix) spread over many chunks', () => {
    const bytes = Buffer.concat([frame('hello'), frame('world')]);
    const oneByteChunks = [...bytes].map((b) => Buffer.from([b]));
    const reader = new FrameReader(100);
    expect(collect(reader, oneByteChunks)).to.deep.equal(['hello', 'world']);
    expect(reader.pendingBytes).to.equal(0);
  });

  it('keeps a partial frame until the rest arrives', () => {
    const bytes = frame('partial');
    const reader = new FrameReader(100);
    expect(collect(reader, [bytes.subarray(0, 6)])).to.deep.equal([]);
    expect(reader.pendingBytes).to.equal(6);
    expect(collect(reader, [bytes.subarray(6)])).to.deep.equal(['partial']);
  });

  it('accepts a frame of exactly frameBytesMax and refuses one byte more as soon as the size is in', () => {
    expect(collect(new FrameReader(3), [frame('abc')])).to.deep.equal(['abc']);
    const size = Buffer.alloc(4);
    size.writeInt32BE(4);
    expect(() => collect(new FrameReader(3), [size])).to.throw(FjordError, /4 bytes/);
  });

  it('refuses a negative size', () => {
    expect(() => collect(new FrameReader(100), [Buffer.from([0xff, 0xff, 0xff, 0xff])])).to.throw(FjordError);
  });
});
