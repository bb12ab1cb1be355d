/**
 * Routing of the group APIs to group coordinators. The coordinator of each group comes from
 * FindCoordinator (cached); a request is split by coordinator when it names several groups.
 * Answers saying the coordinator moved or is still loading (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS) mean the broker did nothing, so the
 * coordinator is looked up again and the request repeated, within the retry budget. A lost
 * connection is repeated only for reads; a commit or join whose fate is unknown goes back to
 * the caller.
 */
import { FjordError, kafkaError } from '../../errors.js';
import type { RequestOf, ResponseOf } from '../../broker/apis.js';
import type { Coordinator } from '../../protocol/generated/find-coordinator.js';
import type { SendOptions } from './connection.js';
import { CoordinatorCache, type CoordinatorInfo } from './coordinators.js';
import { COORDINATOR_ERRORS, groupedShape, type GroupApi, type GroupedShape } from './group-routing.js';
import { isConnectionError, type RetryBudget } from './retry-budget.js';
import type { RoutingContext } from './routing-context.js';
import { SHAPE_CHANGES } from './version-shapes.js';

/** FindCoordinator KeyType of consumer groups (1 would be transactional ids). */
const GROUP_KEY_TYPE = 0;

/** Group APIs that only read, so a request whose answer was lost may be sent again. */
const READS: ReadonlySet<GroupApi> = new Set<GroupApi>(['OffsetFetch', 'DescribeGroups']);

interface Answer<K extends GroupApi> {
  sub: RequestOf<K>;
  res: ResponseOf<K>;
}

export class CoordinatorRouter {
  private readonly cache = new CoordinatorCache((groupIds) => this.lookup(groupIds));

  constructor(private readonly ctx: RoutingContext) {}

  /** Sends a group request to the coordinator(s) of its group(s) and merges the answers. */
  async send<K extends GroupApi>(api: K, req: RequestOf<K>, options: SendOptions): Promise<ResponseOf<K>> {
    const shape = groupedShape(api);
    const budget = this.ctx.budget();
    const done: ResponseOf<K>[] = [];
    let pending: RequestOf<K> | null = req;
    while (pending) {
      let answers: Answer<K>[];
      try {
        answers = await this.sendByCoordinator(api, shape, pending, options);
      } catch (err) {
        if (isConnectionError(err) && READS.has(api) && (await budget.next())) continue;
        throw err;
      }
      const moved = this.movedGroups(shape, answers);
      const last = moved.size === 0 || !(await budget.next());
      for (const { sub, res } of answers) {
        const kept = last ? res : shape.without(res, sub, moved);
        if (kept) done.push(kept);
      }
      pending = last ? null : shape.subset(req, moved);
    }
    return shape.merge(done);
  }

  /** Groups whose answer says "ask another coordinator"; their cached coordinator is dropped. */
  private movedGroups<K extends GroupApi>(shape: GroupedShape<RequestOf<K>, ResponseOf<K>>, answers: Answer<K>[]): Set<string> {
    const moved = new Set<string>();
    for (const { sub, res } of answers) {
      shape.forEachGroupError(res, sub, (groupId, code) => {
        if (!COORDINATOR_ERRORS.has(code)) return;
        moved.add(groupId);
        this.cache.invalidate(groupId);
      });
    }
    return moved;
  }

  private async sendByCoordinator<K extends GroupApi>(api: K, shape: GroupedShape<RequestOf<K>, ResponseOf<K>>, req: RequestOf<K>, options: SendOptions): Promise<Answer<K>[]> {
    const coordinators = await this.cache.resolve([...new Set(shape.groupIds(req))]);
    const byNode = new Map<number, { info: CoordinatorInfo; groups: Set<string> }>();
    for (const [groupId, info] of coordinators) {
      const entry = byNode.get(info.nodeId) ?? { info, groups: new Set<string>() };
      entry.groups.add(groupId);
      byNode.set(info.nodeId, entry);
    }
    return Promise.all([...byNode.values()].map(async ({ info, groups }) => {
      const sub = shape.subset(req, groups)!;
      const conn = this.ctx.pool.forCoordinator(info.nodeId, info.address);
      try {
        const res = await conn.send(api, sub, options);
        if (!res) throw new Error(`assertion failed: ${api} got no response`);
        return { sub, res };
      } catch (err) {
        // The coordinator may be gone for good: look it up afresh next time.
        if (isConnectionError(err)) for (const g of groups) this.cache.invalidate(g);
        throw err;
      }
    }));
  }

  /** FindCoordinator for these groups, repeating for those whose coordinator is not ready yet. */
  private async lookup(groupIds: string[]): Promise<Map<string, CoordinatorInfo | Error>> {
    const budget = this.ctx.budget();
    const out = new Map<string, CoordinatorInfo | Error>();
    let pending = groupIds;
    for (;;) {
      const found = await this.findOnce(pending, budget);
      const retry: Coordinator[] = [];
      for (const c of found) {
        if (c.errorCode === 0) out.set(c.key, { nodeId: c.nodeId, address: { host: c.host, port: c.port } });
        else if (COORDINATOR_ERRORS.has(c.errorCode)) retry.push(c);
        else out.set(c.key, kafkaError(c.errorCode, `FindCoordinator for group '${c.key}'`, c.errorMessage));
      }
      for (const g of pending) {
        if (!out.has(g) && !retry.some((c) => c.key === g)) out.set(g, new FjordError('COORDINATOR_NOT_AVAILABLE', `FindCoordinator answered nothing for group '${g}'`));
      }
      if (retry.length === 0) return out;
      if (!(await budget.next())) {
        for (const c of retry) out.set(c.key, kafkaError(c.errorCode, `FindCoordinator for group '${c.key}' (after ${budget.used} retries)`, c.errorMessage));
        return out;
      }
      pending = retry.map((c) => c.key);
    }
  }

  /** One FindCoordinator round: one batched request on v4+, else one request per group. */
  private async findOnce(groupIds: string[], budget: RetryBudget): Promise<Coordinator[]> {
    const batched = await this.canBatch();
    const batches = batched ? [groupIds] : groupIds.map((g) => [g]);
    const answers = await Promise.all(batches.map((keys) => this.ctx.sendToAny('FindCoordinator', { keyType: GROUP_KEY_TYPE, coordinatorKeys: keys }, budget)));
    return answers.flatMap((a) => a.coordinators ?? []);
  }

  private async canBatch(): Promise<boolean> {
    try {
      const versions = await this.ctx.pool.any().ready();
      return versions.versionFor('FindCoordinator') >= SHAPE_CHANGES.findCoordinatorKeys;
    } catch {
      // Unreachable or too old: one key per request works everywhere, and sendToAny reports the real error.
      return false;
    }
  }
}
