/**
 * Runs statements against the engine and prints what they give back: finished results at once,
 * push-query rows as they arrive until the query ends or is interrupted (Ctrl-C cancels the
 * query, not the session). Used by the interactive REPL and by `--execute` / `--file`.
 */
import type { StatementResult } from '../engine/results.js';
import { formatResult, isPrintResult, StreamFormatter, type OutputStyle, type StreamEnd } from './result-format.js';

/** What the REPL needs of the SQL engine (SqlEngine has these; tests use a fake). */
export interface ReplEngine {
  execute(text: string): Promise<StatementResult[]>;
  sourceNames(): string[];
  columnNames(): string[];
}

/** Where output goes: results to `out`, errors to `err`; both wait for the stream to take the text. */
export interface ReplOutput {
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
}

/** Subscribes to the user's interrupts (Ctrl-C); returns the unsubscribe function. */
export type InterruptSource = (onInterrupt: () => void) => () => void;

export class ReplSession {
  constructor(
    private readonly engine: ReplEngine,
    private readonly output: ReplOutput,
    private readonly style: OutputStyle,
    private readonly interrupts: InterruptSource,
  ) {}

  /**
   * Runs one statement and prints its results. A failure is returned, not printed or thrown: the
   * REPL prints it and goes on, a script stops with it.
   */
  async run(statement: string): Promise<Error | null> {
    try {
      for (const result of await this.engine.execute(statement)) {
        if (result.kind === 'stream') await this.printStream(result);
        else await this.output.out(formatResult(result, this.style));
      }
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Prints rows until the query ends by itself or the user interrupts it (which cancels it). */
  private async printStream(result: Extract<StatementResult, { kind: 'stream' }>): Promise<void> {
    const format = new StreamFormatter(result.columns, this.style, isPrintResult(result));
    await this.output.out(format.header());
    const rows = result.rows[Symbol.asyncIterator]();
    let interrupted!: () => void;
    const interrupt = new Promise<'interrupted'>((resolve) => (interrupted = () => resolve('interrupted')));
    const unsubscribe = this.interrupts(() => interrupted());
    let end: StreamEnd = 'done';
    try {
      for (;;) {
        const next = await Promise.race([rows.next(), interrupt]);
        if (next === 'interrupted') {
          end = 'cancelled';
          await result.cancel();
          await rows.return?.();
          break;
        }
        if (next.done) break;
        await this.output.out(format.row(next.value));
      }
    } catch (error) {
      await result.cancel().catch(() => {});
      throw error;
    } finally {
      unsubscribe();
    }
    if (end === 'done' && /\bLIMIT\s+\d+\s*;?\s*$/i.test(result.statementText)) end = 'limit';
    await this.output.out(format.end(end));
  }
}

/**
 * The text printed for a failed statement: the engine's message, which for syntax errors
 * already names line:column (`line 1:8: Syntax Error ...`).
 */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.endsWith('\n') ? message : `${message}\n`;
}
