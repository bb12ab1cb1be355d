/**
 * HttpSinkTask: POSTs record values to `http.url` as JSON arrays of at most `batch.max.size`,
 * in order, within put(); a batch that still fails after its retries fails the task, so its
 * offsets are never committed and the records are delivered again after a restart.
 */
import { SinkTask, type SinkRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { configError, num, parsePluginConfig, str } from '../common/config.js';
import { toJson } from '../common/format-value.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import {
  BATCH_MAX_SIZE_CONFIG, HEADERS_CONFIG, HEADER_SEPARATOR_CONFIG, HTTP_SINK_CONFIG, HTTP_URL_CONFIG,
  MAX_RETRIES_CONFIG, REQUEST_TIMEOUT_MS_CONFIG, RETRY_BACKOFF_MAX_MS_CONFIG, RETRY_BACKOFF_MS_CONFIG,
} from './config.js';
import { parseHeaderList } from './header-list.js';
import { HttpPoster } from './http-poster.js';

export class HttpSinkTask extends SinkTask {
  private poster: HttpPoster | null = null;
  private batchMaxSize = 1;

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  start(props: Record<string, string>): void {
    const settings = parseHttpSinkSettings(props, 'HttpSinkTask');
    this.batchMaxSize = settings.batchMaxSize;
    this.poster = new HttpPoster(settings);
  }

  async put(records: SinkRecord[]): Promise<void> {
    if (!this.poster) throw new Error('assertion failed: HttpSinkTask.put() before start()');
    for (let i = 0; i < records.length; i += this.batchMaxSize) {
      const batch = records.slice(i, i + this.batchMaxSize);
      try {
        await this.poster.post(`[${batch.map((r) => toJson(r.value ?? null)).join(',')}]`);
      } catch (err) {
        // A batch the receiver refused (a 4xx other than 408/429) goes to the errant record reporter when there is one.
        const reporter = this.context?.errantRecordReporter?.() ?? null;
        if (!reporter || !(err instanceof FjordError) || err.code !== 'INVALID_ARGUMENT') throw err;
        for (const record of batch) await reporter(record, err);
      }
    }
  }

  /** Requests sent so far, retries included. */
  requestsSent(): number {
    return this.poster?.requestsSent ?? 0;
  }

  stop(): void {
    this.poster?.abort();
  }
}

/** The sink's settings, checked; shared with the connector so bad configs fail at creation. */
export function parseHttpSinkSettings(props: Record<string, string>, where: string) {
  const config = parsePluginConfig(HTTP_SINK_CONFIG, props, where);
  const url = str(config, HTTP_URL_CONFIG)!;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw configError(where, HTTP_URL_CONFIG, url, 'not an absolute URL');
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw configError(where, HTTP_URL_CONFIG, url, 'the URL must be http or https');
  const headerText = str(config, HEADERS_CONFIG) ?? '';
  const headers = parseHeaderList(headerText, str(config, HEADER_SEPARATOR_CONFIG)!);
  if (!headers.ok) throw configError(where, HEADERS_CONFIG, headerText, headers.message);
  return {
    url,
    headers: headers.headers,
    batchMaxSize: num(config, BATCH_MAX_SIZE_CONFIG),
    retriesMax: num(config, MAX_RETRIES_CONFIG),
    backoffBaseMs: num(config, RETRY_BACKOFF_MS_CONFIG),
    backoffMaxMs: num(config, RETRY_BACKOFF_MAX_MS_CONFIG),
    requestTimeoutMs: num(config, REQUEST_TIMEOUT_MS_CONFIG),
  };
}
