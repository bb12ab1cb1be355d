/**
 * The REPL's line editing: readline with history and completion on a terminal, plain line
 * reading on a pipe. While a push query streams, the editor steps aside: readline is closed, so
 * nothing typed is echoed into the rows, and the terminal stays in raw mode with only Ctrl-C
 * listened for; afterwards a new readline takes over the same history.
 */
import readline from 'node:readline';

export interface LineEditorOptions {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  readonly output: NodeJS.WritableStream;
  /** Newest first, as readline keeps it. */
  readonly history: string[];
  readonly historySize: number;
  readonly completer: (line: string) => [string[], string];
  /** Each line entered. */
  readonly onLine: (line: string) => void;
  /** Input ended (Ctrl-D on an empty line, or the end of piped text). */
  readonly onEnd: () => void;
  /** Ctrl-C on a terminal, at the prompt or while a query streams. */
  readonly onInterrupt: () => void;
}

const CTRL_C = 0x03;

export class LineEditor {
  readonly terminal: boolean;
  private rl: readline.Interface | null = null;
  private history: string[];
  private rawListener: ((data: Buffer | string) => void) | null = null;
  private closed = false;

  constructor(private readonly options: LineEditorOptions) {
    this.terminal = options.input.isTTY === true;
    this.history = options.history;
    this.open();
  }

  private open(): void {
    const rl = readline.createInterface({
      input: this.options.input,
      output: this.terminal ? this.options.output : undefined,
      terminal: this.terminal,
      history: this.history,
      historySize: this.options.historySize,
      removeHistoryDuplicates: true,
      completer: this.options.completer,
    });
    rl.on('line', this.options.onLine);
    rl.on('SIGINT', this.options.onInterrupt);
    rl.on('close', () => {
      if (this.rl !== rl) return; // closed by us (stepAside, close), not by the user
      if (this.terminal) this.options.output.write('\n'); // Ctrl-D: leave the prompt line
      this.end();
    });
    this.rl = rl;
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.rl = null;
    this.options.onEnd();
  }

  /** Shows `prompt` with an empty line (terminal only: a pipe gets no prompts). */
  prompt(prompt: string): void {
    if (!this.terminal || this.rl === null) return;
    this.rl.setPrompt(prompt);
    this.rl.prompt();
  }

  /** Ctrl-C at the prompt: `^C` after what was typed, then a fresh line. */
  dropLine(): void {
    const rl = this.rl;
    if (rl === null) return;
    rl.write(null, { ctrl: true, name: 'e' });
    this.options.output.write('^C');
    // Not in node's typings, but every readline since node 8 has it (its REPL calls it on Ctrl-C).
    const editor = rl as unknown as { clearLine?: () => void };
    if (typeof editor.clearLine !== 'function') throw new Error('assertion failed: readline.Interface has no clearLine()');
    editor.clearLine();
  }

  /** While a query streams: no echo, no editing; Ctrl-C still reaches onInterrupt. */
  stepAside(): void {
    if (!this.terminal || this.rl === null || this.rawListener !== null) return;
    const rl = this.rl;
    this.history = (rl as unknown as { history: string[] }).history ?? this.history;
    this.rl = null;
    rl.close();
    // Raw mode again at once, so Ctrl-C stays a key press (not a SIGINT for the whole process).
    this.options.input.setRawMode?.(true);
    this.rawListener = (data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      if (bytes.includes(CTRL_C)) this.options.onInterrupt();
    };
    this.options.input.on('data', this.rawListener);
    this.options.input.resume();
  }

  /** After the query: editing again, with the history kept. */
  comeBack(): void {
    if (this.rawListener === null || this.closed) return;
    this.options.input.off('data', this.rawListener);
    this.rawListener = null;
    this.open();
  }

  close(): void {
    if (this.rawListener !== null) {
      this.options.input.off('data', this.rawListener);
      this.rawListener = null;
      this.options.input.setRawMode?.(false);
      this.options.input.pause();
    }
    const rl = this.rl;
    this.closed = true;
    this.rl = null;
    rl?.close();
  }
}
