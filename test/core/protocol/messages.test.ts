import { expect } from 'chai';
import { FjordError } from '../../../core/errors.js';
import {
  apiCodec,
  decodeRequestBody,
  decodeRequestHeader,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  peekCorrelationId,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../../core/protocol/messages.js';

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function frameOf(chunks: Buffer[]): Buffer {
  const whole = Buffer.concat(chunks);
  expect(whole.readInt32BE(0)).to.equal(whole.length - 4);
  return whole.subarray(4);
}

describe('messages', () => {
  describe('header versions', () => {
    it('uses request header v2 for flexible versions and v1 otherwise', () => {
      expect(requestHeaderVersion(18, 3)).to.equal(2);
      expect(requestHeaderVersion(18, 2)).to.equal(1);
      expect(requestHeaderVersion(3, 9)).to.equal(2);
      expect(requestHeaderVersion(3, 8)).to.equal(1);
    });

    it('uses request header v0 only for ControlledShutdown v0', () => {
      expect(requestHeaderVersion(7, 0)).to.equal(0);
      expect(requestHeaderVersion(7, 1)).to.equal(1);
    });

    it('uses response header v1 for flexible versions and v0 otherwise', () => {
      expect(responseHeaderVersion(12, 4)).to.equal(1);
      expect(responseHeaderVersion(12, 3)).to.equal(0);
    });

    it('always uses response header v0 for ApiVersions', () => {
      expect(responseHeaderVersion(18, 3)).to.equal(0);
      expect(responseHeaderVersion(18, 4)).to.equal(0);
    });
  });

  describe('codec table', () => {
    it('lists each API with its valid versions and first flexible version', () => {
      const fetch = apiCodec(1);
      expect(fetch?.name).to.equal('Fetch');
      expect(fetch?.validVersions).to.deep.equal({ min: 0, max: 17 });
      expect(fetch?.flexibleMin).to.equal(12);
      expect(apiCodec(17)?.flexibleMin).to.equal(null);
      expect(apiCodec(9999)).to.equal(undefined);
    });
  });

  describe('request headers of unknown APIs and versions', () => {
    it('decodes the header of an ApiVersions version the broker does not know', () => {
      // ApiVersions v9 (flexible, so header v2): client id "x", empty tagged section, then a body we cannot read.
      const frame = hex('0012 0009 00000003 0001 78 00  ffff');
      expect(decodeRequestHeader(frame)).to.deep.equal({ apiKey: 18, apiVersion: 9, correlationId: 3, clientId: 'x', headerBytes: 12 });
    });

    it('refuses the body of an unknown version with UNSUPPORTED_VERSION', () => {
      const frame = hex('0012 0009 00000003 0001 78 00');
      expect(() => decodeRequestBody(18, 9, frame, 12)).to.throw(FjordError, /ApiVersions has no version 9/);
    });

    it('decodes the header of an unknown api key as header v1', () => {
      const frame = hex('270f 0000 00000004 ffff  0102');
      expect(decodeRequestHeader(frame)).to.deep.equal({ apiKey: 9999, apiVersion: 0, correlationId: 4, clientId: null, headerBytes: 10 });
    });

    it('decodes a ControlledShutdown v0 header, which has no client id', () => {
      const frame = hex('0007 0000 00000005  00000001');
      const header = decodeRequestHeader(frame);
      expect(header.headerBytes).to.equal(8);
      expect(decodeRequestBody(7, 0, frame, header.headerBytes)).to.deep.include({ brokerId: 1 });
    });

    it('reports a truncated header as INVALID_REQUEST naming the header field', () => {
      expect(() => decodeRequestHeader(hex('0012 00'))).to.throw(FjordError, /RequestHeader.requestApiVersion/);
    });
  });

  describe('frames', () => {
    it('encodes and decodes a request with its header', () => {
      const frame = frameOf(encodeRequest(12, 4, 77, 'app', { groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: null }));
      const header = decodeRequestHeader(frame);
      expect(header).to.include({ apiKey: 12, apiVersion: 4, correlationId: 77, clientId: 'app' });
      expect(decodeRequestBody(12, 4, frame, header.headerBytes)).to.deep.equal({ groupId: 'g', generationId: 3, memberId: 'm', groupInstanceId: null });
    });

    it('rejects bytes left over after a request body', () => {
      const frame = Buffer.concat([frameOf(encodeRequest(12, 0, 1, null, { groupId: 'g', generationId: 3, memberId: 'm' })), Buffer.from([0])]);
      expect(() => decodeRequestBody(12, 0, frame, decodeRequestHeader(frame).headerBytes)).to.throw(FjordError, /1 bytes left over/);
    });

    it('encodes and decodes a response with its correlation id', () => {
      const frame = frameOf(encodeResponse(12, 4, 91, { throttleTimeMs: 5, errorCode: 0 }));
      expect(peekCorrelationId(frame)).to.equal(91);
      expect(decodeResponse(12, 4, frame)).to.deep.equal({ correlationId: 91, body: { throttleTimeMs: 5, errorCode: 0 } });
    });

    it('hands a large records buffer to the frame chunks without copying it', () => {
      const records = Buffer.alloc(1 << 20, 1);
      const body = { acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records }] }] };
      const chunks = encodeRequest(0, 9, 1, 'p', body);
      expect(chunks.some((c) => c === records)).to.equal(true);
      const frame = frameOf(chunks);
      const decoded = decodeRequestBody(0, 9, frame, decodeRequestHeader(frame).headerBytes);
      expect(decoded.topicData[0].partitionData[0].records?.equals(records)).to.equal(true);
    });

    it('reads an ApiVersions response in v0 when the broker answered a newer request with v0', () => {
      // UNSUPPORTED_VERSION (35) and the broker's ApiVersions range 0-2, in the v0 body layout.
      const frame = hex('00000001  0023  00000001 0012 0000 0002');
      const { body } = decodeResponse(18, 3, frame);
      expect(body.errorCode).to.equal(35);
      expect(body.apiKeys).to.deep.equal([{ apiKey: 18, minVersion: 0, maxVersion: 2 }]);
    });
  });
});
