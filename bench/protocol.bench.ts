/** Protocol-layer building blocks, measured alone. */
import crypto from 'node:crypto';
import { crc32c } from '../core/protocol/crc32c.js';
import { type Benchmark, bytesPerMB, timeIt } from './harness.js';

const crcInputBytes = 64 * bytesPerMB;

const crc: Benchmark<Buffer> = {
  name: 'protocol.crc32c',
  unit: 'MB/s',
  async setup() {
    return crypto.randomBytes(crcInputBytes);
  },
  async run(input) {
    const seconds = await timeIt(() => crc32c(input));
    return crcInputBytes / bytesPerMB / seconds;
  },
};

export const benchmarks: Benchmark[] = [crc];
