/**
 * Every client reads what every client wrote, uncompressed and with each codec: kafkajs, kcat and
 * confluent-kafka each produce 1000 keyed records with headers to a fresh 4-partition topic
 * (none, gzip, snappy, lz4, zstd), the broker's segment files must hold batches of that codec
 * (librdkafka silently sends uncompressed batches when the broker's ApiVersions rule a codec out),
 * and each client must read the records back byte for byte.
 */
import { expect } from 'chai';
import { thirdPartyBrokerOptions } from './helpers/broker-args.js';
import { useBroker } from './helpers/broker-process.js';
import { codecCalls, createTopic, kafkajsClient, kafkajsConsumeAll, kafkajsProduce, type KafkaClient } from './helpers/kafkajs-client.js';
import { kcatConsumeAll, kcatHeaders, kcatProduce } from './helpers/kcat.js';
import { pyConsumeAll, pyProduce } from './helpers/python.js';
import { expectSameRecords, makeRecords, topicName, type ReadRecord, type TestRecord } from './helpers/records.js';
import { storedBatches, storedCodecs } from './helpers/stored-batches.js';
import { requireTool, type ThirdPartyTool } from './helpers/tools.js';

type ClientName = 'kafkajs' | 'kcat' | 'confluent-kafka';
type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
const codecs: Codec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
const recordCount = 1000;

interface Env {
  bootstrap: string;
  kafka: KafkaClient;
}

interface Client {
  tool: ThirdPartyTool | null;
  records(tag: string): TestRecord[];
  produce(env: Env, topic: string, records: TestRecord[], codec: Codec): Promise<void>;
  read(env: Env, topic: string, count: number): Promise<ReadRecord[]>;
}

const clients: Record<ClientName, Client> = {
  kafkajs: {
    tool: null,
    records: (tag) => makeRecords(recordCount, tag),
    produce: (env, topic, records, codec) => kafkajsProduce(env.kafka, topic, records, codec === 'none' ? {} : { compression: codec }),
    read: (env, topic, count) => kafkajsConsumeAll(env.kafka, topic, count),
  },
  kcat: {
    tool: 'kcat',
    // kcat reads lines and sets headers per invocation: text records sharing one header list.
    records: (tag) => makeRecords(recordCount, tag, { text: true, headers: kcatHeaders }),
    produce: async (env, topic, records, codec) => void (await kcatProduce(env.bootstrap, topic, records, codec === 'none' ? [] : ['-z', codec])),
    read: (env, topic) => kcatConsumeAll(env.bootstrap, topic),
  },
  'confluent-kafka': {
    tool: 'confluent-kafka',
    records: (tag) => makeRecords(recordCount, tag),
    produce: async (env, topic, records, codec) => {
      const produced = await pyProduce(env.bootstrap, topic, records, { 'compression.type': codec });
      expect(produced, JSON.stringify(produced.errors)).to.include({ delivered: records.length, error_count: 0, undelivered: 0 });
    },
    read: (env, topic, count) => pyConsumeAll(env.bootstrap, topic, count),
  },
};

/**
 * The topic's batches use `codec`. librdkafka sends a batch uncompressed when compressing would
 * not shrink it, which happens to a batch of one record that linger.ms sealed alone; those may
 * be 'none'. Any batch of several records in another codec means the client chose not to
 * compress, typically because the broker's ApiVersions ruled the codec out.
 */
function expectStoredWith(dataDir: string, topic: string, codec: Codec): void {
  const batches = storedBatches(dataDir, topic);
  const others = batches.filter((b) => b.compression !== codec && !(b.compression === 'none' && b.recordCount === 1));
  const describe = (bs: typeof batches): string => bs.map((b) => `p${b.partition}@${b.baseOffset}: ${b.compression} x${b.recordCount}`).join(', ');
  expect(others, `batches not stored as ${codec}: ${describe(others)}`).to.deep.equal([]);
  expect(batches.some((b) => b.compression === codec), `no ${codec} batch among ${describe(batches)}`).to.equal(true);
}

describe('third-party clients: cross-client reads and compression', function () {
  this.timeout(60_000);
  const broker = useBroker(thirdPartyBrokerOptions);
  let env: Env;
  before(() => {
    env = { bootstrap: broker().bootstrap, kafka: kafkajsClient(broker().bootstrap) };
  });

  for (const [producerName, producer] of Object.entries(clients) as [ClientName, Client][]) {
    describe(`${producerName} producing`, () => {
      before(function () {
        if (producer.tool !== null) requireTool(this, producer.tool);
      });

      for (const codec of codecs) {
        describe(`${codec === 'none' ? 'uncompressed' : codec} batches`, () => {
          let produced: { topic: string; sent: TestRecord[] } | undefined;

          it(`${producerName} produces ${recordCount} records, stored as ${codec} batches`, async () => {
            const topic = topicName(`x-${producerName}-${codec}`);
            await createTopic(env.bootstrap, topic, 4);
            const sent = producer.records(`${producerName}-${codec}`);
            await producer.produce(env, topic, sent, codec);
            produced = { topic, sent }; // readers can check the records even if the codec is wrong
            expectStoredWith(broker().dataDir, topic, codec);
          });

          for (const [readerName, reader] of Object.entries(clients) as [ClientName, Client][]) {
            it(`${readerName} reads them back byte for byte`, async function () {
              if (reader.tool !== null) requireTool(this, reader.tool);
              if (produced === undefined) throw new Error(`nothing to read: ${producerName} did not produce (see the test above)`);
              const decompressedBefore = codec === 'none' ? 0 : codecCalls[codec].decompress;
              const read = await reader.read(env, produced.topic, produced.sent.length);
              expectSameRecords(read, produced.sent);
              // Only batches stored compressed can prove kafkajs' codec ran (the produce test checks the codec).
              if (readerName === 'kafkajs' && codec !== 'none' && storedCodecs(broker().dataDir, produced.topic).has(codec)) {
                expect(codecCalls[codec].decompress, `kafkajs decompressed ${codec} batches`).to.be.greaterThan(decompressedBefore);
              }
            });
          }
        });
      }
    });
  }
});
