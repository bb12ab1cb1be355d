/**
 * The interactive loop of `fjord sql`: reads lines (readline, with history and tab completion on
 * a terminal), gathers them into statements ended by `;`, runs each through a ReplSession and
 * shows the prompt again. Ctrl-C at the prompt drops what was typed; Ctrl-C while a push query
 * streams cancels that query; Ctrl-D on an empty line, `exit` or `quit` leaves.
 */
import { completeText } from './completer.js';
import { appendHistory, historyLinesMax, loadHistory } from './history.js';
import type { OutputStyle } from './result-format.js';
import { errorText, ReplSession, type ReplEngine, type ReplOutput } from './session.js';
import { replWord, StatementBuffer } from './statement-buffer.js';
import { HELP_TEXT } from './texts.js';
import { LineEditor } from './line-editor.js';

export const PROMPT = 'fjord> ';
export const CONTINUATION_PROMPT = '     > ';

export interface ReplOptions {
  readonly engine: ReplEngine;
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where readline echoes and draws the prompt (the terminal). */
  readonly terminalOutput: NodeJS.WritableStream;
  readonly output: ReplOutput;
  readonly style: OutputStyle;
  /** Printed first on a terminal ('' when the caller printed it already). */
  readonly banner: string;
  /** Lines typed are kept here across sessions (terminal only); null keeps no history. */
  readonly historyFile: string | null;
  /** Aborted by SIGINT/SIGTERM sent to the process: cancels a running query and leaves. */
  readonly signal: AbortSignal;
}

/** Lines typed while a statement runs wait here, in order; bounded like any queue. */
const queuedLinesMax = 10_000;

export async function runRepl(options: ReplOptions): Promise<void> {
  if (options.signal.aborted) return; // Ctrl-C while the engine was starting
  const buffer = new StatementBuffer();
  const lines = new LineQueue();
  const interruptListeners = new Set<() => void>();
  /** A statement is running (not a push query): Ctrl-C has nothing to cancel then. */
  let busy = false;
  const terminal = options.input.isTTY === true;
  const editor: LineEditor = new LineEditor({
    input: options.input,
    output: options.terminalOutput,
    history: terminal && options.historyFile !== null ? loadHistory(options.historyFile) : [],
    historySize: historyLinesMax,
    completer: (line) => completeText(buffer.empty ? line : `${buffer.text}\n${line}`, { sources: options.engine.sourceNames(), columns: options.engine.columnNames() }),
    onLine: (line) => lines.push(line),
    onEnd: () => lines.end(),
    onInterrupt: () => {
      if (interruptListeners.size > 0) {
        for (const listener of [...interruptListeners]) listener();
        return;
      }
      if (busy) return;
      // At the prompt: forget the statement being typed, as a shell forgets the line.
      buffer.clear();
      editor.dropLine();
      showPrompt();
    },
  });
  const session = new ReplSession(options.engine, options.output, options.style, (listener) => {
    interruptListeners.add(listener);
    editor.stepAside();
    return () => {
      interruptListeners.delete(listener);
      editor.comeBack();
    };
  });
  const onAbort = (): void => {
    for (const listener of [...interruptListeners]) listener();
    editor.close();
    lines.end();
  };
  options.signal.addEventListener('abort', onAbort);
  const showPrompt = (): void => editor.prompt(buffer.empty ? PROMPT : CONTINUATION_PROMPT);

  try {
    if (terminal && options.banner !== '') await options.output.out(options.banner);
    showPrompt();
    for (let line = await lines.next(); line !== null; line = await lines.next()) {
      if (lines.dropped > 0) {
        await options.output.err(`more than ${queuedLinesMax} lines arrived while statements ran; dropped the last ${lines.dropped}\n`);
        lines.dropped = 0;
      }
      if (terminal && options.historyFile !== null) appendHistory(options.historyFile, line);
      if (buffer.empty && replWord(line) === 'exit') break;
      busy = true;
      if (buffer.empty && replWord(line) === 'help') await options.output.out(HELP_TEXT);
      else await runLine(line, buffer, session, options.output);
      busy = false;
      if (options.signal.aborted) break;
      showPrompt();
    }
    // Input ended (Ctrl-D, or the end of piped text) in the middle of a statement: run it, so
    // the user sees what is wrong with it rather than losing it silently.
    if (!buffer.empty && !options.signal.aborted) await report(await session.run(buffer.text), options.output);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    editor.close();
  }
}

async function runLine(line: string, buffer: StatementBuffer, session: ReplSession, output: ReplOutput): Promise<void> {
  let statements: string[];
  try {
    statements = buffer.push(line);
  } catch (error) {
    await output.err(errorText(error));
    return;
  }
  for (const statement of statements) await report(await session.run(statement), output);
}

async function report(error: Error | null, output: ReplOutput): Promise<void> {
  if (error !== null) await output.err(errorText(error));
}

/** Lines from readline, handed out one at a time; null once input has ended. */
class LineQueue {
  private readonly lines: string[] = [];
  private ended = false;
  private waiter: (() => void) | null = null;

  /** Lines dropped because the queue was full (a paste far beyond any script), not yet reported. */
  dropped = 0;

  push(line: string): void {
    if (this.lines.length >= queuedLinesMax) {
      this.dropped++;
      return;
    }
    this.lines.push(line);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  async next(): Promise<string | null> {
    while (this.lines.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.waiter = resolve));
    return this.lines.shift() ?? null;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}
