/**
 * The APIs Fjord's broker implements: request/response types (generated from Kafka's schemas)
 * and the version range each handler supports. Ranges follow the wire-protocol issue's table;
 * transaction APIs are absent until transactions exist.
 */
import type { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/generated/api-versions.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../protocol/generated/create-partitions.js';
import type { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/generated/create-topics.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/generated/delete-groups.js';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../protocol/generated/delete-records.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/generated/delete-topics.js';
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../protocol/generated/describe-configs.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/generated/describe-groups.js';
import type { FetchRequest, FetchResponse } from '../protocol/generated/fetch.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../protocol/generated/find-coordinator.js';
import type { HeartbeatRequest, HeartbeatResponse } from '../protocol/generated/heartbeat.js';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../protocol/generated/incremental-alter-configs.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/generated/init-producer-id.js';
import type { JoinGroupRequest, JoinGroupResponse } from '../protocol/generated/join-group.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/generated/leave-group.js';
import type { ListGroupsRequest, ListGroupsResponse } from '../protocol/generated/list-groups.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../protocol/generated/list-offsets.js';
import type { MetadataRequest, MetadataResponse } from '../protocol/generated/metadata.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/generated/offset-commit.js';
import type { OffsetDeleteRequest, OffsetDeleteResponse } from '../protocol/generated/offset-delete.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/generated/offset-fetch.js';
import type { ProduceRequest, ProduceResponse } from '../protocol/generated/produce.js';
import type { SyncGroupRequest, SyncGroupResponse } from '../protocol/generated/sync-group.js';

/** Request and response type of every API the broker handles, by Kafka's API name. */
export interface ApiTypes {
  Produce: [ProduceRequest, ProduceResponse];
  Fetch: [FetchRequest, FetchResponse];
  ListOffsets: [ListOffsetsRequest, ListOffsetsResponse];
  Metadata: [MetadataRequest, MetadataResponse];
  OffsetCommit: [OffsetCommitRequest, OffsetCommitResponse];
  OffsetFetch: [OffsetFetchRequest, OffsetFetchResponse];
  FindCoordinator: [FindCoordinatorRequest, FindCoordinatorResponse];
  JoinGroup: [JoinGroupRequest, JoinGroupResponse];
  Heartbeat: [HeartbeatRequest, HeartbeatResponse];
  LeaveGroup: [LeaveGroupRequest, LeaveGroupResponse];
  SyncGroup: [SyncGroupRequest, SyncGroupResponse];
  DescribeGroups: [DescribeGroupsRequest, DescribeGroupsResponse];
  ListGroups: [ListGroupsRequest, ListGroupsResponse];
  ApiVersions: [ApiVersionsRequest, ApiVersionsResponse];
  CreateTopics: [CreateTopicsRequest, CreateTopicsResponse];
  DeleteTopics: [DeleteTopicsRequest, DeleteTopicsResponse];
  DeleteRecords: [DeleteRecordsRequest, DeleteRecordsResponse];
  InitProducerId: [InitProducerIdRequest, InitProducerIdResponse];
  DescribeConfigs: [DescribeConfigsRequest, DescribeConfigsResponse];
  CreatePartitions: [CreatePartitionsRequest, CreatePartitionsResponse];
  DeleteGroups: [DeleteGroupsRequest, DeleteGroupsResponse];
  IncrementalAlterConfigs: [IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse];
  OffsetDelete: [OffsetDeleteRequest, OffsetDeleteResponse];
}

export type ApiName = keyof ApiTypes;
export type RequestOf<K extends ApiName> = ApiTypes[K][0];
export type ResponseOf<K extends ApiName> = ApiTypes[K][1];

export interface ApiRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** What the broker advertises in ApiVersions and implements. */
export const supportedApis: Record<ApiName, ApiRange> = {
  // From 0, though only RecordBatch v2 (v3+) is accepted: librdkafka 2.0 compresses with gzip,
  // snappy or lz4 only when the broker's Produce range overlaps [0, 0] (rdkafka_msgset_writer.c).
  Produce: { apiKey: 0, minVersion: 0, maxVersion: 9 },
  Fetch: { apiKey: 1, minVersion: 4, maxVersion: 12 },
  ListOffsets: { apiKey: 2, minVersion: 1, maxVersion: 7 },
  Metadata: { apiKey: 3, minVersion: 1, maxVersion: 12 },
  OffsetCommit: { apiKey: 8, minVersion: 2, maxVersion: 8 },
  OffsetFetch: { apiKey: 9, minVersion: 1, maxVersion: 8 },
  FindCoordinator: { apiKey: 10, minVersion: 0, maxVersion: 4 },
  JoinGroup: { apiKey: 11, minVersion: 0, maxVersion: 7 },
  Heartbeat: { apiKey: 12, minVersion: 0, maxVersion: 4 },
  LeaveGroup: { apiKey: 13, minVersion: 0, maxVersion: 4 },
  SyncGroup: { apiKey: 14, minVersion: 0, maxVersion: 5 },
  DescribeGroups: { apiKey: 15, minVersion: 0, maxVersion: 5 },
  ListGroups: { apiKey: 16, minVersion: 0, maxVersion: 4 },
  ApiVersions: { apiKey: 18, minVersion: 0, maxVersion: 3 },
  CreateTopics: { apiKey: 19, minVersion: 0, maxVersion: 7 },
  DeleteTopics: { apiKey: 20, minVersion: 0, maxVersion: 6 },
  DeleteRecords: { apiKey: 21, minVersion: 0, maxVersion: 2 },
  InitProducerId: { apiKey: 22, minVersion: 0, maxVersion: 4 },
  DescribeConfigs: { apiKey: 32, minVersion: 0, maxVersion: 4 },
  CreatePartitions: { apiKey: 37, minVersion: 0, maxVersion: 3 },
  DeleteGroups: { apiKey: 42, minVersion: 0, maxVersion: 2 },
  IncrementalAlterConfigs: { apiKey: 44, minVersion: 0, maxVersion: 1 },
  OffsetDelete: { apiKey: 47, minVersion: 0, maxVersion: 0 },
};
