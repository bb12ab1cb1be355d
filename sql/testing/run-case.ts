/**
 * Runs one test case as ksqlDB's test runner does: create the case's topics, open an engine on a
 * fresh TestRuntime with the case's properties, execute the statements (INSERT VALUES produce
 * then), append the input records encoded by each topic's registered layout, run the queries,
 * then read back every expected topic and judge. Never throws: a broken or hanging case becomes
 * a failed result (`runner-error` / `timeout`), so one case never stops a whole run.
 */
import { SqlEngine, type TopicSchema } from '../engine/engine.js';
import type { JsonNode } from '../types/json.js';
import type { CaseRecord, TestCase } from './case.js';
import { topicsToCreate } from './case-topics.js';
import { expectedTopics, judgeError, judgeOutputs, type ActualRecord, type FailureClass, type Verdict } from './judge.js';
import { actualRecordJson, topicCodec, type RowSerdeFactory, type TopicCodec } from './record-codec.js';
import { TestRuntime } from './test-runtime.js';

/** What the runner needs of the SQL engine (SqlEngine has it; unit tests pass a fake). */
export interface CaseEngine {
  execute(text: string): Promise<unknown>;
  topicSchema(topic: string): TopicSchema | null;
  close(): Promise<void>;
}

export type EngineFactory = (runtime: TestRuntime, properties: Readonly<Record<string, string>>) => Promise<CaseEngine>;

export const openSqlEngine: EngineFactory = (runtime, properties) => SqlEngine.open({ runtime, properties });

export interface RunCaseOptions {
  /** A case still running after this long fails with `timeout`. */
  readonly timeoutMs?: number;
  readonly engineFactory?: EngineFactory;
  readonly createRowSerde: RowSerdeFactory;
}

export const CASE_TIMEOUT_MS_DEFAULT = 10_000;

export interface CaseResult {
  readonly id: string;
  readonly verdict: Verdict;
  /** What the case produced, in output.json shape (`{"outputs": [...]}`) or `{"error": {"message"}}`. */
  readonly actual: JsonNode;
  /** Diagnostics that did not decide the verdict (records a query dropped, undecodable bytes). */
  readonly notes: readonly string[];
  readonly durationMs: number;
}

