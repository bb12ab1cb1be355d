/**
 * The cluster-metadata records Raft replicates, named and shaped after KRaft's (KIP-631:
 * RegisterBrokerRecord, TopicRecord, PartitionRecord, PartitionChangeRecord, ...). One Raft entry
 * holds a batch of records that is applied atomically. Encoded as JSON: metadata is small and
 * this keeps snapshots and logs readable when debugging a simulator seed.
 */
import { FjordError } from '../../errors.js';

/** Kafka's "no leader" broker id. */
export const NO_LEADER = -1;
/** PartitionChangeRecord.leader value meaning "leader unchanged" (Kafka's -2). */
export const NO_LEADER_CHANGE = -2;

/** A listener a broker registered. */
export interface BrokerEndpoint {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** A broker (re-)registered; a new incarnation gets a higher epoch. */
export interface RegisterBrokerRecord {
  readonly type: 'RegisterBrokerRecord';
  readonly brokerId: number;
  /** Increases with each registration; stale heartbeats from an older incarnation are refused. */
  readonly brokerEpoch: number;
  readonly incarnationId: string;
  readonly endPoints: readonly BrokerEndpoint[];
  readonly rack: string | null;
  readonly fenced: boolean;
}

/** A broker left the cluster for good. */
export interface UnregisterBrokerRecord {
  readonly type: 'UnregisterBrokerRecord';
  readonly brokerId: number;
  readonly brokerEpoch: number;
}

/** A broker may no longer lead or be in an ISR (session expired or asked to). */
export interface FenceBrokerRecord {
  readonly type: 'FenceBrokerRecord';
  readonly id: number;
  readonly epoch: number;
}

/** A fenced broker is live again. */
export interface UnfenceBrokerRecord {
  readonly type: 'UnfenceBrokerRecord';
  readonly id: number;
  readonly epoch: number;
}

/** A topic was created. */
export interface TopicRecord {
  readonly type: 'TopicRecord';
  readonly name: string;
  readonly topicId: string;
}

/** A topic was deleted. */
export interface RemoveTopicRecord {
  readonly type: 'RemoveTopicRecord';
  readonly topicId: string;
}

/** A partition was created with its full state. */
export interface PartitionRecord {
  readonly type: 'PartitionRecord';
  readonly partitionId: number;
  readonly topicId: string;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
}

/** A change to one partition; absent fields (or leader NO_LEADER_CHANGE) stay as they are. */
export interface PartitionChangeRecord {
  readonly type: 'PartitionChangeRecord';
  readonly partitionId: number;
  readonly topicId: string;
  readonly isr?: readonly number[];
  readonly leader: number;
  readonly replicas?: readonly number[];
}

/** Kafka's ConfigResource types as used in ConfigRecord. */
export type ConfigResourceType = 'topic' | 'broker';

/** A config key of a topic or broker was set or removed. */
export interface ConfigRecord {
  readonly type: 'ConfigRecord';
  readonly resourceType: ConfigResourceType;
  readonly resourceName: string;
  readonly name: string;
  /** null removes the key. */
  readonly value: string | null;
}

/** Every record the metadata log holds. */
export type MetadataRecord =
  | RegisterBrokerRecord
  | UnregisterBrokerRecord
  | FenceBrokerRecord
  | UnfenceBrokerRecord
  | TopicRecord
  | RemoveTopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord;

const REQUIRED: Record<MetadataRecord['type'], readonly string[]> = {
  RegisterBrokerRecord: ['brokerId', 'brokerEpoch', 'incarnationId', 'endPoints', 'fenced'],
  UnregisterBrokerRecord: ['brokerId', 'brokerEpoch'],
  FenceBrokerRecord: ['id', 'epoch'],
  UnfenceBrokerRecord: ['id', 'epoch'],
  TopicRecord: ['name', 'topicId'],
  RemoveTopicRecord: ['topicId'],
  PartitionRecord: ['partitionId', 'topicId', 'replicas', 'isr', 'leader', 'leaderEpoch', 'partitionEpoch'],
  PartitionChangeRecord: ['partitionId', 'topicId', 'leader'],
  ConfigRecord: ['resourceType', 'resourceName', 'name', 'value'],
};

/** Encodes one Raft entry's batch of records. */
export function encodeRecords(records: readonly MetadataRecord[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(records));
}

/**
 * Decodes one Raft entry's batch; `where` names the entry for the error message. Throws
 * INVALID_RECORD when the bytes are not a batch of known records with their required fields.
 */
export function decodeRecords(bytes: Uint8Array, where: string): MetadataRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new FjordError('INVALID_RECORD', `metadata ${where}: not a JSON record batch`, { cause });
  }
  if (!Array.isArray(parsed)) throw new FjordError('INVALID_RECORD', `metadata ${where}: a record batch must be a JSON array`);
  parsed.forEach((r: unknown, i) => {
    const type = (r as { type?: unknown } | null)?.type;
    const required = typeof type === 'string' ? REQUIRED[type as MetadataRecord['type']] : undefined;
    if (required === undefined) {
      throw new FjordError('INVALID_RECORD', `metadata ${where} record ${i}: unknown record type ${JSON.stringify(type)}`);
    }
    for (const field of required) {
      if (!(field in (r as object))) {
        throw new FjordError('INVALID_RECORD', `metadata ${where} record ${i} (${type}): missing field "${field}"`);
      }
    }
  });
  return parsed as MetadataRecord[];
}
