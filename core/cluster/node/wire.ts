/**
 * The controller-quorum wire format: a TCP stream of frames `[u32 length][u8 kind][JSON body]`.
 * Kinds: a Raft peer message, a controller request (`id`, `method`, `body`), or the answer to
 * one. Byte arrays (entry data, snapshots) travel as `{"$b": base64}` inside the JSON: metadata
 * is small, and a readable format makes a captured stream easy to debug. Pure: no sockets.
 */
import { FjordError } from '../../errors.js';
import type { Message } from '../raft/types.js';

/** The largest frame accepted (a whole metadata snapshot travels in one). */
export const QUORUM_FRAME_BYTES_MAX = 64 * 1024 * 1024;

const KIND_RAFT = 1;
const KIND_REQUEST = 2;
const KIND_RESPONSE = 3;

/** A call to the active controller (brokers and the CLI send these). */
export interface RequestFrame {
  readonly kind: 'request';
  readonly id: number;
  readonly method: string;
  readonly body: unknown;
}

/** An answer: `body` on success, or an error with Kafka's code name and the leader if known. */
export interface ResponseFrame {
  readonly kind: 'response';
  readonly id: number;
  readonly body?: unknown;
  readonly error?: { readonly code: string; readonly message: string; readonly leaderId?: number };
}

/** A Raft message between controllers. */
export interface RaftFrame {
  readonly kind: 'raft';
  readonly message: Message;
}

/** Everything that travels between quorum endpoints. */
export type QuorumFrame = RaftFrame | RequestFrame | ResponseFrame;

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$b' in value && typeof (value as { $b: unknown }).$b === 'string') {
    return new Uint8Array(Buffer.from((value as { $b: string }).$b, 'base64'));
  }
  return value;
}

/** One frame with its length prefix. */
export function encodeFrame(frame: QuorumFrame): Buffer {
  const kind = frame.kind === 'raft' ? KIND_RAFT : frame.kind === 'request' ? KIND_REQUEST : KIND_RESPONSE;
  const payload = frame.kind === 'raft' ? frame.message : { ...frame, kind: undefined };
  const json = Buffer.from(JSON.stringify(payload, replacer), 'utf8');
  const out = Buffer.alloc(5 + json.length);
  out.writeUInt32BE(1 + json.length, 0);
  out[4] = kind;
  json.copy(out, 5);
  return out;
}

/** Decodes one frame body (without its length prefix); throws CORRUPT_MESSAGE naming `where`. */
export function decodeFrame(bytes: Buffer, where: string): QuorumFrame {
  const bad = (why: string): never => {
    throw new FjordError('CORRUPT_MESSAGE', `controller quorum frame from ${where}: ${why}`);
  };
  if (bytes.length < 1) bad('empty frame');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bytes.subarray(1).toString('utf8'), reviver) as Record<string, unknown>;
  } catch (err) {
    return bad(`bad JSON (${(err as Error).message})`);
  }
  if (body === null || typeof body !== 'object') bad('body is not an object');
  switch (bytes[0]) {
    case KIND_RAFT:
      if (typeof body.type !== 'string' || typeof body.from !== 'number' || typeof body.to !== 'number' || typeof body.term !== 'number') {
        bad('raft message without type, from, to and term');
      }
      return { kind: 'raft', message: body as unknown as Message };
    case KIND_REQUEST:
      if (typeof body.id !== 'number' || typeof body.method !== 'string') bad('request without id and method');
      return { kind: 'request', id: body.id as number, method: body.method as string, body: body.body };
    case KIND_RESPONSE:
      if (typeof body.id !== 'number') bad('response without id');
      return { kind: 'response', id: body.id as number, body: body.body, error: body.error as ResponseFrame['error'] };
    default:
      return bad(`unknown kind ${bytes[0]}`);
  }
}

/** Splits a byte stream into frame bodies; refuses a length above `frameBytesMax`. */
export class FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly where: string,
    private readonly frameBytesMax = QUORUM_FRAME_BYTES_MAX,
  ) {}

  /** Adds a chunk and returns every frame body it completed. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Buffer[] = [];
    let pos = 0;
    while (this.buffer.length - pos >= 4) {
      const length = this.buffer.readUInt32BE(pos);
      if (length < 1 || length > this.frameBytesMax) {
        throw new FjordError('CORRUPT_MESSAGE', `controller quorum stream from ${this.where}: frame length ${length} outside 1-${this.frameBytesMax}`);
      }
      if (this.buffer.length - pos - 4 < length) break;
      frames.push(this.buffer.subarray(pos + 4, pos + 4 + length));
      pos += 4 + length;
    }
    this.buffer = pos === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(pos);
    return frames;
  }
}
