/**
 * Global stores: every instance reads all partitions of a globalTable's topic into its own store
 * before processing starts, then keeps reading as part of the poll loop. The topic is the
 * changelog, so nothing else is written; on start the store is rebuilt from the topic's start.
 */
import { join } from 'node:path';
import type { Fjord } from '../../client/fjord.js';
import type { Consumer } from '../../client/consumer.js';
import type { Logger } from '../../io/logger.js';
import type { Clock } from '../../io/clock.js';
import type { StateStore } from '../state/store.js';
import type { Topology } from '../topology/topology.js';
import { openStore } from './store-opener.js';
import { StreamTask } from './task.js';

interface GlobalTask {
  task: StreamTask;
  consumer: Consumer;
  stores: StateStore[];
}

export class GlobalStores {
  private readonly facadeMap = new Map<string, unknown>();

  private constructor(private readonly globals: GlobalTask[]) {}

  static async open(topology: Topology, fjord: Fjord, dir: string, applicationId: string, logger: Logger, clock: Clock): Promise<GlobalStores> {
    const globals: GlobalTask[] = [];
    const result = new GlobalStores(globals);
    for (const sub of topology.subTopologies().filter((s) => s.global)) {
      const stores = new Map<string, StateStore>();
      for (const def of sub.stores) {
        const store = await openStore(def, { taskDir: join(dir, String(sub.id)) });
        await store.wipe();
        stores.set(def.name, store);
      }
      const task = new StreamTask({
        applicationId, subTopology: sub, partition: 0, topicName: (t) => t, stores, globalStores: new Map(),
        collector: { send: () => {}, partitionsFor: () => 1 },
        systemTimeMs: () => clock.nowMs(),
        hooks: { late: () => {}, dropped: (reason, where) => logger.warn(`global store: dropped record at ${where.topic}-${where.partition} offset ${where.offset}: ${reason}`) },
        deserializationHandling: 'logAndFail', requestCommit: () => {},
        forwardCacheMaxBytes: 0,
      });
      await task.init();
      const topics = sub.sources.flatMap((s) => s.topics);
      const admin = fjord.admin(`${applicationId}-global-admin`);
      const tps = (await admin.describeTopics(topics)).flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
      const consumer = fjord.consumer({ clientId: `${applicationId}-global-consumer`, autoOffsetReset: 'earliest', maxPollRecords: 10_000 });
      consumer.assign(tps);
      await consumer.seekToEnd(tps);
      const ends = await Promise.all(tps.map(async (tp) => ({ tp, end: await consumer.position(tp) })));
      await consumer.seekToBeginning(tps);
      const g: GlobalTask = { task, consumer, stores: [...stores.values()] };
      globals.push(g);
      // Bootstrap: read to the end offsets seen at start before any task processes.
      for (;;) {
        let behind = false;
        for (const { tp, end } of ends) if ((await consumer.position(tp)) < end) behind = true;
        if (!behind) break;
        await result.pollOne(g, 200);
      }
      for (const def of sub.stores) result.facadeMap.set(def.name, task.store(def.name));
    }
    return result;
  }

  facades(): ReadonlyMap<string, unknown> {
    return this.facadeMap;
  }

  facade(name: string): unknown {
    return this.facadeMap.get(name);
  }

  /** Applies whatever arrived on the global topics since the last call (without waiting). */
  async poll(): Promise<void> {
    for (const g of this.globals) await this.pollOne(g, 0);
  }

  private async pollOne(g: GlobalTask, timeoutMs: number): Promise<void> {
    for (const record of await g.consumer.poll(timeoutMs)) {
      const done = g.task.process(record);
      if (done !== undefined) await done;
    }
  }

  async close(): Promise<void> {
    for (const g of this.globals) {
      await g.task.close();
      await g.consumer.close();
      for (const s of g.stores) await s.close();
    }
  }
}
