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

/** The controller handed broker `brokerId` the producer ids below `nextProducerId` (KIP-730). */
export interface ProducerIdsRecord {
  readonly type: 'ProducerIdsRecord';
  readonly brokerId: number;
  readonly brokerEpoch: number;
  /** The first producer id not yet handed out to any broker. */
  readonly nextProducerId: number;
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
  | ConfigRecord
  | ProducerIdsRecord;

/** What a field must hold; `?` kinds may also be absent. */
type FieldKind = 'int' | 'string' | 'bool' | 'ints' | 'ints?' | 'string|null' | 'endpoints' | 'resource';

const FIELDS: Record<MetadataRecord['type'], Readonly<Record<string, FieldKind>>> = {
  RegisterBrokerRecord: { brokerId: 'int', brokerEpoch: 'int', incarnationId: 'string', endPoints: 'endpoints', rack: 'string|null', fenced: 'bool' },
  UnregisterBrokerRecord: { brokerId: 'int', brokerEpoch: 'int' },
  FenceBrokerRecord: { id: 'int', epoch: 'int' },
  UnfenceBrokerRecord: { id: 'int', epoch: 'int' },
  TopicRecord: { name: 'string', topicId: 'string' },
  RemoveTopicRecord: { topicId: 'string' },
  PartitionRecord: { partitionId: 'int', topicId: 'string', replicas: 'ints', isr: 'ints', leader: 'int', leaderEpoch: 'int', partitionEpoch: 'int' },
  PartitionChangeRecord: { partitionId: 'int', topicId: 'string', leader: 'int', isr: 'ints?', replicas: 'ints?' },
  ConfigRecord: { resourceType: 'resource', resourceName: 'string', name: 'string', value: 'string|null' },
  ProducerIdsRecord: { brokerId: 'int', brokerEpoch: 'int', nextProducerId: 'int' },
};

const KIND_TEXT: Record<FieldKind, string> = {
  int: 'an integer',
  string: 'a string',
  bool: 'a boolean',
  ints: 'an array of integers',
  'ints?': 'an array of integers',
  'string|null': 'a string or null',
  endpoints: 'an array of {name, host, port}',
  resource: '"topic" or "broker"',
};

function fits(kind: FieldKind, v: unknown): boolean {
  const ints = (x: unknown): boolean => Array.isArray(x) && x.every((n) => Number.isInteger(n));
  switch (kind) {
    case 'int':
      return Number.isInteger(v);
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'ints':
      return ints(v);
    case 'ints?':
      return v === undefined || ints(v);
    case 'string|null':
      return v === null || typeof v === 'string';
    case 'resource':
      return v === 'topic' || v === 'broker';
    case 'endpoints':
      return (
        Array.isArray(v) &&
        v.every((e: { name?: unknown; host?: unknown; port?: unknown } | null) => typeof e?.name === 'string' && typeof e.host === 'string' && Number.isInteger(e.port))
      );
  }
}

/** Encodes one Raft entry's batch of records. */
export function encodeRecords(records: readonly MetadataRecord[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(records));
}

/**
 * Decodes one Raft entry's batch; `where` names the entry for the error message. Throws
 * INVALID_RECORD when the bytes are not a batch of known records whose fields have the right types.
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
    const fields = typeof type === 'string' && Object.hasOwn(FIELDS, type) ? FIELDS[type as MetadataRecord['type']] : undefined;
    if (fields === undefined) {
      throw new FjordError('INVALID_RECORD', `metadata ${where} record ${i}: unknown record type ${JSON.stringify(type)}`);
    }
    for (const [field, kind] of Object.entries(fields)) {
      const value = (r as Record<string, unknown>)[field];
      const at = `metadata ${where} record ${i} (${type})`;
      if (value === undefined && !kind.endsWith('?')) throw new FjordError('INVALID_RECORD', `${at}: missing field "${field}"`);
      if (!fits(kind, value)) {
        throw new FjordError('INVALID_RECORD', `${at}: field "${field}" must be ${KIND_TEXT[kind]}, got ${JSON.stringify(value)}`);
      }
    }
  });
  return parsed as MetadataRecord[];
}
