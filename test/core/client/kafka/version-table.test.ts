import { expect } from 'chai';
import { supportedApis } from '../../../../core/broker/apis.js';
import { interpretApiVersions, VersionTable } from '../../../../core/client/kafka/version-table.js';
import { FjordError } from '../../../../core/errors.js';
import { encodeResponse } from '../../../../core/protocol/messages.js';

function table(ranges: Record<number, [number, number]>, caps = {}): VersionTable {
  return new VersionTable(new Map(Object.entries(ranges).map(([k, [min, max]]) => [Number(k), { min, max }])), 'broker 1 at h:1', caps);
}

/** A response frame without its size prefix, as the frame reader hands it on. */
function frameOf(version: number, body: unknown): Buffer {
  return Buffer.concat(encodeResponse(18, version, 7, body)).subarray(4);
}

describe('kafka transport: version negotiation', () => {
  it("speaks the lower of Fjord's and the broker's newest version", () => {
    const t = table({ 0: [0, 7], 1: [0, 16] });
    expect(t.versionFor('Produce')).to.equal(7);
    expect(t.versionFor('Fetch')).to.equal(supportedApis.Fetch.maxVersion);
  });

  it('names the API and both ranges when they do not overlap', () => {
    const t = table({ 0: [0, 2] });
    expect(() => t.versionFor('Produce')).to.throw(FjordError, /Produce \(api key 0\): Fjord speaks versions 3-9, broker 1 at h:1 supports 0-2/);
    expect(() => t.versionFor('Fetch')).to.throw(FjordError, /Fetch .* supports none/);
  });

  it('honours a per-API cap (apiVersionsMax)', () => {
    expect(table({ 2: [0, 9] }, { ListOffsets: 3 }).versionFor('ListOffsets')).to.equal(3);
    expect(() => table({ 0: [8, 11] }, { Produce: 7 }).versionFor('Produce')).to.throw(/capped at 7/);
  });

  it('accepts an answer in the version asked', () => {
    const outcome = interpretApiVersions(frameOf(3, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 9 }] }), 3, 'b');
    expect(outcome.kind).to.equal('done');
  });

  it('retries with the highest version the broker lists after UNSUPPORTED_VERSION in a v0 body', () => {
    const frame = frameOf(0, { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }] });
    expect(interpretApiVersions(frame, 3, 'b')).to.deep.equal({ kind: 'retry', version: 2 });
  });

  it('retries with v0 when an UNSUPPORTED_VERSION answer does not even parse (librdkafka 2.0 mock cluster bytes)', () => {
    // Captured from librdkafka 2.0.2's mock broker answering ApiVersions v3.
    const frame = Buffer.from('0000000300230100120000000200000000', 'hex');
    expect(interpretApiVersions(frame, 3, 'b')).to.deep.equal({ kind: 'retry', version: 0 });
  });

  it('fails on any other error code', () => {
    expect(() => interpretApiVersions(frameOf(3, { errorCode: 2, apiKeys: [] }), 3, 'b')).to.throw(FjordError, /error code 2/);
  });
});
