/** A stand-in for SqlEngine in REPL tests: answers statements from a table of canned results. */
import type { StatementResult } from '../../../sql/engine/results.js';
import type { ReplEngine } from '../../../sql/repl/session.js';

export class FakeEngine implements ReplEngine {
  readonly executed: string[] = [];

  constructor(private readonly answer: (statement: string) => StatementResult[] | Error, private readonly names = { sources: ['ORDERS', 'USERS'], columns: ['ID', 'NAME'] }) {}

  async execute(text: string): Promise<StatementResult[]> {
    this.executed.push(text);
    const answer = this.answer(text);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  sourceNames(): string[] {
    return this.names.sources;
  }

  columnNames(): string[] {
    return this.names.columns;
  }
}

/** A push query's rows: yields `rows`, then waits until cancelled (or ends after them when `endAfter`). */
export function streamResult(statementText: string, rows: unknown[][], options: { endAfter?: boolean } = {}): StatementResult & { cancelled: () => boolean } {
  let cancelled = false;
  let wake: () => void = () => {};
  async function* generate(): AsyncGenerator<readonly unknown[]> {
    for (const row of rows) yield row;
    if (options.endAfter) return;
    while (!cancelled) await new Promise<void>((resolve) => (wake = resolve));
  }
  return {
    kind: 'stream',
    statementText,
    columns: [{ name: 'ID', type: { kind: 'INTEGER' } }, { name: 'NAME', type: { kind: 'STRING' } }],
    rows: generate(),
    cancel: async () => {
      cancelled = true;
      wake();
    },
    cancelled: () => cancelled,
  };
}
