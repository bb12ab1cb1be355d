/**
 * A byte format for a Raft log file: a sequence of frames
 * `[u32 length][u32 crc32c of kind+body][u8 kind][body]`, one per hard state, entry or snapshot.
 * Decoding stops at the first frame that is short or fails its checksum: a torn tail from a
 * crash mid-write, which the opener truncates away (it was never synced, so never acknowledged).
 */
import { crc32c } from '../../protocol/crc32c.js';
import { RaftStateBuilder } from './storage.js';
import type { RaftRestoreState } from './raft-node.js';
import type { Entry, HardState, Snapshot } from './types.js';

const KIND_HARD_STATE = 1;
const KIND_ENTRY = 2;
const KIND_SNAPSHOT = 3;
const HEADER_BYTES = 8;

function frame(kind: number, body: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + 1 + body.length);
  out.writeUInt32BE(1 + body.length, 0);
  out[HEADER_BYTES] = kind;
  body.copy(out, HEADER_BYTES + 1);
  out.writeUInt32BE(crc32c(out.subarray(HEADER_BYTES)), 4);
  return out;
}

function indexed(index: number, term: number, data: Uint8Array): Buffer {
  const body = Buffer.alloc(16 + data.length);
  body.writeDoubleBE(index, 0);
  body.writeDoubleBE(term, 8);
  body.set(data, 16);
  return body;
}

/** One frame holding the hard state. */
export function encodeHardState(hs: HardState): Buffer {
  const body = Buffer.alloc(20);
  body.writeDoubleBE(hs.term, 0);
  body.writeInt32BE(hs.votedFor, 8);
  body.writeDoubleBE(hs.commit, 12);
  return frame(KIND_HARD_STATE, body);
}

/** One frame holding a log entry. */
export function encodeEntry(e: Entry): Buffer {
  return frame(KIND_ENTRY, indexed(e.index, e.term, e.data));
}

/** One frame holding a snapshot. */
export function encodeSnapshot(s: Snapshot): Buffer {
  return frame(KIND_SNAPSHOT, indexed(s.index, s.term, s.data));
}

/** A decoded log file. */
export interface DecodedLog {
  readonly state: RaftRestoreState;
  /** Bytes of whole, valid frames; anything after is a torn or corrupt tail. */
  readonly validBytes: number;
}

/** Replays a log file's frames into the state a node restarts from. */
export function decodeLog(bytes: Uint8Array): DecodedLog {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const builder = new RaftStateBuilder();
  let pos = 0;
  while (pos + HEADER_BYTES <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const end = pos + HEADER_BYTES + length;
    if (length < 1 || end > buf.length) break;
    const payload = buf.subarray(pos + HEADER_BYTES, end);
    if (crc32c(payload) !== buf.readUInt32BE(pos + 4)) break;
    const body = payload.subarray(1);
    if (payload[0] === KIND_HARD_STATE) {
      builder.setHardState({ term: body.readDoubleBE(0), votedFor: body.readInt32BE(8), commit: body.readDoubleBE(12) });
    } else {
      const index = body.readDoubleBE(0);
      const term = body.readDoubleBE(8);
      const data = new Uint8Array(body.subarray(16));
      if (payload[0] === KIND_ENTRY) builder.addEntry({ index, term, data });
      else if (payload[0] === KIND_SNAPSHOT) builder.setSnapshot({ index, term, data });
      else break;
    }
    pos = end;
  }
  return { state: builder.state(), validBytes: pos };
}
