/**
 * kcat (librdkafka 2.0.2) driven from the tests: producing lines from stdin, consuming in a
 * binary-safe output format, metadata as JSON, and balanced group members (`-G`).
 */
import { expect } from 'chai';
import { type ChildResult, type RunningChild, runChild, startChild, tail, debugChildren } from './child-run.js';
import type { Header, ReadRecord, TestRecord } from './records.js';

/** Settings that keep librdkafka's waits short enough for a test. */
export const kcatFastConfig: readonly string[] = [
  '-X', 'topic.metadata.refresh.interval.ms=1000',
  '-X', 'socket.timeout.ms=10000',
  '-X', 'reconnect.backoff.max.ms=500',
];

/** Group-member settings: quick joins, heartbeats and commits. */
export const kcatGroupConfig: readonly string[] = [
  '-X', 'session.timeout.ms=6000',
  '-X', 'heartbeat.interval.ms=300',
  '-X', 'auto.commit.interval.ms=200',
  '-X', 'auto.offset.reset=earliest',
  '-X', 'fetch.wait.max.ms=100',
];

const debugArgs = debugChildren ? ['-d', 'protocol,broker,cgrp,feature'] : [];

/** kcat sets headers per invocation (-H), so its records share one header list. */
export const kcatHeaders: Header[] = [['source', Buffer.from('kcat')], ['dup', Buffer.from('first')], ['dup', Buffer.from('secönd')]];

/** Key delimiter of the producer input: a byte the text records never contain. */
const keyDelimiter = '\\x1f';

/**
 * The consumer's output format: fixed fields, then key and value as raw bytes whose lengths
 * (%K, %S) come first, so any byte may occur in them.
 */
const recordFormat = 'R\\t%p\\t%o\\t%K\\t%S\\t%h\\t%k%s\\n';

export async function kcat(args: readonly string[], options: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<ChildResult> {
  return runChild('kcat', [...debugArgs, ...args], { timeoutMs: options.timeoutMs ?? 30_000, ...(options.input !== undefined ? { input: options.input } : {}) });
}

/** Fails with kcat's stderr unless it exited 0 and reported no delivery failure. */
export function expectKcatOk(result: ChildResult, what: string): void {
  const failed = /Delivery failed|ERROR|% Failed|fatal/i.test(result.stderr);
  expect(result.code === 0 && !failed, `${what}: kcat exited ${result.code}\n${tail(result.stderr)}`).to.equal(true);
}

/** Producer input: `key 0x1f value \n` per record. Only for `text` records. */
export function kcatInput(records: readonly TestRecord[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of records) {
    for (const b of [r.key ?? Buffer.alloc(0), r.value]) {
      if (b.includes(0x0a) || b.includes(0x1f)) throw new Error('kcat input records must not contain newline or 0x1f');
    }
    parts.push(r.key ?? Buffer.alloc(0), Buffer.from([0x1f]), r.value, Buffer.from([0x0a]));
  }
  return Buffer.concat(parts);
}

/** `-H name=value` for a header list that every record gets (kcat cannot vary headers per line). */
export function kcatHeaderArgs(headers: readonly Header[]): string[] {
  return headers.flatMap(([k, v]) => ['-H', `${k}=${v.toString('utf8')}`]);
}

/** Produces `records` to `topic` with kcat -P; `extra` adds flags (-z codec, -X acks=0, ...). */
export async function kcatProduce(bootstrap: string, topic: string, records: readonly TestRecord[], extra: readonly string[] = []): Promise<ChildResult> {
  const headers = records[0]?.headers ?? [];
  const result = await kcat(
    ['-P', '-b', bootstrap, '-t', topic, '-K', keyDelimiter, ...kcatHeaderArgs(headers), ...kcatFastConfig, '-X', 'message.timeout.ms=15000', ...extra],
    { input: kcatInput(records), timeoutMs: 40_000 },
  );
  expectKcatOk(result, `kcat -P ${topic}`);
  return result;
}

/** Reads every record of `topic` from the beginning with kcat -C -e (exits at the end of all partitions). */
export async function kcatConsumeAll(bootstrap: string, topic: string, extra: readonly string[] = []): Promise<ReadRecord[]> {
  const result = await kcat(['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-f', recordFormat, ...kcatFastConfig, ...extra], { timeoutMs: 40_000 });
  expectKcatOk(result, `kcat -C ${topic}`);
  return parseKcatRecords(result.stdout);
}

/** Parses the `recordFormat` output; throws on anything out of shape. */
export function parseKcatRecords(out: Buffer): ReadRecord[] {
  const records: ReadRecord[] = [];
  let pos = 0;
  const field = (): string => {
    const end = out.indexOf(0x09, pos);
    if (end < 0) throw new Error(`kcat output: missing field at byte ${pos}`);
    const text = out.subarray(pos, end).toString('utf8');
    pos = end + 1;
    return text;
  };
  const bytes = (length: number): Buffer | null => {
    if (length < 0) return null;
    const b = Buffer.from(out.subarray(pos, pos + length));
    pos += length;
    return b;
  };
  while (pos < out.length) {
    if (out[pos] !== 0x52 || out[pos + 1] !== 0x09) throw new Error(`kcat output: expected a record at byte ${pos}: ${out.subarray(pos, pos + 40).toString()}`);
    pos += 2;
    const partition = Number(field());
    const offset = Number(field());
    const keyLength = Number(field());
    const valueLength = Number(field());
    const headerEnd = out.indexOf(0x09, pos);
    const headers = parseKcatHeaders(out.subarray(pos, headerEnd));
    pos = headerEnd + 1;
    const key = bytes(keyLength);
    const value = bytes(valueLength) ?? Buffer.alloc(0);
    if (out[pos] !== 0x0a) throw new Error(`kcat output: expected newline after record at offset ${offset}`);
    pos += 1;
    records.push({ partition, offset, key, value, headers });
  }
  return records;
}

/** `%h` prints `name=value,name=value`; the test records keep `,` and `=` out of header bytes. */
function parseKcatHeaders(raw: Buffer): Header[] {
  if (raw.length === 0) return [];
  const headers: Header[] = [];
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf(0x2c, start);
    if (end < 0) end = raw.length;
    const item = raw.subarray(start, end);
    const eq = item.indexOf(0x3d);
    headers.push(eq < 0 ? [item.toString('utf8'), Buffer.alloc(0)] : [item.subarray(0, eq).toString('utf8'), Buffer.from(item.subarray(eq + 1))]);
    start = end + 1;
  }
  return headers;
}

