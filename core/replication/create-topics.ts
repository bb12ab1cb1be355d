/**
 * CreateTopics (19) in a replicated cluster: the request is checked locally (configs, partition
 * count, replication factor), sent to the active controller, which places replicas round-robin
 * over the unfenced brokers and commits the topic, and answered once this broker's image holds
 * the topic (so the client's next Metadata here sees it).
 */
import { FjordError } from '../errors.js';
import { errorByName, errorCode } from '../protocol/error-codes.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import type { ClusterImage } from '../cluster/metadata/cluster-image.js';
import type { CreateTopicResult } from '../cluster/node/controller-api.js';
import type { ControllerClient } from '../cluster/node/controller-client.js';
import { configEntriesOf, parseTopicOverrides } from '../broker/handlers/topic-configs.js';
import { topicIdBytes } from './metadata-view.js';

type Result = CreateTopicsResponse['topics'][number];

/** What creating topics needs from the cluster runtime. */
export interface CreateTopicsDeps {
  readonly controller: ControllerClient;
  readonly image: () => ClusterImage;
  readonly numPartitions: number;
  readonly defaultReplicationFactor: number;
  /** How long to wait for the controller and then for the local image. */
  readonly timeoutMs: number;
}

/** The numeric Kafka code of a FjordError code name (UNKNOWN_SERVER_ERROR for Fjord's own). */
export function kafkaCodeOf(name: string): number {
  return errorByName(name)?.code ?? errorCode('UNKNOWN_SERVER_ERROR');
}

/** Answers CreateTopics through the controller (see the file comment). */
export async function createTopicsThroughController(deps: CreateTopicsDeps, req: CreateTopicsRequest): Promise<CreateTopicsResponse> {
  const results = new Map<string, Result>();
  const toCreate: { name: string; partitions: number; replicationFactor: number; configs: Record<string, string> }[] = [];
  for (const t of req.topics) {
    const partitions = t.numPartitions === -1 ? (t.assignments.length || deps.numPartitions) : t.numPartitions;
    const replicationFactor = t.replicationFactor === -1 ? deps.defaultReplicationFactor : t.replicationFactor;
    const configs: Record<string, string> = {};
    for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
    try {
      if (t.assignments.length > 0) throw new FjordError('INVALID_REQUEST', `topic '${t.name}': manual replica assignments are not supported yet; give a replication factor`);
      parseTopicOverrides(configs);
      if (deps.image().topicIdsByName.has(t.name)) throw new FjordError('TOPIC_ALREADY_EXISTS', `Topic '${t.name}' already exists.`);
      if (req.validateOnly) results.set(t.name, ok(t.name, Buffer.alloc(16), partitions, replicationFactor, configs));
      else toCreate.push({ name: t.name, partitions, replicationFactor, configs });
    } catch (err) {
      const code = err instanceof FjordError ? (err.code === 'CONFIG' ? errorCode('INVALID_CONFIG') : kafkaCodeOf(err.code)) : errorCode('UNKNOWN_SERVER_ERROR');
      results.set(t.name, failed(t.name, code, (err as Error).message));
    }
  }
  if (toCreate.length > 0) {
    try {
      const answer = await deps.controller.call<{ results: CreateTopicResult[] }>('createTopics', { topics: toCreate }, deps.timeoutMs);
      for (const r of answer.results) {
        const asked = toCreate.find((t) => t.name === r.name)!;
        if (r.error !== undefined) results.set(r.name, failed(r.name, kafkaCodeOf(r.error.code), r.error.message));
        else results.set(r.name, ok(r.name, topicIdBytes(r.topicId!), asked.partitions, asked.replicationFactor, asked.configs));
      }
      await waitForTopics(deps, answer.results.filter((r) => r.error === undefined).map((r) => r.name));
    } catch (err) {
      const code = err instanceof FjordError ? kafkaCodeOf(err.code) : errorCode('UNKNOWN_SERVER_ERROR');
      for (const t of toCreate) if (!results.has(t.name)) results.set(t.name, failed(t.name, code, (err as Error).message));
    }
  }
  return { throttleTimeMs: 0, topics: req.topics.map((t) => results.get(t.name)!) };
}

async function waitForTopics(deps: CreateTopicsDeps, names: string[]): Promise<void> {
  const endMs = Date.now() + deps.timeoutMs;
  while (Date.now() < endMs && !names.every((n) => deps.image().topicIdsByName.has(n))) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

function ok(name: string, topicId: Buffer, partitions: number, replicationFactor: number, configs: Record<string, string>): Result {
  return {
    name, topicId, errorCode: 0, errorMessage: null, numPartitions: partitions, replicationFactor,
    configs: configEntriesOf(configs).map((e) => ({ name: e.name, value: e.value, readOnly: false, configSource: e.source, isSensitive: false })),
  };
}

function failed(name: string, code: number, message: string): Result {
  return { name, topicId: Buffer.alloc(16), errorCode: code, errorMessage: message, numPartitions: -1, replicationFactor: -1, configs: null };
}
