/**
 * Serde of a table groupBy's repartition records: one flag byte, then the value(s). 0 = add the
 * value, 1 = subtract it, 2 = update within one group (subtract the old value, add the new one:
 * a 4-byte length of the new value's bytes, the new value, then the old value).
 */
import type { Serde } from '../serdes/serde.js';
import { serdeError } from '../serdes/serde.js';
import type { TableGroupOp } from './processors/stateful.js';

const FLAG = { add: 0, sub: 1, upd: 2 } as const;

export function tableOpSerde<V>(inner: Serde<V>): Serde<TableGroupOp<V>> {
  const bytes = (topic: string, v: V) => inner.serialize(topic, v) ?? Buffer.alloc(0);
  return {
    name: `TableOp(${inner.name})`,
    serialize(topic, op) {
      if (op === null) return null;
      if (op.op !== 'upd') return Buffer.concat([Buffer.from([FLAG[op.op]]), bytes(topic, op.value)]);
      const newBytes = bytes(topic, op.value);
      const header = Buffer.alloc(5);
      header[0] = FLAG.upd;
      header.writeUInt32BE(newBytes.length, 1);
      return Buffer.concat([header, newBytes, bytes(topic, op.oldValue as V)]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 1 || data[0]! > 2) throw serdeError('TableOp', topic, 'expected a flag byte 0 (add), 1 (subtract) or 2 (update)');
      if (data[0] !== FLAG.upd) return { op: data[0] === FLAG.add ? 'add' : 'sub', value: inner.deserialize(topic, data.subarray(1)) as V };
      if (data.length < 5 || data.readUInt32BE(1) > data.length - 5) throw serdeError('TableOp', topic, 'update record shorter than its length prefix');
      const end = 5 + data.readUInt32BE(1);
      return { op: 'upd', value: inner.deserialize(topic, data.subarray(5, end)) as V, oldValue: inner.deserialize(topic, data.subarray(end)) as V };
    },
  };
}
