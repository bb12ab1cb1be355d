import { expect } from 'chai';
import { writeSafeInt64BE } from '../../../core/protocol/int64.js';

describe('writeSafeInt64BE', () => {
  it('writes the bytes writeBigInt64BE writes, for every safe integer edge', () => {
    for (const n of [0, 1, -1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), -(2 ** 32) - 1, 1_700_000_000_123, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const ours = Buffer.alloc(10);
      const reference = Buffer.alloc(10);
      writeSafeInt64BE(ours, 1, n);
      reference.writeBigInt64BE(BigInt(n), 1);
      expect(ours, String(n)).to.deep.equal(reference);
    }
  });
});
