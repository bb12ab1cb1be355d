import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { FRAME_BYTES_MIN, FrameDecoder } from '../../../../core/broker/server/frame-decoder.js';

function framed(body: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(body.length);
  return Buffer.concat([prefix, body]);
}

function body(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function drain(decoder: FrameDecoder): Buffer[] {
  const out: Buffer[] = [];
  for (let f = decoder.next(); f !== null; f = decoder.next()) out.push(f);
  return out;
}

describe('FrameDecoder', () => {
  it('returns a frame that lies inside one chunk as a view of that chunk, not a copy', () => {
    const chunk = framed(body(20, 7));
    const decoder = new FrameDecoder(1024);
    decoder.push(chunk);
    const frame = decoder.next()!;
    expect(frame.buffer).to.equal(chunk.buffer);
    expect(frame.byteOffset).to.equal(chunk.byteOffset + 4);
    expect(frame).to.deep.equal(body(20, 7));
    expect(decoder.next()).to.equal(null);
    expect(decoder.bufferedBytes).to.equal(0);
  });

  it('assembles a frame that arrives one byte at a time, including its size prefix', () => {
    const bytes = framed(body(50, 3));
    const decoder = new FrameDecoder(1024);
    const frames: Buffer[] = [];
    for (let i = 0; i < bytes.length; i++) {
      decoder.push(bytes.subarray(i, i + 1));
      frames.push(...drain(decoder));
      if (i < bytes.length - 1) expect(frames, `after ${i + 1} bytes`).to.have.length(0);
    }
    expect(frames).to.deep.equal([body(50, 3)]);
    expect(decoder.hasPartialFrame).to.equal(false);
  });

  it('splits several frames out of one chunk and keeps a trailing partial frame', () => {
    const whole = Buffer.concat([framed(body(10, 1)), framed(body(12, 2)), framed(body(9, 3))]);
    const decoder = new FrameDecoder(1024);
    decoder.push(whole.subarray(0, whole.length - 5));
    expect(drain(decoder)).to.deep.equal([body(10, 1), body(12, 2)]);
    expect(decoder.hasPartialFrame).to.equal(true);
    decoder.push(whole.subarray(whole.length - 5));
    expect(drain(decoder)).to.deep.equal([body(9, 3)]);
    expect(decoder.hasPartialFrame).to.equal(false);
  });

  it('assembles a large frame from many chunks copying each byte once', () => {
    const big = Buffer.alloc(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = i & 0xff;
    const bytes = framed(big);
    const decoder = new FrameDecoder(2 << 20);
    for (let at = 0; at < bytes.length; at += 1000) decoder.push(bytes.subarray(at, at + 1000));
    expect(drain(decoder)).to.deep.equal([big]);
  });

  it('tells whether a whole frame is buffered, even when its size prefix is split across chunks', () => {
    const bytes = framed(body(10, 5));
    const decoder = new FrameDecoder(1024);
    decoder.push(bytes.subarray(0, 1));
    decoder.push(bytes.subarray(1, 3));
    expect(decoder.hasCompleteFrame).to.equal(false);
    decoder.push(bytes.subarray(3, 13));
    expect(decoder.hasCompleteFrame).to.equal(false);
    decoder.push(bytes.subarray(13));
    expect(decoder.hasCompleteFrame).to.equal(true);
    expect(decoder.next()).to.deep.equal(body(10, 5));
    expect(decoder.hasCompleteFrame).to.equal(false);
  });

  it('reports a bad size prefix as ready, so the caller reads it and fails instead of waiting', () => {
    const decoder = new FrameDecoder(64);
    decoder.push(Buffer.from([0xff, 0xff]));
    decoder.push(Buffer.from([0xff, 0xfe]));
    expect(decoder.hasCompleteFrame).to.equal(true);
    expect(() => decoder.next()).to.throw(/request size -2 is smaller/);
  });

  it('accepts a frame of exactly socket.request.max.bytes', () => {
    const decoder = new FrameDecoder(64);
    decoder.push(framed(body(64, 9)));
    expect(decoder.next()).to.have.length(64);
  });

  it('rejects a size one over socket.request.max.bytes as soon as the prefix arrives', () => {
    const decoder = new FrameDecoder(64);
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(65);
    decoder.push(prefix);
    expect(() => decoder.next()).to.throw(FjordError, /request size 65 exceeds socket.request.max.bytes \(64\)/);
  });

  it('rejects a huge declared size without waiting for (or allocating) its bytes', () => {
    const decoder = new FrameDecoder(104857600);
    decoder.push(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2]));
    expect(() => decoder.next()).to.throw(FjordError, /exceeds socket.request.max.bytes/);
  });

  it('rejects sizes below the smallest request header, and negative sizes', () => {
    for (const size of [FRAME_BYTES_MIN - 1, 0, -1, -2147483648]) {
      const decoder = new FrameDecoder(1024);
      const prefix = Buffer.alloc(4);
      prefix.writeInt32BE(size);
      decoder.push(prefix);
      expect(() => decoder.next(), `size ${size}`).to.throw(FjordError, /smaller than the smallest request header/);
    }
  });
});
