/**
 * Connector and task states in `status.storage.topic`, with Kafka Connect's keys and values:
 * `status-connector-<name>` / `status-task-<name>-<n>` → `{"state","trace","worker_id","generation"}`,
 * and the topics a connector used, `topic-<topic>-connector-<name>` →
 * `{"topic":{"name","connector","task","discoverTimestamp"}}`. States live in memory; each change
 * is also written to the topic, in order, without making the caller wait (as Kafka's
 * KafkaStatusBackingStore does). Active topics are read back on start.
 */
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { Clock } from '../../core/io/clock.js';
import type { Logger } from '../../core/io/logger.js';
import type { InternalTopic } from './internal-topic.js';

/** Kafka Connect's states (AbstractStatus.State). */
export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING' | 'DESTROYED';

export interface Status {
  state: ConnectState;
  /** The stack trace of a FAILED connector or task, else null. */
  trace: string | null;
  workerId: string;
}

export class StatusStore {
  private readonly connectors = new Map<string, Status>();
  private readonly tasks = new Map<string, Map<number, Status>>();
  /** connector → topic → when first seen. */
  private readonly topics = new Map<string, Map<string, number>>();
  private generation = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly log: InternalTopic, records: ConsumerRecord[], private readonly clock: Clock, private readonly logger: Logger) {
    for (const r of records) {
      const key = r.key?.toString('utf8') ?? '';
      const m = /^topic-(.*)-connector-(.*)$/.exec(key);
      if (!m || !r.value) {
        if (m) this.topics.get(m[2])?.delete(m[1]);
        continue;
      }
      const v = JSON.parse(r.value.toString('utf8')) as { topic?: { name: string; connector: string; discoverTimestamp: number } };
      if (!v.topic) continue;
      const map = this.topics.get(v.topic.connector) ?? new Map<string, number>();
      map.set(v.topic.name, v.topic.discoverTimestamp);
      this.topics.set(v.topic.connector, map);
    }
  }

  connector(name: string): Status | undefined {
    return this.connectors.get(name);
  }

  task(name: string, id: number): Status | undefined {
    return this.tasks.get(name)?.get(id);
  }

  /** Task states of a connector, by id. */
  taskStatuses(name: string): [number, Status][] {
    return [...(this.tasks.get(name)?.entries() ?? [])].sort((a, b) => a[0] - b[0]);
  }

  setConnector(name: string, status: Status): void {
    this.connectors.set(name, status);
    this.enqueue(`status-connector-${name}`, status);
  }

  setTask(name: string, id: number, status: Status): void {
    let map = this.tasks.get(name);
    if (!map) this.tasks.set(name, (map = new Map()));
    map.set(id, status);
    this.enqueue(`status-task-${name}-${id}`, status);
  }

  /** Forgets tasks with ids >= count (after a reconfiguration to fewer tasks). */
  trimTasks(name: string, count: number): void {
    for (const id of [...(this.tasks.get(name)?.keys() ?? [])]) {
      if (id >= count) {
        this.tasks.get(name)!.delete(id);
        this.enqueue(`status-task-${name}-${id}`, null);
      }
    }
  }

  /** Records that a task of `name` used `topic` (once per topic, as Kafka's active topics). */
  addTopic(name: string, topic: string, task: number): void {
    let map = this.topics.get(name);
    if (!map) this.topics.set(name, (map = new Map()));
    if (map.has(topic)) return;
    const discoverTimestamp = this.clock.nowMs();
    map.set(topic, discoverTimestamp);
    this.enqueueRaw(`topic-${topic}-connector-${name}`, JSON.stringify({ topic: { name: topic, connector: name, task, discoverTimestamp } }));
  }

  activeTopics(name: string): string[] {
    return [...(this.topics.get(name)?.keys() ?? [])].sort();
  }

  resetTopics(name: string): void {
    for (const topic of this.activeTopics(name)) this.enqueueRaw(`topic-${topic}-connector-${name}`, null);
    this.topics.delete(name);
  }

  /** A deleted connector: its statuses become tombstones. */
  remove(name: string): void {
    this.connectors.delete(name);
    this.enqueue(`status-connector-${name}`, null);
    for (const [id] of this.taskStatuses(name)) this.enqueue(`status-task-${name}-${id}`, null);
    this.tasks.delete(name);
  }

  /** Waits until every status change so far is in the topic. */
  async flush(): Promise<void> {
    await this.chain;
  }

  private enqueue(key: string, status: Status | null): void {
    const value = status === null ? null : JSON.stringify({ state: status.state, trace: status.trace, worker_id: status.workerId, generation: this.generation++ });
    this.enqueueRaw(key, value);
  }

  private enqueueRaw(key: string, value: string | null): void {
    this.chain = this.chain.then(() => this.log.write(key, value)).catch((err: unknown) => {
      this.logger.warn(`could not write ${key} to the status topic: ${(err as Error).message}`);
    });
  }
}
