/**
 * Drives a command in a real pseudo-terminal through tmux, as a person at a keyboard would:
 * start it in a detached session, type text and keys (send-keys), read the screen (capture-pane).
 * Each driver uses its own tmux server socket, so tests never touch a user's tmux sessions.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** True when the tmux binary runs. */
export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

let sessions = 0;

export class TmuxDriver {
  private readonly socket = `fjord-test-${process.pid}-${++sessions}`;
  private readonly target = 'repl';

  /** Starts `command` (a shell command line) in a `columns` x `rows` terminal, in `cwd`. */
  constructor(command: string, options: { cwd: string; columns?: number; rows?: number }) {
    // After the command ends its exit code stays on screen, and the pane stays open to be read.
    const wrapped = `${command}; echo "[exited $?]"; sleep 600`;
    this.tmux('new-session', '-d', '-s', this.target, '-x', String(options.columns ?? 150), '-y', String(options.rows ?? 50), '-c', options.cwd, wrapped);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types `text` literally (a trailing ';' would otherwise end tmux's own command). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.target, '-l', text.endsWith(';') ? `${text.slice(0, -1)}\\;` : text);
  }

  /** Presses keys by tmux name: Enter, Tab, Up, C-c, C-d. */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.target, ...keys);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.type(text);
    this.press('Enter');
  }

  /** The screen and its scrollback; tmux drops trailing spaces, so a prompt `x> ` reads `x>`. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', this.target, '-S', '-500').replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  }

  /** Waits until the screen matches; fails showing the screen. */
  async waitFor(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ends the session and its tmux server (and with them the command, if still running). */
  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
}
