/** One table from API name to handler: the only place that knows which file handles what. */
import type { ApiName, RequestOf, ResponseOf } from './apis.js';
import type { BrokerState, RequestContext } from './broker-state.js';
import { handleProduce } from './handlers/0-produce.js';
import { handleFetch } from './handlers/1-fetch.js';
import { handleListOffsets } from './handlers/2-list-offsets.js';
import { handleMetadata } from './handlers/3-metadata.js';
import { handleFindCoordinator } from './handlers/10-find-coordinator.js';
import { handleApiVersions } from './handlers/18-api-versions.js';
import { handleCreateTopics } from './handlers/19-create-topics.js';
import { handleDeleteTopics } from './handlers/20-delete-topics.js';
import { handleDeleteRecords } from './handlers/21-delete-records.js';
import { handleInitProducerId } from './handlers/22-init-producer-id.js';
import { handleDescribeConfigs } from './handlers/32-describe-configs.js';
import { handleCreatePartitions } from './handlers/37-create-partitions.js';
import { handleIncrementalAlterConfigs } from './handlers/44-incremental-alter-configs.js';
import {
  handleDeleteGroups, handleDescribeGroups, handleHeartbeat, handleJoinGroup, handleLeaveGroup,
  handleListGroups, handleOffsetCommit, handleOffsetDelete, handleOffsetFetch, handleSyncGroup,
} from './handlers/group-handlers.js';

type Handler<K extends ApiName> = (b: BrokerState, req: RequestOf<K>, ctx: RequestContext) => ResponseOf<K> | null | Promise<ResponseOf<K> | null>;

export const handlers: { [K in ApiName]: Handler<K> } = {
  Produce: handleProduce,
  Fetch: handleFetch,
  ListOffsets: handleListOffsets,
  Metadata: handleMetadata,
  OffsetCommit: handleOffsetCommit,
  OffsetFetch: handleOffsetFetch,
  FindCoordinator: handleFindCoordinator,
  JoinGroup: handleJoinGroup,
  Heartbeat: handleHeartbeat,
  LeaveGroup: handleLeaveGroup,
  SyncGroup: handleSyncGroup,
  DescribeGroups: handleDescribeGroups,
  ListGroups: handleListGroups,
  ApiVersions: handleApiVersions,
  CreateTopics: handleCreateTopics,
  DeleteTopics: handleDeleteTopics,
  DeleteRecords: handleDeleteRecords,
  InitProducerId: handleInitProducerId,
  DescribeConfigs: handleDescribeConfigs,
  CreatePartitions: handleCreatePartitions,
  DeleteGroups: handleDeleteGroups,
  IncrementalAlterConfigs: handleIncrementalAlterConfigs,
  OffsetDelete: handleOffsetDelete,
};
