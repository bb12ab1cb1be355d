/**
 * Kafka's Filter: drops every record it is applied to. Useful only with a predicate
 * (`transforms.x.predicate`), e.g. drop tombstones or records from some topics.
 */
import type { ConfigDef, ConnectRecord, Transformation } from '../api/types.js';

/** Kafka's Filter. */
export class Filter<R extends ConnectRecord = ConnectRecord> implements Transformation<R> {
  configure(_props: Record<string, string>): void {}

  config(): ConfigDef {
    return [];
  }

  apply(_record: R): R | null {
    return null;
  }
}
