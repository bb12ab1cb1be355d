import { expect } from 'chai';
import { FjordError } from '../../../../core/errors.js';
import { decodeRequestBody, decodeResponse, encodeRequest, encodeResponse } from '../../../../core/protocol/messages.js';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function thrown(fn: () => unknown): FjordError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(FjordError);
    return err as FjordError;
  }
  throw new Error('expected a FjordError');
}

/** Runs `fn` counting Buffer allocations (Buffer.from / alloc / allocUnsafe). */
function countAllocations(fn: () => void): number {
  const originals = { from: Buffer.from, alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe };
  let count = 0;
  const b = Buffer as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, original] of Object.entries(originals)) {
    b[name] = (...args: unknown[]) => {
      count++;
      return (original as (...a: unknown[]) => unknown).apply(Buffer, args);
    };
  }
  try {
    fn();
  } finally {
    Object.assign(Buffer, originals);
  }
  return count;
}

describe('generated codecs on bad input', () => {
  it('names the field and the byte position when a request is truncated', () => {
    // Fetch v4: replicaId, maxWaitMs, minBytes, maxBytes, isolationLevel, one topic "t" with one
    // partition whose fetchOffset (int64) has only 3 of its 8 bytes.
    const body = hex('ffffffff 000001f4 00000001 00100000 00  00000001 0001 74  00000001 00000000 000000');
    const err = thrown(() => decodeRequestBody(1, 4, body, 0));
    expect(err.code).to.equal('INVALID_REQUEST');
    expect(err.message).to.contain('FetchRequest.topics[].partitions[].fetchOffset');
    expect(err.message).to.contain('at byte 32');
  });

  it('reports a truncated response as CORRUPT_MESSAGE', () => {
    const err = thrown(() => decodeResponse(12, 3, hex('0000002a 0000')));
    expect(err.code).to.equal('CORRUPT_MESSAGE');
    expect(err.message).to.contain('HeartbeatResponse.throttleTimeMs');
  });

  it('rejects a declared string length beyond the frame before reading or allocating it', () => {
    // JoinGroup v0 groupId claims 32767 bytes; 2 follow.
    const err = thrown(() => decodeRequestBody(11, 0, hex('7fff 6162'), 0));
    expect(err.code).to.equal('INVALID_REQUEST');
    expect(err.message).to.contain('JoinGroupRequest.groupId');
    expect(err.message).to.contain('declared length 32767 exceeds the 2 remaining bytes');
  });

  it('rejects a declared bytes length of 2 GiB in a tiny frame without allocating it', () => {
    // SaslAuthenticate v0: authBytes with an int32 length of 2^31 - 1.
    const frame = hex('7fffffff 00');
    let err: FjordError | undefined;
    const allocations = countAllocations(() => {
      err = thrown(() => decodeRequestBody(36, 0, frame, 0));
    });
    expect(allocations).to.equal(0);
    expect(err?.message).to.contain('SaslAuthenticateRequest.authBytes');
    expect(err?.message).to.contain('exceeds the 1 remaining bytes');
  });

  it('rejects an array count beyond the remaining bytes before allocating the array', () => {
    const err = thrown(() => decodeRequestBody(3, 1, hex('7fffffff 00'), 0));
    expect(err.message).to.contain('MetadataRequest.topics');
    expect(err.message).to.contain('array count 2147483647 exceeds');
  });

  it('rejects null (-1) in a field that is not nullable in that version', () => {
    // Metadata v0 topics became nullable only in v1.
    const err = thrown(() => decodeRequestBody(3, 0, hex('ffffffff'), 0));
    expect(err.code).to.equal('INVALID_REQUEST');
    expect(err.message).to.contain('MetadataRequest.topics: null in a field that is not nullable');
  });

  it('fails naming the field and version when null is written into a non-nullable field', () => {
    const err = thrown(() => encodeRequest(3, 0, 1, 'c', { topics: null }));
    expect(err.code).to.equal('INVALID_ARGUMENT');
    expect(err.message).to.equal('MetadataRequest.topics cannot be null in version 0');
  });

  it('fails naming a nested field when null is written into it', () => {
    const body = { groupId: 'g', generationId: 1, memberId: 'm', topics: [{ name: null as unknown as string, partitions: [] }] };
    const err = thrown(() => encodeRequest(8, 2, 1, 'c', body));
    expect(err.code).to.equal('INVALID_ARGUMENT');
    expect(err.message).to.equal('OffsetCommitRequest.topics[].name cannot be null in version 2');
  });

  it('refuses to encode a version outside validVersions', () => {
    const err = thrown(() => encodeResponse(12, 5, 1, { errorCode: 0 }));
    expect(err.code).to.equal('UNSUPPORTED_VERSION');
  });
});