/** The outcome of running the case's engine work, before judging. */
interface Run {
  /** The first statement / input / query failure, as ksqlDB would report it. */
  error: string | null;
  actualByTopic: Map<string, ActualRecord[]>;
  notes: string[];
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function errorJson(message: string): JsonNode {
  return new Map([['error', new Map([['message', message]])]]);
}

function codecFor(engine: CaseEngine, topic: string, cache: Map<string, TopicCodec>, createRowSerde: RowSerdeFactory): TopicCodec {
  let codec = cache.get(topic);
  if (codec === undefined) {
    codec = topicCodec(topic, engine.topicSchema(topic), createRowSerde);
    cache.set(topic, codec);
  }
  return codec;
}

async function produceInputs(runtime: TestRuntime, engine: CaseEngine, inputs: readonly CaseRecord[], codecs: Map<string, TopicCodec>, createRowSerde: RowSerdeFactory): Promise<void> {
  for (const [i, r] of inputs.entries()) {
    let encoded;
    try {
      encoded = codecFor(engine, r.topic, codecs, createRowSerde).encode(r);
    } catch (err) {
      throw new Error(`input record ${i} (topic ${r.topic}): ${errorMessage(err)}`, { cause: err });
    }
    if ((await runtime.describeTopic(r.topic)) === null) await runtime.createTopic(r.topic, 1, 1);
    await runtime.appendInputs(r.topic, [encoded]);
  }
}

function readOutputs(runtime: TestRuntime, engine: CaseEngine, c: TestCase, codecs: Map<string, TopicCodec>, createRowSerde: RowSerdeFactory, notes: string[]): Map<string, ActualRecord[]> {
  const out = new Map<string, ActualRecord[]>();
  for (const topic of expectedTopics(c.outputs)) {
    const records = runtime.records(topic);
    let codec: TopicCodec | null = null;
    try {
      codec = codecFor(engine, topic, codecs, createRowSerde);
    } catch (err) {
      notes.push(`topic ${topic}: cannot decode (${errorMessage(err)}); showing raw text`);
    }
    out.set(topic, records.map((r, i) => {
      try {
        if (codec !== null) return codec.decode(r);
      } catch (err) {
        notes.push(`topic ${topic} record ${i}: cannot decode (${errorMessage(err)}); showing raw text`);
      }
      return { topic, key: r.key?.toString('utf8') ?? null, value: r.value?.toString('utf8') ?? null, timestamp: r.timestamp, headers: r.headers.map((h) => ({ key: h.key, value: h.value })) };
    }));
  }
  return out;
}

async function execute(c: TestCase, runtime: TestRuntime, options: RunCaseOptions): Promise<Run> {
  const notes: string[] = [];
  for (const t of topicsToCreate(c)) await runtime.createTopic(t.name, t.partitions, 1);
  const engine = await (options.engineFactory ?? openSqlEngine)(runtime, c.properties);
  const codecs = new Map<string, TopicCodec>();
  try {
    try {
      await engine.execute(c.statements);
    } catch (err) {
      return { error: errorMessage(err), actualByTopic: new Map(), notes };
    }
    try {
      await produceInputs(runtime, engine, c.inputs, codecs, options.createRowSerde);
      await runtime.runQueries();
    } catch (err) {
      return { error: errorMessage(err), actualByTopic: new Map(), notes };
    }
    for (const e of runtime.processingErrors) notes.push(`query ${e.queryId} dropped a record of ${e.topic}: ${e.error.message}`);
    if (runtime.processingErrorCount > runtime.processingErrors.length) notes.push(`... and ${runtime.processingErrorCount - runtime.processingErrors.length} more dropped records`);
    // A query failing on a record is how some expected errors show (ksqlDB throws them from the topology).
    const queryError = c.expectedError !== undefined && runtime.processingErrors.length > 0 ? runtime.processingErrors[0].error.message : null;
    return { error: queryError, actualByTopic: readOutputs(runtime, engine, c, codecs, options.createRowSerde, notes), notes };
  } finally {
    await engine.close().catch((err: unknown) => notes.push(`closing the engine failed: ${errorMessage(err)}`));
  }
}

function judge(c: TestCase, run: Run): Verdict {
  const byError = judgeError(c.expectedError, run.error);
  if (byError !== null) return byError;
  return judgeOutputs(c.outputs, run.actualByTopic, { ignoreZeroTimestamps: c.inputs.length === 0 });
}

function actualJson(c: TestCase, run: Run): JsonNode {
  if (run.error !== null) return errorJson(run.error);
  const records: JsonNode[] = [];
  for (const topic of expectedTopics(c.outputs)) for (const r of run.actualByTopic.get(topic) ?? []) records.push(actualRecordJson(r));
  return new Map([['outputs', records]]);
}

function failed(c: TestCase, failureClass: FailureClass, reason: string, startedMs: number): CaseResult {
  return { id: c.id, verdict: { pass: false, failureClass, reason }, actual: errorJson(reason), notes: [], durationMs: Date.now() - startedMs };
}

/** Runs `c` and judges it. Never throws. */
export async function runCase(c: TestCase, options: RunCaseOptions): Promise<CaseResult> {
  const startedMs = Date.now();
  const timeoutMs = options.timeoutMs ?? CASE_TIMEOUT_MS_DEFAULT;
  const runtime = new TestRuntime();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const run = await Promise.race([execute(c, runtime, options), timedOut]);
    if (run === 'timeout') return failed(c, 'timeout', `the case did not finish within ${timeoutMs} ms`, startedMs);
    return { id: c.id, verdict: judge(c, run), actual: actualJson(c, run), notes: run.notes, durationMs: Date.now() - startedMs };
  } catch (err) {
    return failed(c, 'runner-error', `the runner failed: ${errorMessage(err)}`, startedMs);
  } finally {
    clearTimeout(timer);
    await runtime.close().catch(() => {});
  }
}
