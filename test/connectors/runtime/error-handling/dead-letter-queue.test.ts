import { expect } from 'chai';
import type { Fjord } from '../../../../core/client/fjord.js';
import type { ProducerRecord, RecordHeader } from '../../../../core/client/record-types.js';
import { DataException } from '../../../../connectors/api/errors.js';
import { ErrorCounts } from '../../../../connectors/runtime/error-handling/error-counts.js';
import { errorHandlingConfig } from '../../../../connectors/runtime/error-handling/error-handling-config.js';
import { DeadLetterQueueReporter, buildDeadLetterRecord } from '../../../../connectors/runtime/error-handling/dead-letter-queue.js';
import { ProcessingContext } from '../../../../connectors/runtime/error-handling/processing-context.js';
import { RetryWithToleranceOperator } from '../../../../connectors/runtime/error-handling/retry-with-tolerance-operator.js';
import { openFjord, pollUntil } from '../../../helpers/embedded.js';

const taskId = { connector: 'pg-sink', task: 3 };
const text = (headers: RecordHeader[] | undefined) => (headers ?? []).map((h) => [h.key, h.value?.toString('utf8') ?? null]);

function consumedContext(): ProcessingContext {
  return ProcessingContext.forConsumed({
    topic: 'orders', partition: 1, offset: 99n, timestamp: 5000, timestampType: 'CreateTime',
    key: Buffer.from('k1'), value: Buffer.from('{bad'), headers: [{ key: 'trace', value: Buffer.from('t-1') }],
  });
}

function failedConsumed(): ProcessingContext {
  const ctx = consumedContext();
  ctx.stage = 'VALUE_CONVERTER';
  ctx.executingClass = 'org.apache.kafka.connect.json.JsonConverter';
  ctx.error = new DataException('Converting byte[] to Kafka Connect data failed');
  return ctx;
}

