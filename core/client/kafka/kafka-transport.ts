/**
 * The kafka transport: Fjord's Producer, Consumer and Admin over TCP to any Kafka-protocol
 * cluster. Clients send whole-cluster requests without choosing a broker; this decides where
 * each goes:
 *
 * | requests | go to |
 * |---|---|
 * | Produce, Fetch, ListOffsets, DeleteRecords | each partition's leader (split, merged back) |
 * | JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch, DescribeGroups, DeleteGroups, OffsetDelete | the group's coordinator |
 * | CreateTopics, DeleteTopics, CreatePartitions, IncrementalAlterConfigs | the controller |
 * | ListGroups | every broker, merged |
 * | Metadata, DescribeConfigs, ApiVersions, FindCoordinator | any broker |
 *
 * Metadata (brokers, leaders, controller) is learnt from every Metadata answer that passes
 * through and refreshed when unknown, stale after a routing error, or older than
 * metadata.max.age.ms.
 */
import { FjordError } from '../../errors.js';
import type { ApiName, RequestOf, ResponseOf } from '../../broker/apis.js';
import { systemClock, type Clock } from '../../io/clock.js';
import { silentLogger, type Logger } from '../../io/logger.js';
import { systemTimers, type Timers } from '../../io/timers.js';
import { errorCode } from '../../protocol/error-codes.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../../protocol/generated/list-groups.js';
import type { MetadataResponse } from '../../protocol/generated/metadata.js';
import type { Transport } from '../transport.js';
import { tcpDialer, type Dialer } from './byte-stream.js';
import { ClusterMetadata } from './cluster-metadata.js';
import { ConnectionPool } from './connection-pool.js';
import type { BrokerConnection, SendOptions } from './connection.js';
import { CoordinatorRouter } from './coordinator-router.js';
import { GROUP_APIS, mergeListGroups, type GroupApi } from './group-routing.js';
import { formatAddress, type KafkaTransportConfig } from './kafka-config.js';
import { isPartitionedApi, LeaderRouter, type PartitionedApi } from './leader-router.js';
import { isConnectionError, neverSent, RetryBudget } from './retry-budget.js';
import type { RoutingContext } from './routing-context.js';

export interface KafkaTransportDeps {
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  /** How to open a connection; TCP unless a test says otherwise. */
  dial?: Dialer;
}

type ControllerApi = 'CreateTopics' | 'DeleteTopics' | 'CreatePartitions' | 'IncrementalAlterConfigs';

/** Per-entry error codes of a controller API's answer: all NOT_CONTROLLER means "the controller moved". */
const CONTROLLER_RESULT_CODES: { [K in ControllerApi]: (res: ResponseOf<K>) => number[] } = {
  CreateTopics: (res) => res.topics.map((t) => t.errorCode),
  DeleteTopics: (res) => res.responses.map((t) => t.errorCode),
  CreatePartitions: (res) => res.results.map((r) => r.errorCode),
  IncrementalAlterConfigs: (res) => res.responses.map((r) => r.errorCode),
};

/** What goes to "any broker" and only reads: a request whose answer was lost may be sent again. */
const ANY_BROKER_READS: ReadonlySet<ApiName> = new Set<ApiName>(['Metadata', 'ApiVersions', 'DescribeConfigs', 'FindCoordinator', 'ListGroups']);

const NOT_CONTROLLER = errorCode('NOT_CONTROLLER');
const NO_TOPIC_ID = Buffer.alloc(16);

function isControllerApi(api: ApiName): api is ControllerApi {
  return api in CONTROLLER_RESULT_CODES;
}

/**
 * Send options an API needs: acks=0 Produce expects no answer; requests the broker holds on
 * purpose (long-poll Fetch, JoinGroup waiting for a rebalance, admin calls with a timeout) get
 * that time on top of request.timeout.ms.
 */
