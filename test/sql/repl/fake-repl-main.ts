/**
 * The REPL loop on a fake engine, as a program for the terminal tests: a push query
 * (`... EMIT CHANGES;`) yields a row every 100 ms until cancelled; anything else is a message.
 * Run with `node --import tsx test/sql/repl/fake-repl-main.ts <history-file>`.
 */
import { runRepl } from '../../../sql/repl/repl.js';
import { FakeEngine } from './fake-engine.js';
import type { StatementResult } from '../../../sql/engine/results.js';
import { INTEGER } from '../../../sql/types/types.js';

function ticking(statementText: string): StatementResult {
  let cancelled = false;
  async function* rows(): AsyncGenerator<readonly unknown[]> {
    for (let i = 1; !cancelled; i++) {
      yield [i];
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { kind: 'stream', statementText, columns: [{ name: 'N', type: INTEGER }], rows: rows(), cancel: async () => void (cancelled = true) };
}

const engine = new FakeEngine((s) => (/EMIT CHANGES;$/i.test(s) ? [ticking(s)] : [{ kind: 'message', statementText: s, message: `ran: ${s.replace(/\s+/g, ' ')}` }]));
await runRepl({
  engine,
  input: process.stdin,
  terminalOutput: process.stdout,
  output: { out: async (t) => void process.stdout.write(t), err: async (t) => void process.stderr.write(t) },
  style: 'table',
  banner: 'fake repl\n',
  historyFile: process.argv[2] ?? null,
  signal: new AbortController().signal,
});
process.exit(0);
