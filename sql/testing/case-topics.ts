/**
 * Which topics exist before a case's statements run. ksqlDB's test runner creates them up front:
 * the topics the case declares (meta.json `topics`), the topics its `CREATE STREAM|TABLE` (not
 * `AS SELECT`) statements name in `KAFKA_TOPIC` (with their `PARTITIONS`, else 1; without
 * `KAFKA_TOPIC` but with `PARTITIONS`, the source's name), and the topics
 * of its input records. Output topics are left to the queries that write them. Pure.
 */
import { parseStatements } from '../index.js';
import type { Literal } from '../ast/expressions.js';
import type { TestCase } from './case.js';

export interface TopicToCreate {
  readonly name: string;
  readonly partitions: number;
}

function literalText(v: Literal): string | undefined {
  switch (v.kind) {
    case 'StringLiteral': return v.value;
    case 'IntegerLiteral': return String(v.value);
    case 'BigIntLiteral': return v.value.toString();
    default: return undefined;
  }
}

/** Topics named by the source-declaring statements that parse (the others fail later, in the engine). */
export function statementTopics(statements: string): TopicToCreate[] {
  const out: TopicToCreate[] = [];
  for (const s of parseStatements(statements).statements) {
    if (s.kind !== 'CreateSource') continue;
    const prop = (name: string): string | undefined => {
      const p = s.properties.find((x) => x.name === name);
      return p === undefined ? undefined : literalText(p.value);
    };
    // Without KAFKA_TOPIC, a statement that gives PARTITIONS creates a topic named after the source.
    const topic = prop('KAFKA_TOPIC') ?? (prop('PARTITIONS') === undefined ? undefined : s.name);
    if (topic === undefined) continue;
    const partitions = Number(prop('PARTITIONS') ?? '1');
    out.push({ name: topic, partitions: Number.isSafeInteger(partitions) && partitions > 0 ? partitions : 1 });
  }
  return out;
}

/** Every topic to create before running `c`, first declaration winning, in declaration order. */
export function topicsToCreate(c: TestCase): TopicToCreate[] {
  const byName = new Map<string, TopicToCreate>();
  const add = (t: TopicToCreate): void => {
    if (!byName.has(t.name)) byName.set(t.name, t);
  };
  for (const t of c.topics) add({ name: t.name, partitions: t.partitions ?? 1 });
  for (const t of statementTopics(c.statements)) add(t);
  for (const r of c.inputs) add({ name: r.topic, partitions: 1 });
  return [...byName.values()];
}