export function sendOptionsFor<K extends ApiName>(api: K, req: RequestOf<K>): SendOptions {
  switch (api) {
    case 'Produce': return { expectResponse: (req as RequestOf<'Produce'>).acks !== 0 };
    case 'Fetch': return { extraTimeoutMs: (req as RequestOf<'Fetch'>).maxWaitMs };
    case 'JoinGroup': return { extraTimeoutMs: Math.max(0, (req as RequestOf<'JoinGroup'>).rebalanceTimeoutMs ?? 0) };
    case 'CreateTopics':
    case 'DeleteTopics':
    case 'CreatePartitions':
    case 'DeleteRecords': return { extraTimeoutMs: Math.max(0, (req as { timeoutMs: number }).timeoutMs) };
    default: return {};
  }
}

export class KafkaTransport implements Transport, RoutingContext {
  readonly description: string;
  readonly metadata = new ClusterMetadata();
  readonly pool: ConnectionPool;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly leaders: LeaderRouter;
  private readonly coordinators: CoordinatorRouter;
  private refreshing: { topics: ReadonlySet<string>; done: Promise<void> } | null = null;
  private controllerStale = false;
  private closed = false;

  constructor(private readonly config: KafkaTransportConfig, deps: KafkaTransportDeps = {}) {
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? systemTimers;
    this.pool = new ConnectionPool(config, { dial: deps.dial ?? tcpDialer, clock: this.clock, timers: this.timers, logger: deps.logger ?? silentLogger }, this.metadata);
    this.leaders = new LeaderRouter(this);
    this.coordinators = new CoordinatorRouter(this);
    this.description = `Kafka cluster at ${config.bootstrap.map(formatAddress).join(',')}`;
  }

  request<K extends ApiName>(api: K, request: RequestOf<K>, nodeId?: number): Promise<ResponseOf<K> | null> {
    if (this.closed) return Promise.reject(new FjordError('CLOSED', `the client of ${this.description} is closed`));
    const options = sendOptionsFor(api, request);
    if (nodeId !== undefined) return this.sendToNode(api, request, nodeId, options);
    // The casts only narrow K to the router's API subset; request and response stay paired by K.
    if (isPartitionedApi(api)) return this.leaders.send(api as PartitionedApi, request as RequestOf<PartitionedApi>, options) as Promise<ResponseOf<K> | null>;
    if (GROUP_APIS.has(api)) return this.coordinators.send(api as GroupApi, request as RequestOf<GroupApi>, options) as Promise<ResponseOf<K>>;
    if (isControllerApi(api)) return this.sendToController(api as ControllerApi, request as RequestOf<ControllerApi>, options) as Promise<ResponseOf<K>>;
    if (api === 'ListGroups') return this.listGroupsEverywhere(request as ListGroupsRequest) as Promise<ResponseOf<K>>;
    return this.sendToAny(api, request, this.budget());
  }

