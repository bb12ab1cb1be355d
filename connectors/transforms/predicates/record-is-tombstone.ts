/** Kafka's RecordIsTombstone predicate: true when the record's value is null. */
import type { ConfigDef, ConnectRecord, Predicate } from '../../api/types.js';

/** Kafka's RecordIsTombstone predicate. */
export class RecordIsTombstone<R extends ConnectRecord = ConnectRecord> implements Predicate<R> {
  configure(_props: Record<string, string>): void {}

  config(): ConfigDef {
    return [];
  }

  test(record: R): boolean {
    return record.value === null || record.value === undefined;
  }
}
