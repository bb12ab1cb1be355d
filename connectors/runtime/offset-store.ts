/**
 * Source offsets in `offset.storage.topic`, with Kafka Connect's formats: the key is the JSON
 * `["<connector>", {<source partition>}]`, the value the source offset's JSON (null = deleted).
 * Kept in memory after the start-up read; writes go through to the topic.
 */
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { InternalTopic } from './internal-topic.js';

export type SourcePartition = Record<string, unknown>;
export type SourceOffset = Record<string, unknown>;

/** JSON with object keys sorted, so two equal partitions give the same map key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return typeof v === 'bigint' ? Number(v) : v;
  });
}

interface Entry {
  partition: SourcePartition;
  offset: SourceOffset;
}

export class OffsetStore {
  /** connector → canonical partition JSON → entry. */
  private readonly byConnector = new Map<string, Map<string, Entry>>();

  constructor(private readonly log: InternalTopic, records: ConsumerRecord[]) {
    for (const r of records) this.apply(r.key, r.value);
  }

  private apply(keyBytes: Buffer | null, valueBytes: Buffer | null): void {
    if (!keyBytes) return;
    let key: unknown;
    try {
      key = JSON.parse(keyBytes.toString('utf8'));
    } catch {
      return; // not a Connect offset key: ignored, as Kafka logs and skips it
    }
    if (!Array.isArray(key) || key.length !== 2 || typeof key[0] !== 'string' || !key[1] || typeof key[1] !== 'object') return;
    const [connector, partition] = key as [string, SourcePartition];
    const offset = valueBytes === null ? null : (JSON.parse(valueBytes.toString('utf8')) as SourceOffset | null);
    this.set(connector, partition, offset);
  }

  private set(connector: string, partition: SourcePartition, offset: SourceOffset | null): void {
    let map = this.byConnector.get(connector);
    if (!map) this.byConnector.set(connector, (map = new Map()));
    const k = canonicalJson(partition);
    if (offset === null) map.delete(k);
    else map.set(k, { partition, offset });
  }

  /** The committed offset of one source partition, or null. */
  offset(connector: string, partition: SourcePartition): SourceOffset | null {
    return this.byConnector.get(connector)?.get(canonicalJson(partition))?.offset ?? null;
  }

  /** Every committed partition → offset of a connector. */
  offsets(connector: string): Entry[] {
    return [...(this.byConnector.get(connector)?.values() ?? [])];
  }

  /** Writes offsets (null deletes one) and waits until the topic has them. */
  async write(connector: string, entries: { partition: SourcePartition; offset: SourceOffset | null }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.log.writeAll(entries.map((e) => ({
      key: JSON.stringify([connector, e.partition]),
      value: e.offset === null ? null : JSON.stringify(e.offset),
    })));
    for (const e of entries) this.set(connector, e.partition, e.offset);
  }
}
