/**
 * The raw ceiling: a plain loop appending checksummed 1 MiB buffers to a file, as fast as Node
 * can. No Fjord log path can beat it, so other throughputs are read as a fraction of it — and
 * since it is re-measured on every `npm run bench`, a noisy machine shows up here too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '../core/protocol/crc32c.js';
import { type Benchmark, bytesPerMB, timeIt, tmpDir } from './harness.js';

const chunkBytes = bytesPerMB;
const fileBytes = 256 * bytesPerMB;

interface ProbeCtx {
  dir: string;
  chunk: Buffer;
}

const append: Benchmark<ProbeCtx> = {
  name: 'probe.append',
  unit: 'MB/s',
  async setup() {
    return { dir: tmpDir('probe'), chunk: crypto.randomBytes(chunkBytes) };
  },
  async run({ dir, chunk }) {
    const file = path.join(dir, 'append.bin');
    const fd = fs.openSync(file, 'w');
    // No fsync, like the log's append path: this is the page-cache ceiling.
    const seconds = await timeIt(() => {
      for (let written = 0; written < fileBytes; written += chunkBytes) {
        // Checksum the body into the first four bytes, as a record batch carries its CRC.
        chunk.writeUInt32BE(crc32c(chunk.subarray(4)), 0);
        for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
      }
    });
    fs.closeSync(fd);
    fs.rmSync(file); // 256 MiB per run is enough to keep around
    return fileBytes / bytesPerMB / seconds;
  },
};

/** Records of the JSON probe: as many as the Streams benchmarks' input, in the same format. */
const JSON_RECORDS = 300_000;

/** A 100-byte JSON event as `streams.bench.ts` writes them. */
function jsonEvent(i: number): Buffer {
  const base = { id: i, user: `u${i % 10_000}`, amount: (i % 100) + 0.5, pad: '' };
  const len = Buffer.byteLength(JSON.stringify(base));
  return Buffer.from(JSON.stringify({ ...base, pad: 'x'.repeat(Math.max(0, 100 - len)) }));
}

/**
 * The per-record JSON work of `streams.stateless` and `streams.ceiling` alone, with no log, no
 * client and no Streams runtime: bytes → string → JSON.parse → filter → map → JSON.stringify →
 * bytes. Whatever reads and writes the records on top of this, no JSON pipeline on this machine
 * runs faster than this figure.
 */
const json: Benchmark<Buffer[]> = {
  name: 'probe.json',
  unit: 'records/s',
  bytesPerRecord: 100,
  async setup() {
    return Array.from({ length: JSON_RECORDS }, (_, i) => jsonEvent(i));
  },
  async run(values) {
    let outBytes = 0;
    const seconds = await timeIt(() => {
      for (const bytes of values) {
        const v = JSON.parse(bytes.toString('utf8')) as { id: number; user: string; amount: number };
        if (v.amount > 10) outBytes += Buffer.from(JSON.stringify({ id: v.id, user: v.user, cents: Math.round(v.amount * 100) })).length;
      }
    });
    if (outBytes === 0) throw new Error('probe.json wrote nothing');
    return values.length / seconds;
  },
};

export const benchmarks: Benchmark[] = [append, json];
