/** A table replicated in full to every instance: joinable from any stream without co-partitioning. */
export class GlobalKTable<K, V> {
  /** @internal phantom fields keep K and V in the type. */
  declare readonly __types?: [K, V];
  constructor(/** the store holding the table */ readonly storeName: string) {}

  queryableStoreName(): string {
    return this.storeName;
  }
}
