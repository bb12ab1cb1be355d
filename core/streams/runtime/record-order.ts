/**
 * The order a task sees the records of one polled batch in. Kafka Streams picks, among a task's
 * input partitions, the one whose next record has the lowest timestamp, so stream time advances
 * smoothly across co-partitioned inputs (a join's two topics) instead of one topic's batch racing
 * ahead and making the other's records late. Within a partition, offset order is kept; records of
 * different tasks are independent, so only the order within each task matters.
 */
import type { ConsumerRecord } from '../../client/record-types.js';

/** `taskOf` returns a task identity (or undefined for records no task owns, which are kept as they come). */
export function orderForTasks<T>(records: readonly ConsumerRecord[], taskOf: (record: ConsumerRecord) => T | undefined): ConsumerRecord[] {
  // Fast path, no allocation per record: is any task fed by two partitions in this batch?
  const firstInput = new Map<T, ConsumerRecord>();
  let interleaved = false;
  for (const r of records) {
    const task = taskOf(r);
    if (task === undefined) continue;
    const first = firstInput.get(task);
    if (first === undefined) firstInput.set(task, r);
    else if (first.partition !== r.partition || first.topic !== r.topic) {
      interleaved = true;
      break;
    }
  }
  if (!interleaved) return records as ConsumerRecord[];
  const byTask = new Map<T, Map<string, ConsumerRecord[]>>();
  const out: ConsumerRecord[] = [];
  for (const r of records) {
    const task = taskOf(r);
    if (task === undefined) {
      out.push(r);
      continue;
    }
    let parts = byTask.get(task);
    if (parts === undefined) byTask.set(task, (parts = new Map()));
    const key = `${r.topic}\u0000${r.partition}`;
    let list = parts.get(key);
    if (list === undefined) parts.set(key, (list = []));
    list.push(r);
  }
  for (const parts of byTask.values()) {
    const queues = [...parts.values()];
    if (queues.length === 1) {
      out.push(...queues[0]!);
      continue;
    }
    const heads = queues.map(() => 0);
    for (;;) {
      let best = -1;
      for (let q = 0; q < queues.length; q++) {
        const r = queues[q]![heads[q]!];
        if (r !== undefined && (best < 0 || r.timestamp < queues[best]![heads[best]!]!.timestamp)) best = q;
      }
      if (best < 0) break;
      out.push(queues[best]![heads[best]!++]!);
    }
  }
  return out;
}
