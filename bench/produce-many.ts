/**
 * Producing a large number of records the way an application bounding its in-flight records
 * would: before each send it awaits (every 1000 sends) the one made `window` sends earlier, long
 * since sealed into a full batch, so waiting never sits out linger.ms.
 */
import type { Producer } from '../core/client/producer.js';

export async function produceMany(producer: Producer, topic: string, count: number, value: Buffer, window = 20000): Promise<void> {
  const sends: Promise<unknown>[] = new Array(window);
  for (let i = 0; i < count; i++) {
    const slot = i % window;
    if (i >= window && slot % 1000 === 0) await sends[slot];
    sends[slot] = producer.send({ topic, value });
  }
  await producer.flush();
  await Promise.all(sends.filter(Boolean));
}
