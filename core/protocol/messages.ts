/**
 * Whole Kafka messages: the int32 size frame, the request/response headers and the generated
 * body codecs put together (../shared/kafka-protocol/README.md, "Framing and headers").
 *
 * Frames handed to the decoders are the bytes after the int32 size prefix (what a framing layer
 * yields); encoders return the frame with its size prefix as chunks ready for a vectored write.
 * Malformed requests throw INVALID_REQUEST, malformed responses CORRUPT_MESSAGE, unknown api
 * keys or versions UNSUPPORTED_VERSION.
 */
import { FjordError } from '../errors.js';
import { ApiCodec, ApiCodecs, apiCodecs } from './generated/api-codecs.js';
import { readRequestHeader, writeRequestHeader } from './generated/request-header.js';
import { readResponseHeader, writeResponseHeader } from './generated/response-header.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** An api key some schema defines. */
export type ApiKey = keyof ApiCodecs;
/** The request body type of api key `K`. */
export type RequestOf<K extends ApiKey> = ApiCodecs[K] extends ApiCodec<infer Req, infer _Res> ? Req : never;
/** The response body type of api key `K`. */
export type ResponseOf<K extends ApiKey> = ApiCodecs[K] extends ApiCodec<infer _Req, infer Res> ? Res : never;
/** A codec whose message types are not known statically. */
export type AnyApiCodec = ApiCodec<unknown, unknown>;

/** What a broker learns from a request header before it decides whether it can read the body. */
export interface DecodedRequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** Bytes the header took: where the body starts. */
  headerBytes: number;
}

/** A decoded response: the echoed correlation id and the body. */
export interface DecodedResponse<Res> {
  correlationId: number;
  body: Res;
}

const API_VERSIONS = 18;
const CONTROLLED_SHUTDOWN = 7;

const byKey: (AnyApiCodec | undefined)[] = [];
for (const codec of Object.values(apiCodecs) as AnyApiCodec[]) byKey[codec.apiKey] = codec;

/** The codec of `apiKey`, or undefined if no schema defines that key. */
export function apiCodec(apiKey: number): AnyApiCodec | undefined {
  return byKey[apiKey];
}

/** The codec of `apiKey` if it supports `apiVersion`; UNSUPPORTED_VERSION otherwise. */
function supportedCodec(apiKey: number, apiVersion: number): AnyApiCodec {
  const codec = byKey[apiKey];
  if (!codec) throw new FjordError('UNSUPPORTED_VERSION', `unknown api key ${apiKey}`);
  if (!(apiVersion >= codec.validVersions.min && apiVersion <= codec.validVersions.max)) {
    throw new FjordError('UNSUPPORTED_VERSION', `${codec.name} has no version ${apiVersion}`);
  }
  return codec;
}

/** Whether `apiVersion` of `apiKey` uses compact encodings and tagged fields (false for unknown keys). */
export function isFlexible(apiKey: number, apiVersion: number): boolean {
  const min = byKey[apiKey]?.flexibleMin;
  return min !== undefined && min !== null && apiVersion >= min;
}

/**
 * The request header version for a request: 2 when the api version is flexible, else 1; 0 only
 * for ControlledShutdown v0. Versions above an API's known maximum count as flexible if the API
 * already was, as Kafka does, so a header of a too-new version still parses.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === CONTROLLED_SHUTDOWN && apiVersion === 0) return 0;
  return isFlexible(apiKey, apiVersion) ? 2 : 1;
}

/**
 * The response header version: 1 when the api version is flexible, else 0. ApiVersions always
 * answers with header v0, so a client can read the error of a version the broker does not know.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === API_VERSIONS) return 0;
  return isFlexible(apiKey, apiVersion) ? 1 : 0;
}

/** Encodes a request frame (int32 size, header, body) as chunks; large records are not copied. */
export function encodeRequest<K extends ApiKey>(apiKey: K, apiVersion: number, correlationId: number, clientId: string | null, body: RequestOf<K>): Buffer[];
export function encodeRequest(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: unknown): Buffer[];
export function encodeRequest(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: unknown): Buffer[] {
  const codec = supportedCodec(apiKey, apiVersion);
  const w = new WireWriter();
  w.int32(0);
  const header = { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId };
  writeRequestHeader(w, requestHeaderVersion(apiKey, apiVersion), header);
  codec.writeRequest(w, apiVersion, body);
  w.patchInt32(0, w.length - 4);
  return w.chunks();
}