/** kcat -L -J: the metadata as librdkafka saw it. */
export interface KcatMetadata {
  controllerid: number;
  brokers: { id: number; name: string }[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

export async function kcatMetadata(bootstrap: string, topic?: string): Promise<KcatMetadata> {
  const result = await kcat(['-L', '-J', '-b', bootstrap, ...(topic ? ['-t', topic] : []), ...kcatFastConfig, '-m', '10'], { timeoutMs: 20_000 });
  expectKcatOk(result, 'kcat -L');
  return JSON.parse(result.stdout.toString('utf8')) as KcatMetadata;
}

/** A `kcat -G` balanced-consumer member, running until stopped. */
export interface KcatMember {
  process: RunningChild;
  /** Records printed so far. */
  records(): ReadRecord[];
  /** Partitions of the latest assignment kcat reported on stderr (`-v`), or undefined before the first. */
  assignment(): number[] | undefined;
  /** SIGTERM: kcat closes the consumer, which commits the consumed offsets and leaves the group. */
  stop(): Promise<ChildResult>;
}

export function kcatGroupMember(bootstrap: string, group: string, topic: string, extra: readonly string[] = []): KcatMember {
  // The group protocol's debug log goes to stderr, which a failure message shows.
  const debug = debugChildren ? debugArgs : ['-d', 'cgrp'];
  const args = [...debug, '-b', bootstrap, '-G', group, '-f', recordFormat, '-u', '-v', ...kcatFastConfig, ...kcatGroupConfig, ...extra, topic];
  const process = startChild('kcat', args);
  return {
    process,
    records: () => parseKcatRecords(completeRecords(process.stdout())),
    assignment: () => lastAssignment(process.stderr(), topic),
    stop: () => process.stop('SIGTERM', 15_000),
  };
}

/** The prefix of `out` that ends at a record boundary (a member may be mid-write). */
function completeRecords(out: Buffer): Buffer {
  let end = out.length;
  while (end > 0) {
    try {
      parseKcatRecords(out.subarray(0, end));
      return out.subarray(0, end);
    } catch {
      end = out.lastIndexOf(0x0a, end - 2) + 1;
    }
  }
  return Buffer.alloc(0);
}

/**
 * kcat -v logs `% Group G rebalanced (memberid M): assigned: t [0], t [2]` and `... revoked: ...`;
 * the latest line wins.
 */
function lastAssignment(stderr: string, topic: string): number[] | undefined {
  const lines = stderr.split('\n').filter((l) => l.startsWith('% Group '));
  let current: number[] | undefined;
  for (const line of lines) {
    const m = /(assigned|revoked):\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'revoked') {
      current = [];
      continue;
    }
    current = [...m[2]!.matchAll(new RegExp(`${topic.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')} \\[(\\d+)\\]`, 'g'))].map((x) => Number(x[1]));
  }
  return current;
}
