import { expect } from 'chai';
import { decodeRequestBody, decodeRequestHeader, decodeResponse, encodeRequest, encodeResponse } from '../../../../core/protocol/messages.js';

// Every expected byte string below is written by hand from the published rules
// (../shared/kafka-protocol/README.md, "Framing and headers" and "Primitive encodings"),
// not captured from the encoder. Spaces separate fields.
function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

function joined(chunks: Buffer[]): Buffer {
  return Buffer.concat(chunks);
}

describe('wire fixtures written from the protocol rules', () => {
  describe('request headers', () => {
    // Metadata v1 is not flexible: header v1 (classic int16 client id), body topics = null as int32 -1.
    const metadataV1 = hex('00000012  0003 0001 00000007  0004 6b636174  ffffffff');

    it('encodes a Metadata v1 request with null topics as header v1 and an int32 -1 array', () => {
      expect(joined(encodeRequest(3, 1, 7, 'kcat', { topics: null })).toString('hex')).to.equal(metadataV1.toString('hex'));
    });

    it('decodes a Metadata v1 request with null topics', () => {
      const frame = metadataV1.subarray(4);
      const header = decodeRequestHeader(frame);
      expect(header).to.deep.equal({ apiKey: 3, apiVersion: 1, correlationId: 7, clientId: 'kcat', headerBytes: 14 });
      expect(decodeRequestBody(3, 1, frame, header.headerBytes).topics).to.equal(null);
    });

    it('writes the schema default for an optional field the message leaves out', () => {
      // Metadata v4 adds AllowAutoTopicCreation, default true: the last byte is 01.
      const bytes = joined(encodeRequest(3, 4, 7, 'kcat', { topics: null }));
      expect(bytes.toString('hex')).to.equal(hex('00000013  0003 0004 00000007  0004 6b636174  ffffffff 01').toString('hex'));
    });

    it('fills in the schema default for a field the version does not carry', () => {
      const frame = metadataV1.subarray(4);
      expect(decodeRequestBody(3, 1, frame, 14).allowAutoTopicCreation).to.equal(true);
    });

    // ApiVersions v3 is flexible: header v2 = v1 + an empty tagged section, client id still classic;
    // the body uses compact strings (length + 1) and ends with its own tagged section.
    const apiVersionsV3 = hex(
      '00000021  0012 0003 00000001  0004 6b636174  00' + // header v2
        '0b 6c696272646b61666b61  06 322e302e32  00', // "librdkafka", "2.0.2", no tags
    );

    it('encodes an ApiVersions v3 request from kcat as header v2 with a classic client id', () => {
      const body = { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' };
      expect(joined(encodeRequest(18, 3, 1, 'kcat', body)).toString('hex')).to.equal(apiVersionsV3.toString('hex'));
    });

    it('decodes an ApiVersions v3 request from kcat', () => {
      const frame = apiVersionsV3.subarray(4);
      const header = decodeRequestHeader(frame);
      expect(header).to.deep.equal({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'kcat', headerBytes: 15 });
      expect(decodeRequestBody(18, 3, frame, header.headerBytes)).to.deep.equal({
        clientSoftwareName: 'librdkafka',
        clientSoftwareVersion: '2.0.2',
      });
    });
  });

  describe('response headers', () => {
    it('writes header v0 (correlation id only) for a non-flexible response: Heartbeat v3', () => {
      const bytes = joined(encodeResponse(12, 3, 42, { throttleTimeMs: 0, errorCode: 27 }));
      expect(bytes.toString('hex')).to.equal(hex('0000000a  0000002a  00000000 001b').toString('hex'));
    });

    it('writes header v1 (correlation id + tagged section) for a flexible response: Heartbeat v4', () => {
      const bytes = joined(encodeResponse(12, 4, 42, { throttleTimeMs: 0, errorCode: 27 }));
      expect(bytes.toString('hex')).to.equal(hex('0000000c  0000002a 00  00000000 001b 00').toString('hex'));
    });

    // ApiVersions v3: flexible body, but response header v0 (no tagged byte after the correlation id).
    const apiVersionsV3Response = hex('00000013  00000005  0000  02 0012 0000 0003 00  00000000  00');

    it('writes an ApiVersions v3 response with header v0 even though the body is flexible', () => {
      const body = { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 };
      expect(joined(encodeResponse(18, 3, 5, body)).toString('hex')).to.equal(apiVersionsV3Response.toString('hex'));
    });

    it('reads an ApiVersions v3 response with header v0', () => {
      const { correlationId, body } = decodeResponse(18, 3, apiVersionsV3Response.subarray(4));
      expect(correlationId).to.equal(5);
      expect(body.apiKeys).to.deep.equal([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
    });
  });

  describe('tagged fields', () => {
    // ApiVersions v3 response whose tagged section holds tag 1 (FinalizedFeaturesEpoch, int64,
    // size 8) and tag 7, which no schema defines (size 3).
    const frame = hex('00000005  0000  01  00000000  02  01 08 0000000000000007  07 03 aabbcc');

    it('reads a known tag and skips an unknown one by its size', () => {
      const { body } = decodeResponse(18, 3, frame);
      expect(body.finalizedFeaturesEpoch).to.equal(7n);
      expect(body.supportedFeatures).to.deep.equal([]);
      expect(body.zkMigrationReady).to.equal(false);
    });

    it('writes only the tagged fields that differ from their defaults', () => {
      const { body } = decodeResponse(18, 3, frame);
      const bytes = joined(encodeResponse(18, 3, 5, body));
      expect(bytes.toString('hex')).to.equal(hex('00000016  00000005  0000  01  00000000  01  01 08 0000000000000007').toString('hex'));
    });

    it('writes tagged fields in ascending tag order, each with its size', () => {
      const body = { errorCode: 0, apiKeys: [], throttleTimeMs: 0, zkMigrationReady: true, finalizedFeaturesEpoch: 1n };
      const bytes = joined(encodeResponse(18, 3, 5, body));
      expect(bytes.subarray(15).toString('hex')).to.equal(hex('02  01 08 0000000000000001  03 01 01').toString('hex'));
    });
  });
});