/**
 * Decodes the header of a request frame. Works for any api key and version, known or not, so a
 * broker can still answer UNSUPPORTED_VERSION (for an unknown key only the v1 fields are read).
 */
export function decodeRequestHeader(frame: Buffer): DecodedRequestHeader {
  const r = new WireReader(frame, 0, 'INVALID_REQUEST');
  const apiKey = r.int16('RequestHeader.requestApiKey');
  const apiVersion = r.int16('RequestHeader.requestApiVersion');
  r.pos = 0;
  const header = readRequestHeader(r, requestHeaderVersion(apiKey, apiVersion));
  const clientId = header.clientId === undefined ? null : header.clientId;
  return { apiKey, apiVersion, correlationId: header.correlationId, clientId, headerBytes: r.pos };
}

/** Decodes a request body starting at `offset` (the header's `headerBytes`); the body must fill the frame. */
export function decodeRequestBody<K extends ApiKey>(apiKey: K, apiVersion: number, frame: Buffer, offset: number): RequestOf<K>;
export function decodeRequestBody(apiKey: number, apiVersion: number, frame: Buffer, offset: number): unknown;
export function decodeRequestBody(apiKey: number, apiVersion: number, frame: Buffer, offset: number): unknown {
  const codec = supportedCodec(apiKey, apiVersion);
  const r = new WireReader(frame, offset, 'INVALID_REQUEST');
  const body = codec.readRequest(r, apiVersion);
  expectEnd(r, `${codec.name}Request`);
  return body;
}

/** Encodes a response frame (int32 size, header, body) as chunks; large records are not copied. */
export function encodeResponse<K extends ApiKey>(apiKey: K, apiVersion: number, correlationId: number, body: ResponseOf<K>): Buffer[];
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: unknown): Buffer[];
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: unknown): Buffer[] {
  const codec = supportedCodec(apiKey, apiVersion);
  const w = new WireWriter();
  w.int32(0);
  writeResponseHeader(w, responseHeaderVersion(apiKey, apiVersion), { correlationId });
  codec.writeResponse(w, apiVersion, body);
  w.patchInt32(0, w.length - 4);
  return w.chunks();
}

/**
 * Decodes a response frame to a request of `apiVersion`. An ApiVersions response that does not
 * parse in that version is retried as v0: a broker that does not know the requested version
 * answers in v0 with UNSUPPORTED_VERSION (Kafka's clients fall back the same way).
 */
export function decodeResponse<K extends ApiKey>(apiKey: K, apiVersion: number, frame: Buffer): DecodedResponse<ResponseOf<K>>;
export function decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): DecodedResponse<unknown>;
export function decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): DecodedResponse<unknown> {
  const codec = supportedCodec(apiKey, apiVersion);
  const r = new WireReader(frame, 0, 'CORRUPT_MESSAGE');
  const { correlationId } = readResponseHeader(r, responseHeaderVersion(apiKey, apiVersion));
  const start = r.pos;
  try {
    const body = codec.readResponse(r, apiVersion);
    expectEnd(r, `${codec.name}Response`);
    return { correlationId, body };
  } catch (err) {
    if (apiKey !== API_VERSIONS || apiVersion === 0 || !(err instanceof FjordError)) throw err;
    r.pos = start;
    const body = codec.readResponse(r, 0);
    expectEnd(r, `${codec.name}Response`);
    return { correlationId, body };
  }
}

/** The correlation id of a response frame, read without decoding anything else. */
export function peekCorrelationId(frame: Buffer): number {
  return new WireReader(frame, 0, 'CORRUPT_MESSAGE').int32('ResponseHeader.correlationId');
}

function expectEnd(r: WireReader, message: string): void {
  if (r.pos !== r.end) throw r.fail(message, `${r.end - r.pos} bytes left over after the body`);
}