  /** Closes every connection; requests still pending fail with CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    this.pool.closeAll();
  }

  budget(): RetryBudget {
    return new RetryBudget(this.config, this.clock, this.timers);
  }

  ensureTopics(topics: string[]): Promise<void> | null {
    const wanted = this.metadata.needingRefresh(topics, this.clock.nowMs(), this.config.metadataMaxAgeMs);
    if (wanted.length === 0) return null;
    // Routing goes on with what is known if the cluster cannot be asked: those partitions then
    // answer with a retriable error the clients handle.
    return this.refreshTopics(wanted).catch((err: unknown) => {
      if (!isConnectionError(err)) throw err;
    });
  }

  refreshTopics(topics: string[]): Promise<void> {
    const current = this.refreshing;
    // Joining callers get the very same promise, so their continuations keep their call order.
    if (current && topics.every((t) => current.topics.has(t))) return current.done;
    const wanted = new Set(topics);
    const done = (async () => {
      if (current) await current.done.catch(() => {});
      await this.sendToAny('Metadata', {
        topics: [...wanted].map((name) => ({ name, topicId: NO_TOPIC_ID })),
        allowAutoTopicCreation: false,
        includeTopicAuthorizedOperations: false,
      }, this.budget());
    })();
    const entry = { topics: wanted, done };
    this.refreshing = entry;
    const clear = (): void => {
      if (this.refreshing === entry) this.refreshing = null;
    };
    void done.then(clear, clear);
    return done;
  }

  async sendToAny<K extends ApiName>(api: K, req: RequestOf<K>, budget: RetryBudget): Promise<ResponseOf<K>> {
    const avoid = new Set<BrokerConnection>();
    for (;;) {
      const conn = this.pool.any(avoid);
      try {
        const res = await conn.send(api, req, sendOptionsFor(api, req));
        if (!res) throw new Error(`assertion failed: ${api} got no response`);
        if (api === 'Metadata') this.metadata.absorb(res as MetadataResponse, this.clock.nowMs());
        return res;
      } catch (err) {
        // A read whose answer was lost can be asked for again elsewhere; anything else only if it never left.
        const repeatable = isConnectionError(err) && (ANY_BROKER_READS.has(api) || neverSent(err));
        if (!repeatable || !(await budget.next())) throw err;
        avoid.add(conn);
      }
    }
  }

  /** Metadata with no topics: just the brokers and the controller. */
  private async ensureBrokers(): Promise<void> {
    if (this.metadata.hasBrokers && !this.controllerStale) return;
    this.controllerStale = false;
    await this.refreshTopics([]);
  }

  private async sendToNode<K extends ApiName>(api: K, req: RequestOf<K>, nodeId: number, options: SendOptions): Promise<ResponseOf<K> | null> {
    if (!this.metadata.addressOf(nodeId)) await this.ensureBrokers();
    const conn = this.pool.forNode(nodeId);
    if (!conn) throw new FjordError('BROKER_NOT_AVAILABLE', `broker ${nodeId} is not in the metadata of ${this.description}`);
    return conn.send(api, req, options);
  }

  /**
   * Admin changes go to the controller. NOT_CONTROLLER everywhere in the answer means nothing was
   * done, so metadata is refreshed and the request repeated; a request lost on the way is
   * repeated only if it was never written (the change may have happened).
   */
  private async sendToController<K extends ControllerApi>(api: K, req: RequestOf<K>, options: SendOptions): Promise<ResponseOf<K>> {
    const budget = this.budget();
    for (;;) {
      await this.ensureBrokers();
      const conn = this.pool.forNode(this.metadata.controllerId) ?? this.pool.any();
      let res: ResponseOf<K> | null;
      try {
        res = (await conn.send(api as ApiName, req as RequestOf<ApiName>, options)) as ResponseOf<K> | null;
      } catch (err) {
        if (isConnectionError(err)) this.controllerStale = true;
        if (neverSent(err) && (await budget.next())) continue;
        throw err;
      }
      if (!res) throw new Error(`assertion failed: ${api} got no response`);
      const codes = CONTROLLER_RESULT_CODES[api](res);
      const moved = codes.length > 0 && codes.every((c) => c === NOT_CONTROLLER);
      if (!moved || !(await budget.next())) return res;
      this.controllerStale = true;
    }
  }

  /** Each broker coordinates some groups, so a listing asks every broker and joins the answers. */
  private async listGroupsEverywhere(req: ListGroupsRequest): Promise<ListGroupsResponse> {
    await this.ensureBrokers();
    const budget = this.budget();
    const ids = this.metadata.brokerIds();
    if (ids.length === 0) return this.sendToAny('ListGroups', req, budget);
    const answers = await Promise.all(ids.map((id) => this.listGroupsOn(id, req, budget)));
    return mergeListGroups(answers);
  }

  private async listGroupsOn(nodeId: number, req: ListGroupsRequest, budget: RetryBudget): Promise<ListGroupsResponse> {
    for (;;) {
      try {
        const res = await this.sendToNode('ListGroups', req, nodeId, {});
        if (!res) throw new Error('assertion failed: ListGroups got no response');
        return res;
      } catch (err) {
        if (!isConnectionError(err) || !(await budget.next())) throw err;
      }
    }
  }
}
