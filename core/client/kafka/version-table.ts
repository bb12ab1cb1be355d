/**
 * ApiVersions negotiation, client side (../shared/kafka-protocol/README.md, "Framing and
 * headers"): what a broker's ApiVersions answer means, and which version of each API to speak
 * with that broker — the highest both Fjord (core/broker/apis.ts) and the broker support.
 */
import { FjordError } from '../../errors.js';
import { supportedApis, type ApiName } from '../../broker/apis.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { ApiVersionsResponse } from '../../protocol/generated/api-versions.js';
import { decodeResponse } from '../../protocol/messages.js';

const API_VERSIONS_KEY = supportedApis.ApiVersions.apiKey;
const UNSUPPORTED_VERSION = errorCode('UNSUPPORTED_VERSION');
/** Response header v0 (correlation id) precedes every ApiVersions body, whatever its version. */
const HEADER_BYTES = 4;

export interface VersionRange {
  min: number;
  max: number;
}

/**
 * Lowest versions Fjord's client can speak where that is above what the broker side advertises:
 * the client writes and reads only record batches (magic 2), which need Produce v3+ and Fetch
 * v4+. Fjord's broker advertises Produce from v0 for librdkafka's feature detection, but a
 * client that spoke v0-2 would send batches such a broker cannot read.
 */
const CLIENT_MIN_VERSIONS: Partial<Record<ApiName, number>> = { Produce: 3, Fetch: 4 };

/** The versions of an API Fjord's client speaks: the broker table's range, raised to the client's minimum. */
export function clientRange(api: ApiName): VersionRange {
  const { minVersion, maxVersion } = supportedApis[api];
  return { min: Math.max(minVersion, CLIENT_MIN_VERSIONS[api] ?? minVersion), max: maxVersion };
}

/** The versions one broker supports, by api key, and the choice of version per API. */
export class VersionTable {
  private readonly chosen = new Map<ApiName, number>();

  constructor(
    private readonly ranges: ReadonlyMap<number, VersionRange>,
    /** Names the broker in errors, e.g. "broker 2 at 10.0.0.5:9092". */
    private readonly where: string,
    /** Per-API caps on Fjord's side (the apiVersionsMax setting). */
    private readonly caps: Partial<Record<ApiName, number>> = {},
  ) {}

  static fromResponse(res: ApiVersionsResponse, where: string, caps: Partial<Record<ApiName, number>> = {}): VersionTable {
    return new VersionTable(new Map(res.apiKeys.map((k) => [k.apiKey, { min: k.minVersion, max: k.maxVersion }])), where, caps);
  }

  /** The broker's range for an api key, or undefined when it does not offer the API. */
  range(apiKey: number): VersionRange | undefined {
    return this.ranges.get(apiKey);
  }

  /**
   * The version to speak: min(Fjord's max, the broker's max). Throws UNSUPPORTED_VERSION naming
   * the API and both ranges when they do not overlap (or the broker lacks the API).
   */
  versionFor(api: ApiName): number {
    const cached = this.chosen.get(api);
    if (cached !== undefined) return cached;
    const apiKey = supportedApis[api].apiKey;
    const ours = clientRange(api);
    const oursMax = Math.min(ours.max, this.caps[api] ?? ours.max);
    const theirs = this.ranges.get(apiKey);
    const version = theirs ? Math.min(oursMax, theirs.max) : -1;
    if (!theirs || version < Math.max(ours.min, theirs.min)) {
      const offered = theirs ? `${theirs.min}-${theirs.max}` : 'none (the broker does not offer it)';
      const capped = oursMax < ours.max ? ` (capped at ${oursMax} by apiVersionsMax)` : '';
      throw new FjordError('UNSUPPORTED_VERSION', `${api} (api key ${apiKey}): Fjord speaks versions ${ours.min}-${ours.max}${capped}, ${this.where} supports ${offered}`, { retriable: false });
    }
    this.chosen.set(api, version);
    return version;
  }
}

/** What an ApiVersions answer means for the negotiation. */
export type ApiVersionsOutcome = { kind: 'done'; response: ApiVersionsResponse } | { kind: 'retry'; version: number };

/**
 * Reads the answer to an ApiVersions request of `version`. A broker that does not know that
 * version answers UNSUPPORTED_VERSION, listing at least its own ApiVersions range: retry with
 * the highest version both know. If that body does not even parse (librdkafka's mock cluster
 * answers a v3 request in a compact form no schema describes), retry with v0, which every broker
 * speaks.
 */
export function interpretApiVersions(frame: Buffer, version: number, where: string): ApiVersionsOutcome {
  let response: ApiVersionsResponse;
  try {
    response = decodeResponse(API_VERSIONS_KEY, version, frame).body as ApiVersionsResponse;
  } catch (err) {
    if (version > 0 && frame.length >= HEADER_BYTES + 2 && frame.readInt16BE(HEADER_BYTES) === UNSUPPORTED_VERSION) return { kind: 'retry', version: 0 };
    throw err;
  }
  if (response.errorCode === UNSUPPORTED_VERSION && version > 0) {
    const theirs = response.apiKeys.find((k) => k.apiKey === API_VERSIONS_KEY);
    const next = theirs ? Math.min(theirs.maxVersion, version - 1) : 0;
    return { kind: 'retry', version: Math.max(0, next) };
  }
  if (response.errorCode !== 0) {
    throw new FjordError('UNSUPPORTED_VERSION', `ApiVersions v${version} to ${where} failed with error code ${response.errorCode}`, { retriable: false });
  }
  return { kind: 'done', response };
}
