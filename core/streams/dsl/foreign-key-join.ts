/**
 * KTable-KTable foreign-key joins (`joinForeignKey`, `leftJoinForeignKey`): each left row joins
 * the right row whose key `fkExtractor` picks from the left value. The two tables need not be
 * co-partitioned: the left task sends subscriptions through an internal topic keyed by the
 * foreign key (partitioned like the right table) and the right task answers through one keyed by
 * the primary key (partitioned like the left table), as Kafka Streams does (KIP-213). Names
 * follow Kafka: `KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-…-topic`,
 * `KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-…-topic`, `KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-…`,
 * `KTABLE-FK-JOIN-OUTPUT-…`, or `<name>-subscription-registration` etc. when Materialized names
 * the join. The processors are in processors/join-foreign-key.ts.
 */
import { FjordError } from '../../errors.js';
import { Serdes } from '../serdes/serdes.js';
import { orDefault } from './internal-builder.js';
import { KTable } from './ktable.js';
import type { Materialized } from './options.js';
import {
  foreignChangeProcessor, responseResolverProcessor, resultProcessor, subscriptionProcessor, subscriptionSendProcessor,
} from './processors/join-foreign-key.js';
import { combinedKeySerde, responseSerde, subscriptionSerde } from './processors/join-serdes.js';

/** Adds a foreign-key join of `left` with `right` and returns the (materialized) result table. */
export function foreignKeyJoin<K, V, KO, VO, VR>(left: KTable<K, V>, right: KTable<KO, VO>, fkExtractor: (value: V) => KO | null, joiner: (value: V, otherValue: VO) => VR, leftJoin: boolean, materialized: Materialized<K, VR> = {}): KTable<K, VR> {
  const op = `KTable.${leftJoin ? 'leftJoinForeignKey' : 'joinForeignKey'}()`;
  if (!(right instanceof KTable)) throw new FjordError('INVALID_ARGUMENT', `${op}: the other input must be a KTable`);
  if (typeof fkExtractor !== 'function') throw new FjordError('INVALID_ARGUMENT', `${op}: the foreign-key extractor must be a function (value) => foreignKey`);
  if (typeof joiner !== 'function') throw new FjordError('INVALID_ARGUMENT', `${op}: the joiner must be a function (value, otherValue) => result`);
  const b = left.builder;
  if (right.builder !== b) throw new FjordError('INVALID_ARGUMENT', `${op}: both tables must come from the same StreamsBuilder`);
  if (materialized.storeName !== undefined && materialized.storeName.length === 0) throw new FjordError('INVALID_ARGUMENT', `${op}: Materialized.storeName must not be empty`);

  const leftKeySerde = orDefault(left.keySerde);
  const leftValueSerde = orDefault(left.valueSerde);
  const rightKeySerde = orDefault(right.keySerde);
  const rightValueSerde = orDefault(right.valueSerde);
  // Materialize both inputs first: that moves each table's node to its materializer.
  const leftStore = left.materializedStore();
  const rightStore = right.materializedStore();
  const named = materialized.name;
  const nameOf = (suffix: string, prefix: string) => b.newName(prefix, named === undefined ? undefined : `${named}${suffix}`);

  const registration = nameOf('-subscription-registration', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION');
  const subscriptionTopic = `${registration}-topic`;
  const sendName = nameOf('-subscription-registration-processor', 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION');
  const subscriptionSink = nameOf('-subscription-registration-sink', 'KTABLE-SINK');
  const subscriptionSource = nameOf('-subscription-registration-source', 'KTABLE-SOURCE');
  const subscriptionStore = nameOf('-subscription-store', 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE');
  const receiveName = nameOf('-subscription-receive', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR');
  const foreignName = nameOf('-foreign-join-subscription', 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR');
  const responseTopic = `${nameOf('-subscription-response', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE')}-topic`;
  const responseSink = nameOf('-subscription-response-sink', 'KTABLE-SINK');
  const responseSource = nameOf('-subscription-response-source', 'KTABLE-SOURCE');
  const resolverName = nameOf('-subscription-response-resolver', 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR');
  const resultName = nameOf('-result', 'KTABLE-FK-JOIN-OUTPUT');
  const resultStoreName = materialized.storeName ?? b.newStoreName('KTABLE-FK-JOIN-OUTPUT-');

  const topology = b.topology;
  const subscriptionValueSerde = subscriptionSerde(leftKeySerde);
  const responseValueSerde = responseSerde(rightValueSerde);
  b.addStore('keyValue', subscriptionStore, undefined, { keySerde: combinedKeySerde(rightKeySerde, leftKeySerde), valueSerde: Serdes.ByteArray() });
  const resultValueSerde = orDefault(materialized.valueSerde);
  const resultStore = b.addStore('keyValue', resultStoreName, materialized, { keySerde: leftKeySerde, valueSerde: resultValueSerde }).name;

  // Left task: changes of the left table become subscriptions (or results at once).
  b.addProcessor(sendName, subscriptionSendProcessor<K, V, KO, VR>({
    fkExtractor, foreignKeySerde: rightKeySerde, leftValueSerde, subscriptionTopic, leftJoin, joiner, sinkChild: subscriptionSink, resultChild: resultName,
  }), [left.nodeName]);
  topology.repartitionTopics.set(subscriptionTopic, { partitions: null });
  topology.addSink(subscriptionSink, subscriptionTopic, { keySerde: rightKeySerde, valueSerde: subscriptionValueSerde, internal: true }, sendName);

  // Right task: subscriptions are stored and answered; right changes are sent to subscribers.
  topology.addSource(subscriptionSource, [subscriptionTopic], { keySerde: rightKeySerde, valueSerde: subscriptionValueSerde, internal: true });
  b.addProcessor(receiveName, subscriptionProcessor<K, KO, VO>(subscriptionStore, rightStore), [subscriptionSource], [subscriptionStore, rightStore]);
  b.addProcessor(foreignName, foreignChangeProcessor<K, KO, VO>(subscriptionStore, rightKeySerde), [right.nodeName], [subscriptionStore]);
  topology.repartitionTopics.set(responseTopic, { partitions: null });
  topology.addSink(responseSink, responseTopic, { keySerde: leftKeySerde, valueSerde: responseValueSerde, internal: true }, receiveName, foreignName);

  // Left task: answers about the current left value are joined; results are materialized.
  topology.addSource(responseSource, [responseTopic], { keySerde: leftKeySerde, valueSerde: responseValueSerde, internal: true });
  b.addProcessor(resolverName, responseResolverProcessor<K, V, VO, VR>({ leftStore, leftValueSerde, subscriptionTopic, leftJoin, joiner }), [responseSource], [leftStore]);
  b.addProcessor(resultName, resultProcessor<K, VR>(resultStore), [sendName, resolverName], [resultStore]);
  return new KTable<K, VR>(b, resultName, left.keySerde, materialized.valueSerde, resultStore);
}
