/**
 * ApiVersions (18): the version range of every API this broker implements. An unknown request
 * version is answered (by the TCP shell) with UNSUPPORTED_VERSION in a v0 body, as Kafka does.
 */
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../protocol/generated/api-versions.js';
import { supportedApis } from '../apis.js';
import type { BrokerState, RequestContext } from '../broker-state.js';

export function handleApiVersions(_b: BrokerState, _req: ApiVersionsRequest, _ctx: RequestContext): ApiVersionsResponse {
  return {
    errorCode: 0,
    apiKeys: Object.values(supportedApis)
      .sort((a, b) => a.apiKey - b.apiKey)
      .map((r) => ({ apiKey: r.apiKey, minVersion: r.minVersion, maxVersion: r.maxVersion })),
    throttleTimeMs: 0,
  };
}
