/**
 * The controller requests a quorum member answers (the methods of `RequestFrame`): broker
 * registration and heartbeats, CreateTopics, AlterPartition, configs, preferred-leader election,
 * partition reassignment, `describe` (any member answers it from its committed image) and
 * `brokerHello` (any member: ties the broker to the connection, see `ControllerHost.connectionClosed`). Each body is checked before it reaches the controller;
 * a refusal is a FjordError whose code travels back to the caller.
 */
import { FjordError } from '../../errors.js';
import type { PartitionState } from '../metadata/cluster-image.js';
import type { AlterPartitionRequest, CreateTopicRequest, RegisterBrokerRequest } from '../metadata/controller.js';
import { imageRecords } from '../metadata/image-snapshot.js';
import type { MetadataRecord } from '../metadata/records.js';
import type { ControllerHost } from './controller-host.js';

/** One topic's outcome in a `createTopics` answer. */
export interface CreateTopicResult {
  readonly name: string;
  readonly topicId?: string;
  readonly assignments?: number[][];
  readonly error?: { readonly code: string; readonly message: string };
}

/** The `describe` answer: the member's view of the quorum and its committed image as records. */
export interface DescribeResult {
  readonly nodeId: number;
  readonly leaderId: number;
  readonly term: number;
  readonly appliedIndex: number;
  readonly records: MetadataRecord[];
}

type Body = Record<string, unknown>;

function bodyOf(method: string, body: unknown): Body {
  if (body === null || typeof body !== 'object') throw new FjordError('INVALID_REQUEST', `controller request ${method}: body is not an object`);
  return body as Body;
}

