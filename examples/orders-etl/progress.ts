/**
 * When the second run is done, seen from the broker only (the warehouse is not queried while
 * the sink task holds its one connection): the SQL table on `product-totals` counts every
 * order, and the Postgres sink's group has committed everything on that topic.
 */
import type { Consumer } from '../../core/client/consumer.js';
import type { Fjord } from '../../core/client/fjord.js';

export class SinkProgress {
  private readonly latestOrders = new Map<string, number>();

  private constructor(private readonly fjord: Fjord, private readonly consumer: Consumer) {}

  static open(fjord: Fjord): SinkProgress {
    const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([{ topic: 'product-totals', partition: 0 }]);
    return new SinkProgress(fjord, consumer);
  }

  /** Whether `orders` orders are counted in the topic and the sink group has no lag on it. */
  async done(orders: number): Promise<boolean> {
    for (const r of await this.consumer.poll(50)) {
      const value = r.value === null ? null : JSON.parse(r.value.toString()) as { ORDERS: number };
      this.latestOrders.set(r.key!.toString(), value?.ORDERS ?? 0);
    }
    if ([...this.latestOrders.values()].reduce((a, b) => a + b, 0) !== orders) return false;
    const committed = await this.fjord.admin().groupOffsets('connect-warehouse-sink');
    return committed.length > 0 && committed.every((o) => o.lag === 0n);
  }

  async close(): Promise<void> {
    await this.consumer.close();
  }
}
