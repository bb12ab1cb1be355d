/**
 * The parts of a task that come from connectors/transforms and connectors/runtime/error-handling:
 * the transform chain, and the stage error handler — Kafka's RetryWithToleranceOperator with a
 * log reporter and, with errors.deadletterqueue.topic.name, a dead-letter-queue reporter writing
 * through its own producer (sinks as Kafka; sources too, a Fjord extension). Kept in one file so
 * the runners depend only on the small interfaces in task-stages.ts.
 */
import type { ConsumerRecord } from '../../core/client/record-types.js';
import type { Logger } from '../../core/io/logger.js';
import type { SinkRecord } from '../api/types.js';
import { buildTransformChain } from '../transforms/index.js';
import {
  DeadLetterQueueReporter, ErrorCounts, LogReporter, ProcessingContext, RetryWithToleranceOperator, errorHandlingConfig, type ErrorReporter,
} from './error-handling/index.js';
import type { TaskErrorSetup } from './connector-runner.js';
import type { ConnectClients } from './internal-topic.js';
import type { PluginRegistry } from './plugin-registry.js';
import { noTransforms, type TransformChain } from './record-stages.js';
import { SKIPPED, type StageErrorHandler } from './task-stages.js';

/** A connector's transform chain (none without `transforms`); a bad config throws, naming the keys. */
export function transformChain(config: Record<string, string>, plugins: PluginRegistry): TransformChain {
  if ((config.transforms ?? '').trim() === '') return noTransforms;
  const chain = buildTransformChain(config, plugins.classLoader());
  return { apply: (record) => chain.apply(record as never) as typeof record | null };
}

/** The class a stage runs, for error messages and DLQ headers. */
function executingClass(config: Record<string, string>, stage: string): string {
  if (stage === 'KEY_CONVERTER') return config['key.converter'] ?? 'key.converter';
  if (stage === 'VALUE_CONVERTER') return config['value.converter'] ?? 'value.converter';
  if (stage === 'HEADER_CONVERTER') return config['header.converter'] ?? 'org.apache.kafka.connect.storage.SimpleHeaderConverter';
  if (stage === 'TRANSFORMATION') return (config.transforms ?? '').split(',').map((a) => config[`transforms.${a.trim()}.type`]).filter(Boolean).join(',') || 'transforms';
  return config['connector.class'] ?? 'connector';
}

/** A task's error handling from the connector's errors.* keys. */
export function taskErrorSetup(config: Record<string, string>, connector: string, taskId: number, _type: 'source' | 'sink', clients: ConnectClients, logger: Logger): TaskErrorSetup {
  const settings = errorHandlingConfig(config, `connector ${connector}`);
  const counts = new ErrorCounts();
  const id = { connector, task: taskId };
  const reporters: ErrorReporter[] = [new LogReporter(settings, id, logger, counts)];
  const dlqProducer = settings.dlqTopic === '' ? null : clients.producer({ clientId: `connector-dlq-producer-${connector}-${taskId}`, acks: 'all' });
  if (dlqProducer) {
    reporters.push(new DeadLetterQueueReporter(settings, id, (r) => dlqProducer.send(r), counts, (err) => {
      logger.warn(`${connector}-${taskId}: could not write to the dead letter queue ${settings.dlqTopic}: ${(err as Error).message}`);
    }));
  }
  const operator = new RetryWithToleranceOperator(settings, { reporters, counts });
  const handler: StageErrorHandler = {
    async handle(stage, error, retry, failed) {
      const context = failed.source ? ProcessingContext.forSource(failed.source) : failed.consumed ? ProcessingContext.forConsumed(failed.consumed) : ProcessingContext.empty();
      // The first attempt already ran (and threw `error`): the operator sees it fail, then retries run `retry`.
      let first = true;
      const result = await operator.execute(context, stage, executingClass(config, stage), () => {
        if (first) {
          first = false;
          throw error;
        }
        return retry();
      });
      return result === null && context.failed ? SKIPPED : (result as never);
    },
  };
  const reporter = dlqProducer === null ? null : async (consumed: ConsumerRecord | null, record: SinkRecord, error: Error): Promise<void> => {
    // Kafka writes the original consumed bytes to the DLQ; without them (a record the task made up) the converted record's origin is named.
    const context = ProcessingContext.forConsumed(consumed ?? {
      topic: record.topic, partition: record.kafkaPartition, offset: record.kafkaOffset, timestamp: record.timestamp,
      timestampType: record.timestampType, key: null, value: null, headers: [],
    });
    context.stage = 'TASK_PUT';
    context.executingClass = config['connector.class'] ?? 'connector';
    context.error = error;
    for (const r of reporters) await r.report(context);
  };
  return {
    handler,
    reporter,
    close: async () => {
      operator.triggerStop();
      await dlqProducer?.close();
    },
  };
}
