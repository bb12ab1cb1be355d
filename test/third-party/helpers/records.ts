/**
 * The records every client writes and reads back, and the checks on what came back: bytes
 * identical (key, value, headers), order kept within each partition, each key on one partition.
 */
import { expect } from 'chai';

export type Header = [key: string, value: Buffer];

export interface TestRecord {
  key: Buffer | null;
  value: Buffer;
  headers: Header[];
}

/** A record as a consumer returned it. */
export interface ReadRecord extends TestRecord {
  partition: number;
  offset: number;
}

/** Distinct keys among the records, so each key recurs and "one partition per key" means something. */
export const distinctKeys = 97;

export interface RecordSetOptions {
  /**
   * Text that survives line-based tools: no newline, no 0x1f (kcat's key delimiter here), valid
   * UTF-8. Otherwise keys and values carry arbitrary bytes, 0x00 and 0xff included.
   */
  text?: boolean;
  /**
   * Headers: per record (the default), or the same list on every record (kcat -H can only do
   * that). Header bytes never contain `,`, `=`, tab or newline, so kcat's `%h` stays parseable.
   */
  headers?: 'per-record' | Header[];
}

/** The value's prefix `tag#seq#` names where a record came from and its place in the send order. */
export function makeRecords(count: number, tag: string, options: RecordSetOptions = {}): TestRecord[] {
  const records: TestRecord[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % distinctKeys;
    const seq = String(i).padStart(6, '0');
    const key = options.text ? Buffer.from(`key-${k}-ключ`) : Buffer.concat([Buffer.from(`key-${k}-`), Buffer.from([0x00, 0xff, k])]);
    const value = options.text
      ? Buffer.from(`${tag}#${seq}# ünïcødé ✓ spaces and\ttabs ${'x'.repeat(i % 37)}`)
      : Buffer.concat([Buffer.from(`${tag}#${seq}#`), Buffer.from(Array.from({ length: 16 + (i % 40) }, (_, j) => (i * 31 + j * 7) & 0xff))]);
    const headers: Header[] = Array.isArray(options.headers)
      ? options.headers.map(([hk, hv]) => [hk, hv])
      : [['seq', Buffer.from(seq)], ['dup', Buffer.from('first')], ['bin', Buffer.from([0x80 | (i & 0x3f), 0xfe, 0x7e])], ['dup', Buffer.from('secönd')]];
    records.push({ key, value, headers });
  }
  return records;
}

/** The record's `tag#seq#` prefix. */
export function recordId(r: { value: Buffer }): string {
  const text = r.value.toString('latin1');
  const second = text.indexOf('#', text.indexOf('#') + 1);
  return text.slice(0, second + 1);
}

/**
 * Headers in a client-independent order: sorted by key, the order among equal keys kept. kafkajs
 * returns headers as an object keyed by name (duplicates as arrays), which loses the order
 * between different names but keeps it within one name; that is all Kafka promises a reader.
 */
export function canonicalHeaders(headers: readonly Header[]): string[] {
  return headers
    .map(([k, v], i) => ({ k, v, i }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map(({ k, v }) => `${k}=${v.toString('hex')}`);
}

function describeRecord(r: TestRecord): string {
  return JSON.stringify({ key: r.key?.toString('hex') ?? null, value: r.value.toString('hex'), headers: canonicalHeaders(r.headers) });
}

/**
 * Checks that `read` is exactly `sent`: same multiset of records, bytes identical, order of each
 * partition's records the send order, and every key on a single partition.
 */
export function expectSameRecords(read: readonly ReadRecord[], sent: readonly TestRecord[]): void {
  const sentById = new Map<string, { record: TestRecord; index: number }>();
  sent.forEach((record, index) => sentById.set(recordId(record), { record, index }));
  expect(read.length, 'records read back').to.equal(sent.length);

  const seen = new Set<string>();
  const partitionOfKey = new Map<string, number>();
  const byPartition = new Map<number, ReadRecord[]>();
  for (const r of read) {
    const id = recordId(r);
    const original = sentById.get(id);
    expect(original, `record ${id} was never sent`).to.not.equal(undefined);
    expect(seen.has(id), `record ${id} read twice`).to.equal(false);
    seen.add(id);
    expect(describeRecord(r), `bytes of record ${id}`).to.equal(describeRecord(original!.record));
    const keyHex = r.key?.toString('hex') ?? 'null';
    const p = partitionOfKey.get(keyHex);
    expect(p === undefined || p === r.partition, `key ${keyHex} on partitions ${p} and ${r.partition}`).to.equal(true);
    partitionOfKey.set(keyHex, r.partition);
    byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r]);
  }
  for (const [partition, records] of byPartition) {
    const byOffset = [...records].sort((a, b) => a.offset - b.offset);
    const sendOrder = byOffset.map((r) => sentById.get(recordId(r))!.index);
    const sorted = [...sendOrder].sort((a, b) => a - b);
    expect(sendOrder, `partition ${partition}: offsets follow the send order`).to.deep.equal(sorted);
  }
}

/** Records grouped by partition. */
export function partitionsOf(read: readonly ReadRecord[]): Set<number> {
  return new Set(read.map((r) => r.partition));
}

/** Unique topic names per test: `tp-<what>-<random>`. */
export function topicName(what: string): string {
  return `tp-${what}-${Math.random().toString(36).slice(2, 8)}`;
}
