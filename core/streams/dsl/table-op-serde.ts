/** Serde of a table groupBy's repartition records: one flag byte (0 add, 1 subtract) and the value. */
import type { Serde } from '../serdes/serde.js';
import { serdeError } from '../serdes/serde.js';
import type { TableGroupOp } from './processors/stateful.js';

export function tableOpSerde<V>(inner: Serde<V>): Serde<TableGroupOp<V>> {
  return {
    name: `TableOp(${inner.name})`,
    serialize(topic, op) {
      if (op === null) return null;
      const value = inner.serialize(topic, op.value) ?? Buffer.alloc(0);
      return Buffer.concat([Buffer.from([op.op === 'add' ? 0 : 1]), value]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 1 || data[0]! > 1) throw serdeError('TableOp', topic, 'expected a flag byte 0 (add) or 1 (subtract)');
      return { op: data[0] === 0 ? 'add' : 'sub', value: inner.deserialize(topic, data.subarray(1)) as V };
    },
  };
}
