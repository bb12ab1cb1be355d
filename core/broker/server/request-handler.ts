/**
 * What the TCP server needs of a broker, and how it maps a header's api key to the API the broker
 * implements. The server never looks inside requests or responses: it only routes them.
 */
import { apiCodec } from '../../protocol/messages.js';
import { supportedApis, type ApiName, type ApiRange, type RequestOf, type ResponseOf } from '../apis.js';
import type { RequestContext } from '../broker-state.js';

/**
 * Answers decoded requests; `Broker` is one. Null means "send no response" (Produce with
 * acks=0). A rejection is a bug in the handler, except FjordError('UNSUPPORTED_VERSION').
 */
export interface RequestHandler {
  handle<K extends ApiName>(api: K, request: RequestOf<K>, ctx: RequestContext): Promise<ResponseOf<K> | null>;
}

/** An API the broker implements, found by its key. */
export interface RoutedApi extends ApiRange {
  name: ApiName;
}

/** The api key of ApiVersions, the one API answered even in a version the broker does not know. */
export const API_VERSIONS_KEY = supportedApis.ApiVersions.apiKey;

const byKey = new Map<number, RoutedApi>(
  (Object.entries(supportedApis) as [ApiName, ApiRange][]).map(([name, range]) => [range.apiKey, { name, ...range }]),
);

/** The API with `apiKey` if the broker implements it (whatever the version). */
export function routedApi(apiKey: number): RoutedApi | undefined {
  return byKey.get(apiKey);
}

/** Whether the broker implements `version` of `api`. */
export function supportsVersion(api: ApiRange, version: number): boolean {
  return version >= api.minVersion && version <= api.maxVersion;
}

/** "Produce v7", or "api key 999 v0" for a key no schema defines: for log lines. */
export function apiLabel(apiKey: number, apiVersion: number): string {
  const name = apiCodec(apiKey)?.name;
  return name === undefined ? `api key ${apiKey} v${apiVersion}` : `${name} v${apiVersion}`;
}
