/**
 * Byte layouts of the joins' internal stores and topics. Each wraps the user's serdes, so user
 * values are written exactly as their serde writes them; the framing around them is fixed-width
 * big-endian so that byte order is the order range scans need.
 *
 * - join buffer (window store value): the values a side saw for one key at one timestamp, in
 *   arrival order: `(length u32 | bytes)*` (Kafka keeps duplicates with a sequence number).
 * - outer key (shared outer store): `timestamp(8) | side(1) | key`, so a full scan visits
 *   unmatched records oldest first (right before left at one timestamp, as Kafka orders them).
 * - combined key (FK subscription store): `fkLength u32 | fk | pk`, so one foreign key's
 *   subscribers are one prefix scan.
 * - subscription / response: the FK join's messages between the two tables' tasks.
 */
import { serdeError, serializeError, type Serde } from '../../serdes/serde.js';

const U32 = 4;
const TS = 8;

function encodeStrict<T>(serde: Serde<T>, topic: string, value: T, what: string): Buffer {
  const bytes = serde.serialize(topic, value);
  if (bytes === null) throw serializeError(serde.name, topic, `${what} serialized to null; joins need a non-null encoding`);
  return bytes;
}

/** The values one side of a stream-stream join holds for one key at one timestamp. */
export function joinBufferSerde<V>(inner: Serde<V>): Serde<V[]> {
  const name = `JoinBuffer(${inner.name})`;
  return {
    name,
    serialize(topic, values) {
      if (values === null) return null;
      const parts: Buffer[] = [];
      for (const v of values) {
        const bytes = encodeStrict(inner, topic, v, 'a joined value');
        const len = Buffer.allocUnsafe(U32);
        len.writeUInt32BE(bytes.length, 0);
        parts.push(len, bytes);
      }
      return Buffer.concat(parts);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      const out: V[] = [];
      let at = 0;
      while (at < data.length) {
        if (at + U32 > data.length) throw serdeError(name, topic, `truncated length at byte ${at}`);
        const len = data.readUInt32BE(at);
        at += U32;
        if (at + len > data.length) throw serdeError(name, topic, `value of ${len} bytes runs past the end at byte ${at}`);
        out.push(inner.deserialize(topic, data.subarray(at, at + len)) as V);
        at += len;
      }
      return out;
    },
  };
}

/** Key of the shared outer store: an unmatched record's timestamp, side and key. */
export interface OuterKey<K> {
  timestamp: number;
  left: boolean;
  key: K;
}

export function outerKeySerde<K>(keySerde: Serde<K>): Serde<OuterKey<K>> {
  const name = `OuterJoinKey(${keySerde.name})`;
  return {
    name,
    serialize(topic, k) {
      if (k === null) return null;
      const head = Buffer.allocUnsafe(TS + 1);
      head.writeBigUInt64BE(BigInt(k.timestamp), 0);
      head[TS] = k.left ? 1 : 0;
      return Buffer.concat([head, encodeStrict(keySerde, topic, k.key, 'a join key')]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < TS + 1) throw serdeError(name, topic, `expected at least ${TS + 1} bytes, got ${data.length}`);
      return { timestamp: Number(data.readBigUInt64BE(0)), left: data[TS] === 1, key: keySerde.deserialize(topic, data.subarray(TS + 1)) as K };
    },
  };
}

/** Value of the shared outer store: the unmatched values of one side (left or right serde). */
export interface OuterValues {
  left: boolean;
  values: unknown[];
}

export function outerValuesSerde(leftSerde: Serde<unknown>, rightSerde: Serde<unknown>): Serde<OuterValues> {
  const left = joinBufferSerde(leftSerde);
  const right = joinBufferSerde(rightSerde);
  const name = `OuterJoinValues(${leftSerde.name}, ${rightSerde.name})`;
  return {
    name,
    serialize(topic, v) {
      if (v === null) return null;
      return Buffer.concat([Buffer.from([v.left ? 1 : 0]), (v.left ? left : right).serialize(topic, v.values)!]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 1 || data[0]! > 1) throw serdeError(name, topic, 'expected a side byte 0 (right) or 1 (left)');
      const isLeft = data[0] === 1;
      return { left: isLeft, values: (isLeft ? left : right).deserialize(topic, data.subarray(1))! };
    },
  };
}