describe('connectors/runtime/error-handling dead-letter queue', () => {
  it('copies the original key, value, headers and timestamp to the DLQ topic', () => {
    const record = buildDeadLetterRecord(failedConsumed(), { dlqTopic: 'dlq', dlqContextHeadersEnable: false }, taskId)!;
    expect(record.topic).to.equal('dlq');
    expect(record.key).to.deep.equal(Buffer.from('k1'));
    expect(record.value).to.deep.equal(Buffer.from('{bad'));
    expect(record.timestamp).to.equal(5000);
    expect(record.partition).to.equal(undefined);
    expect(text(record.headers as RecordHeader[])).to.deep.equal([['trace', 't-1']]);
  });

  it('adds Kafka\'s context headers when enabled', () => {
    const record = buildDeadLetterRecord(failedConsumed(), { dlqTopic: 'dlq', dlqContextHeadersEnable: true }, taskId)!;
    const headers = text(record.headers as RecordHeader[]);
    expect(headers.slice(0, 11)).to.deep.equal([
      ['trace', 't-1'],
      ['__connect.errors.topic', 'orders'],
      ['__connect.errors.partition', '1'],
      ['__connect.errors.offset', '99'],
      ['__connect.errors.connector.name', 'pg-sink'],
      ['__connect.errors.task.id', '3'],
      ['__connect.errors.stage', 'VALUE_CONVERTER'],
      ['__connect.errors.class.name', 'org.apache.kafka.connect.json.JsonConverter'],
      ['__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'],
      ['__connect.errors.exception.message', 'Converting byte[] to Kafka Connect data failed'],
      ['__connect.errors.exception.stacktrace', headers[10][1]],
    ]);
    expect(headers[10][1]).to.match(/^DataException: Converting byte\[\] to Kafka Connect data failed\n\s+at /);
  });

  it('writes a failed source record as JSON with its source partition and offset (Fjord extension)', () => {
    const ctx = ProcessingContext.forSource({
      topic: 'files', kafkaPartition: null, keySchema: null, key: 'a.txt', valueSchema: null, value: { line: 'x', n: 2n ** 60n },
      timestamp: 7, headers: [{ key: 'h', value: 5 }], sourcePartition: { filename: 'a.txt' }, sourceOffset: { position: 1234 },
    });
    ctx.stage = 'TRANSFORMATION';
    ctx.executingClass = 'org.apache.kafka.connect.transforms.Cast$Value';
    ctx.error = new Error('bad cast');
    const record = buildDeadLetterRecord(ctx, { dlqTopic: 'src-dlq', dlqContextHeadersEnable: true }, { connector: 'file-src', task: 0 })!;
    expect(record.key).to.deep.equal(Buffer.from('a.txt'));
    expect(record.value?.toString()).to.equal('{"line":"x","n":1152921504606846976}');
    expect(record.timestamp).to.equal(7);
    expect(text(record.headers as RecordHeader[]).slice(0, 5)).to.deep.equal([
      ['h', '5'],
      ['__connect.errors.source.partition', '{"filename":"a.txt"}'],
      ['__connect.errors.source.offset', '{"position":1234}'],
      ['__connect.errors.connector.name', 'file-src'],
      ['__connect.errors.task.id', '0'],
    ]);
  });

  it('builds nothing without a DLQ topic or a record', () => {
    expect(buildDeadLetterRecord(failedConsumed(), { dlqTopic: '', dlqContextHeadersEnable: true }, taskId)).to.equal(null);
    expect(buildDeadLetterRecord(ProcessingContext.empty(), { dlqTopic: 'dlq', dlqContextHeadersEnable: true }, taskId)).to.equal(null);
  });

  it('counts a failed DLQ send without failing', async () => {
    const counts = new ErrorCounts();
    const errors: unknown[] = [];
    const config = errorHandlingConfig({ 'errors.deadletterqueue.topic.name': 'dlq' });
    const reporter = new DeadLetterQueueReporter(config, taskId, async () => {
      throw new Error('broker down');
    }, counts, (e) => errors.push(e));
    await reporter.report(failedConsumed());
    expect(counts.snapshot()).to.include({ dlqProduceRequests: 1, dlqProduceFailures: 1, dlqRecordsSent: 0 });
    expect((errors[0] as Error).message).to.equal('broker down');
  });

  describe('through a real broker', () => {
    let fjord: Fjord;
    beforeEach(async () => {
      ({ fjord } = await openFjord());
    });
    afterEach(async () => {
      await fjord.close();
    });

    it('skips a bad record and writes it with context headers to the DLQ topic', async () => {
      await fjord.admin().createTopics([{ topic: 'dlq', numPartitions: 1 }]);
      const producer = fjord.producer({ lingerMs: 0 });
      const config = errorHandlingConfig({
        'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': 'dlq', 'errors.deadletterqueue.context.headers.enable': 'true',
      });
      const counts = new ErrorCounts();
      const reporter = new DeadLetterQueueReporter(config, taskId, (r: ProducerRecord) => producer.send(r), counts);
      const op = new RetryWithToleranceOperator(config, { reporters: [reporter], counts });
      const result = await op.execute(consumedContext(), 'VALUE_CONVERTER', 'org.apache.kafka.connect.json.JsonConverter', () => JSON.parse('{bad'));
      expect(result).to.equal(null);

      const consumer = fjord.consumer({ autoOffsetReset: 'earliest' });
      consumer.assign([{ topic: 'dlq', partition: 0 }]);
      const [dlq] = await pollUntil(() => consumer.poll(500), 1);
      expect(dlq.key?.toString()).to.equal('k1');
      expect(dlq.value?.toString()).to.equal('{bad');
      expect(dlq.timestamp).to.equal(5000);
      const headers = Object.fromEntries(text(dlq.headers));
      expect(headers).to.include({
        trace: 't-1', '__connect.errors.topic': 'orders', '__connect.errors.offset': '99', '__connect.errors.stage': 'VALUE_CONVERTER',
        '__connect.errors.exception.class.name': 'SyntaxError',
      });
      expect(counts.snapshot()).to.include({ recordsSkipped: 1, dlqProduceRequests: 1, dlqProduceFailures: 0, dlqRecordsSent: 1 });
      await consumer.close();
      await producer.close();
    });
  });
});
