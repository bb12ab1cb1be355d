/** Config definitions of the HTTP source and sink. */
import type { ConfigDef } from '../../api/types.js';
import { atLeast, nonEmptyString, oneOf, range } from '../../api/config-validators.js';

export const HTTP_PORT_CONFIG = 'http.port';
export const HTTP_HOST_CONFIG = 'http.host';
export const HTTP_PATH_CONFIG = 'http.path';
export const TOPIC_CONFIG = 'topic';
export const KEY_FIELD_CONFIG = 'key.field';
export const IDEMPOTENCY_HEADER_CONFIG = 'idempotency.header';
export const IDEMPOTENCY_WINDOW_KEYS_CONFIG = 'idempotency.window.keys';
export const IDEMPOTENCY_WINDOW_MS_CONFIG = 'idempotency.window.ms';
export const QUEUE_MAX_RECORDS_CONFIG = 'queue.max.records';
export const BODY_MAX_BYTES_CONFIG = 'http.body.max.bytes';
export const BATCH_SIZE_CONFIG = 'batch.size';
export const ACK_MODE_CONFIG = 'ack.mode';
export const ACK_TIMEOUT_MS_CONFIG = 'ack.timeout.ms';

export const HTTP_SOURCE_CONFIG: ConfigDef = [
  { name: TOPIC_CONFIG, type: 'string', importance: 'high', validator: nonEmptyString, documentation: 'The topic records are written to' },
  { name: HTTP_PORT_CONFIG, type: 'int', importance: 'high', validator: range(0, 65535), documentation: 'Port to listen on (0 picks a free one)' },
  { name: HTTP_HOST_CONFIG, type: 'string', default: '0.0.0.0', importance: 'medium', documentation: 'Address to listen on' },
  { name: HTTP_PATH_CONFIG, type: 'string', default: '/', importance: 'medium', documentation: 'The path that accepts POSTed JSON; other paths answer 404' },
  {
    name: KEY_FIELD_CONFIG,
    type: 'string',
    default: '',
    importance: 'medium',
    documentation: "A top-level field of each object whose value becomes the record key (as a string); empty = null keys",
  },
  {
    name: IDEMPOTENCY_HEADER_CONFIG,
    type: 'string',
    default: 'Idempotency-Key',
    importance: 'medium',
    documentation: 'Request header whose value identifies a request; a repeat within the window is answered 200 and not queued again. Empty disables',
  },
  { name: IDEMPOTENCY_WINDOW_KEYS_CONFIG, type: 'int', default: 10000, importance: 'low', validator: atLeast(1), documentation: 'Most idempotency keys remembered' },
  { name: IDEMPOTENCY_WINDOW_MS_CONFIG, type: 'long', default: 3600000, importance: 'low', validator: atLeast(0), documentation: 'How long an idempotency key is remembered (ms)' },
  {
    name: QUEUE_MAX_RECORDS_CONFIG,
    type: 'int',
    default: 10000,
    importance: 'medium',
    validator: atLeast(1),
    documentation: 'Most records waiting for poll(); a request that does not fit is answered 503 with Retry-After',
  },
  { name: BODY_MAX_BYTES_CONFIG, type: 'int', default: 1048576, importance: 'low', validator: atLeast(1), documentation: 'Largest request body accepted; larger answers 413' },
  { name: BATCH_SIZE_CONFIG, type: 'int', default: 2000, importance: 'low', validator: atLeast(1), documentation: 'Most records one poll() returns' },
  {
    name: ACK_MODE_CONFIG,
    type: 'string',
    default: 'queued',
    importance: 'medium',
    validator: oneOf('queued', 'written'),
    documentation: 'queued: answer 202 once the records are queued for poll(); written: answer 200 once they are all written to Kafka',
  },
  { name: ACK_TIMEOUT_MS_CONFIG, type: 'int', default: 30000, importance: 'low', validator: atLeast(1), documentation: 'ack.mode=written: answer 504 if the records are not written within this time (ms)' },
];

export const HTTP_URL_CONFIG = 'http.url';
export const BATCH_MAX_SIZE_CONFIG = 'batch.max.size';
export const MAX_RETRIES_CONFIG = 'max.retries';
export const RETRY_BACKOFF_MS_CONFIG = 'retry.backoff.ms';
export const RETRY_BACKOFF_MAX_MS_CONFIG = 'retry.backoff.max.ms';
export const HEADERS_CONFIG = 'headers';
export const HEADER_SEPARATOR_CONFIG = 'header.separator';
export const REQUEST_TIMEOUT_MS_CONFIG = 'http.request.timeout.ms';

export const HTTP_SINK_CONFIG: ConfigDef = [
  { name: HTTP_URL_CONFIG, type: 'string', importance: 'high', validator: nonEmptyString, documentation: 'URL that record values are POSTed to, as a JSON array per batch' },
  { name: BATCH_MAX_SIZE_CONFIG, type: 'int', default: 100, importance: 'high', validator: atLeast(1), documentation: 'Most records in one request' },
  { name: MAX_RETRIES_CONFIG, type: 'int', default: 10, importance: 'medium', validator: atLeast(0), documentation: 'Retries of a failed request (network error, 408, 429 or 5xx) before the task fails' },
  { name: RETRY_BACKOFF_MS_CONFIG, type: 'long', default: 3000, importance: 'medium', validator: atLeast(0), documentation: 'Wait before the first retry (ms); doubles with each further retry' },
  { name: RETRY_BACKOFF_MAX_MS_CONFIG, type: 'long', default: 60000, importance: 'low', validator: atLeast(0), documentation: 'Longest wait between retries (ms)' },
  {
    name: HEADERS_CONFIG,
    type: 'string',
    default: '',
    importance: 'medium',
    documentation: 'Extra request headers as `Name:value` pairs separated by header.separator, e.g. `Authorization:Bearer x|X-Source:fjord`',
  },
  { name: HEADER_SEPARATOR_CONFIG, type: 'string', default: '|', importance: 'low', validator: nonEmptyString, documentation: 'Separator between pairs in headers' },
  { name: REQUEST_TIMEOUT_MS_CONFIG, type: 'int', default: 30000, importance: 'low', validator: atLeast(1), documentation: 'Time allowed for one request (ms)' },
];