/** A foreign-key join subscription's store key: the foreign key, then the subscriber's primary key. */
export interface CombinedKey<KO, K> {
  fk: KO;
  pk: K;
}

export function combinedKeySerde<KO, K>(fkSerde: Serde<KO>, pkSerde: Serde<K>): Serde<CombinedKey<KO, K>> {
  const name = `CombinedKey(${fkSerde.name}, ${pkSerde.name})`;
  return {
    name,
    serialize(topic, k) {
      if (k === null) return null;
      return Buffer.concat([combinedKeyPrefix(encodeStrict(fkSerde, topic, k.fk, 'a foreign key')), encodeStrict(pkSerde, topic, k.pk, 'a primary key')]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < U32) throw serdeError(name, topic, `expected at least ${U32} bytes, got ${data.length}`);
      const fkLength = data.readUInt32BE(0);
      if (U32 + fkLength > data.length) throw serdeError(name, topic, `foreign key of ${fkLength} bytes runs past the end`);
      return {
        fk: fkSerde.deserialize(topic, data.subarray(U32, U32 + fkLength)) as KO,
        pk: pkSerde.deserialize(topic, data.subarray(U32 + fkLength)) as K,
      };
    },
  };
}

/** The bytes every combined key of one foreign key starts with. */
export function combinedKeyPrefix(fkBytes: Buffer): Buffer {
  const len = Buffer.allocUnsafe(U32);
  len.writeUInt32BE(fkBytes.length, 0);
  return Buffer.concat([len, fkBytes]);
}

/** A left row (un)subscribing to a foreign key; `hash` identifies the left value it was sent for. */
export interface Subscription<K> {
  op: 'subscribe' | 'unsubscribe';
  pk: K;
  hash: Buffer;
}

const SUBSCRIPTION_VERSION = 0;

export function subscriptionSerde<K>(pkSerde: Serde<K>): Serde<Subscription<K>> {
  const name = `FkSubscription(${pkSerde.name})`;
  return {
    name,
    serialize(topic, s) {
      if (s === null) return null;
      const head = Buffer.from([SUBSCRIPTION_VERSION, s.op === 'subscribe' ? 1 : 0, s.hash.length]);
      return Buffer.concat([head, s.hash, encodeStrict(pkSerde, topic, s.pk, 'a primary key')]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 3) throw serdeError(name, topic, `expected at least 3 bytes, got ${data.length}`);
      if (data[0] !== SUBSCRIPTION_VERSION) throw serdeError(name, topic, `unknown version ${data[0]}`);
      const hashLength = data[2]!;
      if (3 + hashLength > data.length) throw serdeError(name, topic, 'hash runs past the end');
      return {
        op: data[1] === 1 ? 'subscribe' : 'unsubscribe',
        hash: Buffer.from(data.subarray(3, 3 + hashLength)),
        pk: pkSerde.deserialize(topic, data.subarray(3 + hashLength)) as K,
      };
    },
  };
}

/** The right table's answer to a subscription or its change: the right value (null = none). */
export interface SubscriptionResponse<VO> {
  hash: Buffer;
  value: VO | null;
}

export function responseSerde<VO>(valueSerde: Serde<VO>): Serde<SubscriptionResponse<VO>> {
  const name = `FkResponse(${valueSerde.name})`;
  return {
    name,
    serialize(topic, r) {
      if (r === null) return null;
      const value = r.value === null ? null : encodeStrict(valueSerde, topic, r.value, 'a foreign value');
      const head = Buffer.from([SUBSCRIPTION_VERSION, r.hash.length]);
      return Buffer.concat([head, r.hash, Buffer.from([value === null ? 0 : 1]), value ?? Buffer.alloc(0)]);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      if (data.length < 2 || data[0] !== SUBSCRIPTION_VERSION) throw serdeError(name, topic, 'expected a version 0 header');
      const hashLength = data[1]!;
      if (2 + hashLength + 1 > data.length) throw serdeError(name, topic, 'hash runs past the end');
      const hash = Buffer.from(data.subarray(2, 2 + hashLength));
      const present = data[2 + hashLength] === 1;
      return { hash, value: present ? (valueSerde.deserialize(topic, data.subarray(3 + hashLength)) as VO) : null };
    },
  };
}
