/**
 * GET/PATCH/DELETE /connectors/{name}/offsets (KIP-875). Source offsets live in the offsets
 * topic; a sink's are its consumer group's (`connect-<name>`) committed offsets, shown as
 * `{"kafka_topic","kafka_partition"}` → `{"kafka_offset"}`. Altering or resetting needs the
 * connector STOPPED, as in Kafka.
 */
import { FjordError } from '../../core/errors.js';
import { badRequest, notStopped } from './connect-errors.js';
import type { ConnectorRunner } from './connector-runner.js';
import type { ConnectClients } from './internal-topic.js';
import type { OffsetStore } from './offset-store.js';

export interface OffsetsBody {
  offsets: { partition: Record<string, unknown>; offset: Record<string, unknown> | null }[];
}

const ALTERED = 'The offsets for this connector have been altered successfully';
const RESET = 'The offsets for this connector have been reset successfully';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ConnectorOffsets {
  constructor(
    private readonly clients: ConnectClients,
    private readonly store: OffsetStore,
    private readonly runner: (name: string) => ConnectorRunner,
  ) {}

  async get(name: string): Promise<OffsetsBody> {
    const runner = this.runner(name);
    if (runner.type === 'source') return { offsets: this.store.offsets(name).map((e) => ({ partition: e.partition, offset: e.offset })) };
    const committed = await this.clients.admin('connect-offsets-admin').groupOffsets(`connect-${name}`).catch((err: unknown) => {
      if (err instanceof FjordError && (err.code === 'GROUP_ID_NOT_FOUND' || err.code === 'COORDINATOR_NOT_AVAILABLE')) return [];
      throw err;
    });
    return {
      offsets: committed.map((c) => ({
        partition: { kafka_topic: c.topic, kafka_partition: c.partition },
        offset: { kafka_offset: Number(c.committed) },
      })),
    };
  }

  async alter(name: string, body: unknown): Promise<{ message: string }> {
    const runner = this.runner(name);
    if (runner.state !== 'STOPPED') throw notStopped(name);
    if (!isObject(body) || !Array.isArray(body.offsets)) throw badRequest("The request body must be a JSON object with an 'offsets' array");
    if (body.offsets.length === 0) throw badRequest('The offsets to be altered may not be empty');
    const entries = body.offsets.map((e: unknown, i: number) => {
      if (!isObject(e) || !isObject(e.partition)) throw badRequest(`offsets[${i}]: 'partition' must be a JSON object`);
      if (e.offset !== null && !isObject(e.offset)) throw badRequest(`offsets[${i}]: 'offset' must be a JSON object or null`);
      return { partition: e.partition, offset: (e.offset ?? null) as Record<string, unknown> | null };
    });
    if (runner.type === 'source') await this.store.write(name, entries);
    else await this.alterSink(name, entries);
    return { message: ALTERED };
  }

  private async alterSink(name: string, entries: OffsetsBody['offsets']): Promise<void> {
    const offsets = entries.map((e, i) => {
      const { kafka_topic: topic, kafka_partition: partition } = e.partition;
      if (typeof topic !== 'string' || topic === '') throw badRequest(`offsets[${i}]: partition.kafka_topic must be a topic name`);
      if (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0) throw badRequest(`offsets[${i}]: partition.kafka_partition must be a whole number >= 0`);
      if (e.offset === null) throw badRequest(`offsets[${i}]: a null offset (reset of one sink partition) is not supported; use DELETE /connectors/${name}/offsets to reset all`);
      const off = e.offset.kafka_offset;
      if (typeof off !== 'number' || !Number.isInteger(off) || off < 0) throw badRequest(`offsets[${i}]: offset.kafka_offset must be a whole number >= 0`);
      return { topic, partition, offset: BigInt(off) };
    });
    const consumer = this.clients.consumer({ groupId: `connect-${name}`, enableAutoCommit: false, clientId: `connect-offsets-${name}` });
    try {
      consumer.assign(offsets.map((o) => ({ topic: o.topic, partition: o.partition })));
      await consumer.commitSync(offsets);
    } finally {
      await consumer.close();
    }
  }

  async reset(name: string): Promise<{ message: string }> {
    const runner = this.runner(name);
    if (runner.state !== 'STOPPED') throw notStopped(name);
    if (runner.type === 'source') {
      await this.store.write(name, this.store.offsets(name).map((e) => ({ partition: e.partition, offset: null })));
    } else {
      await this.clients.admin('connect-offsets-admin').deleteGroups([`connect-${name}`]).catch((err: unknown) => {
        if (!(err instanceof FjordError && err.code === 'GROUP_ID_NOT_FOUND')) throw err;
      });
    }
    return { message: RESET };
  }
}