function num(method: string, b: Body, field: string): number {
  const v = b[field];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FjordError('INVALID_REQUEST', `controller request ${method}: ${field} must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

/** Dispatches one request to the host (see the file comment). */
export async function handleControllerRequest(host: ControllerHost, method: string, raw: unknown, connectionId?: number): Promise<unknown> {
  const b = bodyOf(method, raw);
  // Registrations and heartbeats tie a broker to the connection they came in on: when it closes,
  // the broker's session is cut short (ControllerHost.connectionClosed).
  const noteConnection = <T>(brokerId: number, answer: T): T => {
    if (connectionId !== undefined) host.brokerConnected(brokerId, connectionId);
    return answer;
  };
  switch (method) {
    case 'describe':
      return describe(host);
    case 'registerBroker': {
      num(method, b, 'brokerId');
      if (typeof b.incarnationId !== 'string' || !Array.isArray(b.endPoints)) throw new FjordError('INVALID_REQUEST', `${method}: incarnationId and endPoints are required`);
      const req = { brokerId: b.brokerId, incarnationId: b.incarnationId, rack: (b.rack as string | null) ?? null, endPoints: b.endPoints } as RegisterBrokerRequest;
      return noteConnection(req.brokerId, await host.submit(`RegisterBroker ${req.brokerId}`, (c, now) => c.registerBroker(req, now)));
    }
    case 'brokerHeartbeat': {
      const brokerId = num(method, b, 'brokerId');
      const brokerEpoch = num(method, b, 'brokerEpoch');
      return noteConnection(brokerId, await host.submit(`BrokerHeartbeat ${brokerId}`, (c, now) => c.brokerHeartbeat(brokerId, brokerEpoch, b.wantFence === true, now)));
    }
    case 'brokerHello': {
      // Any member answers: it only ties the broker to this connection (see ControllerHost.connectionClosed).
      noteConnection(num(method, b, 'brokerId'), null);
      return {};
    }
    case 'unregisterBroker': {
      const brokerId = num(method, b, 'brokerId');
      await host.submit(`UnregisterBroker ${brokerId}`, (c) => c.unregisterBroker(brokerId));
      return {};
    }
    case 'createTopics': {
      if (!Array.isArray(b.topics)) throw new FjordError('INVALID_REQUEST', `${method}: topics must be a list`);
      const topics = b.topics as CreateTopicRequest[];
      return { results: await host.submit('CreateTopics', (c) => topics.map((t) => createOne(c, t))) };
    }
    case 'createPartitions': {
      const count = num(method, b, 'count');
      if (typeof b.topic !== 'string') throw new FjordError('INVALID_REQUEST', `${method}: topic is required`);
      const topic = b.topic;
      return host.submit(`CreatePartitions ${topic}`, (c) => c.createPartitions(topic, count));
    }
    case 'deleteTopics': {
      if (!Array.isArray(b.names) || !b.names.every((n) => typeof n === 'string')) throw new FjordError('INVALID_REQUEST', `${method}: names must be a list of topic names`);
      const names = b.names as string[];
      return { results: await host.submit('DeleteTopics', (c) => names.map((name) => deleteOne(c, name))) };
    }
    case 'alterPartition': {
      const req = b as unknown as AlterPartitionRequest;
      for (const f of ['brokerId', 'brokerEpoch', 'partitionId', 'leaderEpoch', 'partitionEpoch']) num(method, b, f);
      if (typeof req.topicId !== 'string' || !Array.isArray(req.newIsr)) throw new FjordError('INVALID_REQUEST', `${method}: topicId and newIsr are required`);
      return host.submit(`AlterPartition ${req.topicId}-${req.partitionId}`, (c): PartitionState => c.alterPartition(req));
    }
    case 'allocateProducerIds': {
      const brokerId = num(method, b, 'brokerId');
      const brokerEpoch = num(method, b, 'brokerEpoch');
      return host.submit(`AllocateProducerIds ${brokerId}`, (c) => c.allocateProducerIds(brokerId, brokerEpoch));
    }
    case 'electLeaders': {
      const only = Array.isArray(b.partitions) ? (b.partitions as { topic: string; partition: number }[]) : undefined;
      return { results: await host.submit('ElectLeaders', (c) => c.electPreferredLeaders(only)) };
    }
    case 'reassignPartition': {
      const partition = num(method, b, 'partition');
      if (typeof b.topic !== 'string' || !Array.isArray(b.replicas) || !b.replicas.every((r) => Number.isInteger(r))) {
        throw new FjordError('INVALID_REQUEST', `${method}: topic and replicas (broker ids) are required`);
      }
      const { topic, replicas } = b as { topic: string; replicas: number[] };
      return host.submit(`AlterPartitionReassignments ${topic}-${partition}`, (c): PartitionState => c.reassignPartition(topic, partition, replicas));
    }
    case 'alterConfig': {
      const { resourceType, resourceName, name, value } = b as { resourceType: 'topic' | 'broker'; resourceName: string; name: string; value: string | null };
      await host.submit(`AlterConfig ${resourceType} ${resourceName}`, (c) => c.alterConfig(resourceType, resourceName, name, value ?? null));
      return {};
    }
    default:
      throw new FjordError('INVALID_REQUEST', `unknown controller request "${method}"`);
  }
}

function createOne(c: Parameters<Parameters<ControllerHost['submit']>[1]>[0], t: CreateTopicRequest): CreateTopicResult {
  try {
    const { topicId, assignments } = c.createTopic(t);
    return { name: t.name, topicId, assignments };
  } catch (err) {
    if (!(err instanceof FjordError) || err.code === 'NOT_CONTROLLER') throw err;
    return { name: t.name, error: { code: err.code, message: err.message } };
  }
}

function deleteOne(c: Parameters<Parameters<ControllerHost['submit']>[1]>[0], name: string): { name: string; topicId?: string; error?: { code: string; message: string } } {
  try {
    return { name, topicId: c.deleteTopic(name).topicId };
  } catch (err) {
    if (!(err instanceof FjordError) || err.code === 'NOT_CONTROLLER') throw err;
    return { name, error: { code: err.code, message: err.message } };
  }
}

function describe(host: ControllerHost): DescribeResult {
  const r = host.raft;
  return { nodeId: r.id, leaderId: r.leaderId, term: r.term, appliedIndex: host.appliedIndex, records: imageRecords(host.image) };
}
