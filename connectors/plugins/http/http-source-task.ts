/**
 * HttpSourceTask: runs an HttpReceiver and turns each accepted JSON object into a schemaless
 * record (value = the object, key = its `key.field` as a string, or null). HTTP requests cannot
 * be re-read, so records carry the listening path as source partition and no offset to resume.
 */
import { SourceTask, type Schema, type SourceRecord } from '../../api/types.js';
import { FjordError } from '../../../core/errors.js';
import { num, parsePluginConfig, str } from '../common/config.js';
import { BUILTIN_PLUGIN_VERSION } from '../common/version.js';
import { Waker } from '../common/waker.js';
import {
  ACK_MODE_CONFIG, ACK_TIMEOUT_MS_CONFIG, BATCH_SIZE_CONFIG, BODY_MAX_BYTES_CONFIG, HTTP_HOST_CONFIG, HTTP_PATH_CONFIG, HTTP_PORT_CONFIG, HTTP_SOURCE_CONFIG,
  IDEMPOTENCY_HEADER_CONFIG, IDEMPOTENCY_WINDOW_KEYS_CONFIG, IDEMPOTENCY_WINDOW_MS_CONFIG, KEY_FIELD_CONFIG,
  QUEUE_MAX_RECORDS_CONFIG, TOPIC_CONFIG,
} from './config.js';
import { HttpReceiver, type AckMode } from './http-receiver.js';
import type { WriteTicket } from './write-ticket.js';

/** How long poll() waits for a request before it returns null. */
export const POLL_WAIT_MS = 250;

const KEY_SCHEMA: Schema = { type: 'string', optional: true };

export class HttpSourceTask extends SourceTask {
  private receiver: HttpReceiver | null = null;
  private topic = '';
  private path = '/';
  private keyField = '';
  private batchSize = 1;
  private readonly waker = new Waker();
  /** ack.mode=written: the request each polled record came in, until the record is written. */
  private readonly tickets = new WeakMap<SourceRecord, WriteTicket>();

  version(): string {
    return BUILTIN_PLUGIN_VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    const config = parsePluginConfig(HTTP_SOURCE_CONFIG, props, 'HttpSourceTask');
    this.topic = str(config, TOPIC_CONFIG)!;
    this.path = normalisePath(str(config, HTTP_PATH_CONFIG) ?? '/');
    this.keyField = str(config, KEY_FIELD_CONFIG) ?? '';
    this.batchSize = num(config, BATCH_SIZE_CONFIG);
    const host = str(config, HTTP_HOST_CONFIG)!;
    const port = num(config, HTTP_PORT_CONFIG);
    try {
      this.receiver = await HttpReceiver.listen({
        host,
        port,
        path: this.path,
        idempotencyHeader: str(config, IDEMPOTENCY_HEADER_CONFIG) ?? '',
        idempotencyKeysMax: num(config, IDEMPOTENCY_WINDOW_KEYS_CONFIG),
        idempotencyWindowMs: num(config, IDEMPOTENCY_WINDOW_MS_CONFIG),
        queueRecordsMax: num(config, QUEUE_MAX_RECORDS_CONFIG),
        bodyBytesMax: num(config, BODY_MAX_BYTES_CONFIG),
        ackMode: str(config, ACK_MODE_CONFIG) as AckMode,
        ackTimeoutMs: num(config, ACK_TIMEOUT_MS_CONFIG),
        onQueued: () => this.waker.wake(),
      });
    } catch (err) {
      throw new FjordError('INVALID_ARGUMENT', `HttpSourceTask: cannot listen on ${host}:${port} (configuration ${HTTP_PORT_CONFIG}): ${(err as Error).message}`, { cause: err });
    }
  }

  /** The port the server listens on. */
  port(): number {
    if (!this.receiver) throw new Error('assertion failed: HttpSourceTask.port() before start()');
    return this.receiver.port();
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (!this.receiver) return null;
    if (this.receiver.queued === 0) await this.waker.wait(POLL_WAIT_MS);
    const objects = this.receiver?.take(this.batchSize) ?? [];
    if (objects.length === 0) return null;
    return objects.map(({ value, ticket }) => {
      const record = this.toRecord(value);
      if (ticket) this.tickets.set(record, ticket);
      return record;
    });
  }

  /** The runtime wrote (or a transform dropped) a record: with ack.mode=written its request may be answered. */
  override commitRecord(record: SourceRecord): void {
    this.tickets.get(record)?.done();
    this.tickets.delete(record);
  }

  private toRecord(value: Record<string, unknown>): SourceRecord {
    const keyValue = this.keyField ? value[this.keyField] : undefined;
    const key = keyValue === undefined || keyValue === null ? null : typeof keyValue === 'string' ? keyValue : JSON.stringify(keyValue);
    return {
      topic: this.topic,
      kafkaPartition: null,
      keySchema: this.keyField ? KEY_SCHEMA : null,
      key,
      valueSchema: null,
      value,
      timestamp: null,
      headers: [],
      sourcePartition: { [HTTP_PATH_CONFIG]: this.path },
      sourceOffset: {},
    };
  }

  async stop(): Promise<void> {
    const receiver = this.receiver;
    this.receiver = null;
    this.waker.wake();
    await receiver?.close();
  }
}

function normalisePath(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}
