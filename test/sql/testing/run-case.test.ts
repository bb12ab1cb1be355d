import { expect } from 'chai';
import { Serdes, StreamsBuilder } from '../../../core/streams/index.js';
import type { TopicSchema } from '../../../sql/engine/engine.js';
import { SqlError } from '../../../sql/errors.js';
import type { RowSerde } from '../../../sql/formats/types.js';
import { parseRecords, type TestCase } from '../../../sql/testing/case.js';
import { runCase, type CaseEngine, type EngineFactory } from '../../../sql/testing/run-case.js';
import type { TestRuntime } from '../../../sql/testing/test-runtime.js';
import { BIGINT, decimal, INTEGER, STRING } from '../../../sql/types/types.js';
import { stringifyJson, type JsonNode } from '../../../sql/types/json.js';

/**
 * A stand-in for the SQL engine: `COPY <from> <to> <format>;` starts a query copying records
 * (and upper-casing DELIMITED values), `FAIL <message>;` throws, `HANG;` never returns. Every
 * topic it touches is registered with a STRING key in `format` (JSON values are A DECIMAL(4, 2) and
 * B BIGINT, others one INTEGER).
 */
function fakeEngine(runtime: TestRuntime): CaseEngine {
  const schemas = new Map<string, TopicSchema>();
  const schema = (format: string): TopicSchema => ({
    sourceName: 'S', sourceType: 'STREAM',
    keyColumns: [{ name: 'K', type: STRING }], keyFormat: { format: format === 'KAFKA' ? 'KAFKA' : format },
    valueColumns: format === 'JSON' ? [{ name: 'A', type: decimal(4, 2) }, { name: 'B', type: BIGINT }] : [{ name: 'V', type: INTEGER }], valueFormat: { format },
  });
  return {
    async execute(text) {
      let n = 0;
      for (const line of text.split(';').map((l) => l.trim()).filter(Boolean)) {
        const [verb, ...args] = line.split(/\s+/);
        if (verb === 'FAIL') throw new SqlError(args.join(' '));
        if (verb === 'HANG') await new Promise(() => {});
        if (verb !== 'COPY') throw new SqlError(`unknown statement ${line}`);
        const [from, to, format] = args;
        schemas.set(from, schema(format));
        schemas.set(to, schema(format));
        if ((await runtime.describeTopic(to)) === null) await runtime.createTopic(to, 1, 1);
        const b = new StreamsBuilder();
        const bytes = { keySerde: Serdes.ByteArray(), valueSerde: Serdes.ByteArray() };
        b.stream<Buffer, Buffer>(from, bytes).mapValues((v) => (format === 'DELIMITED' && v !== null ? Buffer.from(v.toString().toUpperCase()) : v)).to(to, bytes);
        await runtime.startPersistent({ id: `Q${n++}`, applicationId: `app${n}`, topology: b.build(), sourceTopics: [from], sinkTopic: to });
      }
    },
    topicSchema: (topic) => schemas.get(topic) ?? null,
    close: async () => {},
  };
}

const factory: EngineFactory = async (runtime) => fakeEngine(runtime);

/** A KAFKA INTEGER / STRING serde (4-byte big-endian / UTF-8), and JSON rows of one column. */
function fakeRowSerde(columns: { type: { kind: string } }[], options: { format: string }): RowSerde {
  const kind = columns[0].type.kind;
  if (options.format === 'JSON') {
    return { name: 'json', serialize: () => null, deserialize: (_t, d) => (d === null ? null : [kind === 'INTEGER' ? Number(d.toString()) : JSON.parse(d.toString())]) };
  }
  return {
    name: 'kafka',
    serialize: (_t, row) => {
      if (row === null) return null;
      if (kind === 'STRING') return Buffer.from(String(row[0]));
      const b = Buffer.alloc(4);
      b.writeInt32BE(row[0] as number);
      return b;
    },
    deserialize: (_t, d) => (d === null ? null : [kind === 'STRING' ? d.toString() : d.readInt32BE(0)]),
  };
}

function testCase(statements: string, inputs: string, outputs: string, more: Partial<TestCase> = {}): TestCase {
  return {
    id: 'c', statements, inputs: parseRecords(`{"inputs":[${inputs}]}`, 'inputs', 'input.json'),
    outputs: parseRecords(`{"outputs":[${outputs}]}`, 'outputs', 'output.json'), properties: {}, topics: [], flags: [], ...more,
  };
}

