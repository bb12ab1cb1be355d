/** URL functions, parsing as java.net.URI does (RFC 2396 components, decoded). */
import type { FunctionFactory } from '../types.js';
import { scalar, sig } from './define.js';

const CAT = 'URL';

interface UrlParts {
  readonly scheme: string | null;
  readonly host: string | null;
  readonly port: number | null;
  readonly path: string | null;
  readonly query: string | null;
  readonly fragment: string | null;
}

const URI_RE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

function decode(s: string | undefined): string | null {
  if (s === undefined) return null;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Components of a URL; null when it does not parse (ksqlDB then returns NULL). */
function parseUrl(url: string): UrlParts | null {
  if (/[\s"<>\\^`{|}]/.test(url)) return null;
  const m = URI_RE.exec(url);
  if (m === null) return null;
  let host: string | null = null;
  let port: number | null = null;
  if (m[2] !== undefined) {
    const hostPort = m[2].slice(m[2].lastIndexOf('@') + 1);
    const pm = /^(.*?)(?::(\d*))?$/.exec(hostPort)!;
    host = pm[1] === '' ? null : pm[1]!;
    port = pm[2] === undefined || pm[2] === '' ? null : Number(pm[2]);
  }
  return { scheme: m[1] ?? null, host, port, path: decode(m[3]), query: decode(m[4]), fragment: decode(m[5]) };
}

const part = <K extends keyof UrlParts>(k: K) => (url: string): UrlParts[K] | null => parseUrl(url)?.[k] ?? null;

/** Java's URLEncoder.encode(s, UTF-8): letters, digits and `.-*_` kept, space as `+`. */
function urlEncodeParam(s: string): string {
  return encodeURIComponent(s).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
}

function urlDecodeParam(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** ksqlDB splits URI.getQuery() (already percent-decoded) on `&` and `=`; a key without a value gives ''. */
function extractParameter(url: string, name: string): string | null {
  const query = parseUrl(url)?.query ?? null;
  if (query === null) return null;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 && pair === name) return '';
    if (eq >= 0 && pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return null;
}

export const urlFunctions: FunctionFactory<'SCALAR'>[] = [
  scalar('url_extract_protocol', CAT, 'The protocol (scheme) of a URL.', [sig('STRING', ['STRING'], part('scheme'))]),
  scalar('url_extract_host', CAT, 'The host of a URL.', [sig('STRING', ['STRING'], part('host'))]),
  scalar('url_extract_port', CAT, 'The port of a URL, or NULL when none is given.', [sig('INTEGER', ['STRING'], part('port'))]),
  scalar('url_extract_path', CAT, 'The decoded path of a URL.', [sig('STRING', ['STRING'], part('path'))]),
  scalar('url_extract_query', CAT, 'The decoded query of a URL.', [sig('STRING', ['STRING'], part('query'))]),
  scalar('url_extract_fragment', CAT, 'The decoded fragment of a URL.', [sig('STRING', ['STRING'], part('fragment'))]),
  scalar('url_extract_parameter', CAT, 'The decoded value of a query parameter of a URL.', [
    sig('STRING', ['STRING', 'STRING'], extractParameter),
  ]),
  scalar('url_encode_param', CAT, 'Escapes a value for use in a URL query (application/x-www-form-urlencoded).', [
    sig('STRING', ['STRING'], urlEncodeParam),
  ]),
  scalar('url_decode_param', CAT, 'Unescapes a URL query value (application/x-www-form-urlencoded).', [
    sig('STRING', ['STRING'], urlDecodeParam),
  ]),
];
