/**
 * The consumer-group scenario every client runs, written once over a small member interface:
 * two members split a 4-partition topic (no overlap, no gap), consume and commit, leave; then a
 * restarted member reads exactly what was produced after the committed offsets.
 */
import { expect } from 'chai';
import { waitUntil } from './child-run.js';
import { expectSameRecords, type ReadRecord, type TestRecord } from './records.js';

export const groupPartitions = 4;

/** One member of the group, whatever client runs it. */
export interface GroupMember {
  name: string;
  /** Partitions of the current assignment; undefined before the first. */
  assignment(): number[] | undefined;
  records(): ReadRecord[];
  /** Commits what was consumed (a no-op for auto-committing members) and leaves the group. */
  stop(): Promise<void>;
  /** What the member logged, for failure messages. */
  detail?(): string;
}

export interface GroupScenario {
  /** Starts a member of the group. */
  start(name: string): Promise<GroupMember>;
  /** Produces `records` to the topic. */
  produce(records: readonly TestRecord[]): Promise<void>;
  /** The group's committed offset per partition, as the client's own API (or kafkajs admin) reports it. */
  committed(): Promise<Map<number, number>>;
  first: TestRecord[];
  second: TestRecord[];
  /** How long joins and reads may take. */
  waitMs?: number;
}

function details(members: GroupMember[]): () => string {
  return () => members.map((m) => `${m.name}: assignment ${JSON.stringify(m.assignment())}, ${m.records().length} records\n${m.detail?.() ?? ''}`).join('\n');
}

/** Runs the scenario; every step fails with what the members saw. */
export async function runGroupScenario(s: GroupScenario): Promise<void> {
  const waitMs = s.waitMs ?? 30_000;
  const a = await s.start('member-a');
  const b = await s.start('member-b');
  const both = [a, b];
  try {
    await waitUntil('both members to hold two partitions each', () => both.every((m) => m.assignment()?.length === 2), waitMs, details(both));
    const union = [...a.assignment()!, ...b.assignment()!].sort();
    expect(union, 'the two assignments split partitions 0-3 without overlap or gap').to.deep.equal([0, 1, 2, 3]);

    await s.produce(s.first);
    await waitUntil(`the members to read ${s.first.length} records`, () => a.records().length + b.records().length >= s.first.length, waitMs, details(both));
    for (const m of both) {
      const outside = m.records().filter((r) => !m.assignment()!.includes(r.partition));
      expect(outside.map((r) => r.partition), `${m.name} read only its own partitions ${m.assignment()}`).to.deep.equal([]);
    }
    expectSameRecords([...a.records(), ...b.records()], s.first);
  } finally {
    // One after the other, as a rolling restart would: two clients leaving at the same moment race
    // their own final commits against the rebalance the other's LeaveGroup starts.
    for (const m of both) await m.stop();
  }

  const committed = await s.committed();
  const ends = endOffsets([...a.records(), ...b.records()]);
  expect(Object.fromEntries(committed), 'committed offsets = one past the last record read').to.deep.equal(Object.fromEntries(ends));

  await s.produce(s.second);
  const restarted = await s.start('member-a-restarted');
  try {
    await waitUntil(`the restarted member to read ${s.second.length} records`, () => restarted.records().length >= s.second.length, waitMs, details([restarted]));
    await new Promise((r) => setTimeout(r, 500)); // anything re-delivered from before the commit would show now
  } finally {
    await restarted.stop();
  }
  const resumed = restarted.records();
  for (const [partition, offset] of committed) {
    const first = Math.min(...resumed.filter((r) => r.partition === partition).map((r) => r.offset));
    expect(first, `partition ${partition} resumed at the committed offset`).to.equal(offset);
  }
  expectSameRecords(resumed, s.second);
}

/** Offset after the last record of each partition. */
export function endOffsets(records: readonly ReadRecord[]): Map<number, number> {
  const ends = new Map<number, number>();
  for (const r of records) ends.set(r.partition, Math.max(ends.get(r.partition) ?? 0, r.offset + 1));
  return new Map([...ends].sort((x, y) => x[0] - y[0]));
}
