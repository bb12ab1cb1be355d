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

export const benchmarks: Benchmark[] = [append];