const run = (c: TestCase, timeoutMs?: number) => runCase(c, { engineFactory: factory, createRowSerde: fakeRowSerde as never, timeoutMs });
const show = (n: JsonNode): string => stringifyJson(n);

describe('running a case', () => {
  it('passes JSON records through with their number lexemes, timestamps and headers, and shows the actual output', async () => {
    const r = await run(testCase('COPY in out JSON;',
      '{"topic":"in","key":"k","value":{"A":10.50,"B":12345678901234567890},"timestamp":7,"headers":[{"KEY":"h","VALUE":"IQ=="}]}',
      '{"topic":"out","key":"k","value":{"A":10.50,"B":12345678901234567890},"timestamp":7,"headers":[{"KEY":"h","VALUE":"IQ=="}]}'));
    expect(r.verdict).to.deep.equal({ pass: true });
    expect(show(r.actual)).to.equal('{"outputs":[{"topic":"out","key":"k","value":{"A":10.50,"B":12345678901234567890},"timestamp":7,"headers":[{"KEY":"h","VALUE":"IQ=="}]}]}');
  });

  it('fails when the queries produce something else', async () => {
    const r = await run(testCase('COPY in out JSON;', '{"topic":"in","value":{"A":1.50,"B":1}}', '{"topic":"out","value":{"A":1.5,"B":1}}'));
    expect(r.verdict).to.deep.equal({ pass: false, failureClass: 'value', reason: 'topic out record 0: value: expected {"A":1.5,"B":1}, got {"A":1.50,"B":1}' });
  });

  it('writes DELIMITED values as their text and reads them back as text', async () => {
    const r = await run(testCase('COPY in out DELIMITED;', '{"topic":"in","key":"k","value":"a,b"}', '{"topic":"out","key":"k","value":"A,B"}'));
    expect(r.verdict).to.deep.equal({ pass: true });
  });

  it('encodes KAFKA values by the column type and renders them back', async () => {
    const r = await run(testCase('COPY in out KAFKA;', '{"topic":"in","key":"k","value":42}', '{"topic":"out","key":"k","value":42}'));
    expect(r.verdict).to.deep.equal({ pass: true });
  });

  it('reports an unexpected statement error as the actual output', async () => {
    const r = await run(testCase('FAIL no such thing;', '', '{"topic":"out","value":1}'));
    expect(r.verdict).to.deep.equal({ pass: false, failureClass: 'statement-error', reason: 'no such thing' });
    expect(show(r.actual)).to.equal('{"error":{"message":"no such thing"}}');
  });

  it('passes an expected error with the expected message, and keeps earlier statements\' effect out of the verdict', async () => {
    const r = await run(testCase('COPY in out JSON; FAIL bad format;', '', '', { expectedError: { message: 'bad format' } }));
    expect(r.verdict).to.deep.equal({ pass: true });
  });

  it('fails a case that hangs after its timeout, and the next case still runs', async () => {
    const r = await run(testCase('HANG;', '', '{"topic":"out","value":1}'), 100);
    expect(r.verdict).to.have.property('failureClass', 'timeout');
    expect((await run(testCase('COPY in out JSON;', '{"topic":"in","value":{"A":1,"B":2}}', '{"topic":"out","value":{"A":1,"B":2}}'))).verdict.pass).to.equal(true);
  });

  it('turns a crash in the runner into a failed case', async () => {
    const r = await runCase(testCase('COPY in out JSON;', '', ''), { engineFactory: async () => { throw new Error('no engine'); }, createRowSerde: fakeRowSerde as never });
    expect(r.verdict).to.deep.equal({ pass: false, failureClass: 'runner-error', reason: 'the runner failed: no engine' });
  });

  it('creates the input topics before the statements run', async () => {
    let seen: string[] = [];
    const spy: EngineFactory = async (runtime) => ({ ...fakeEngine(runtime), execute: async () => void (seen = (await runtime.listTopics()).map((t) => `${t.name}:${t.partitions}`)) });
    await runCase(testCase("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='declared', PARTITIONS=2, VALUE_FORMAT='JSON'); CREATE STREAM NAMED (A INT) WITH (PARTITIONS=3, VALUE_FORMAT='JSON');", '{"topic":"in","value":1},{"topic":"NAMED","value":1}', ''), { engineFactory: spy, createRowSerde: fakeRowSerde as never });
    expect(seen).to.deep.equal(['declared:2', 'NAMED:3', 'in:1']);
  });
});
