/** Log lines, passed in. The CLI prints them to stderr; libraries stay silent unless given one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Writes `[level] component: message` lines to stderr. */
export function stderrLogger(component: string, minLevel: 'info' | 'warn' = 'info'): Logger {
  const write = (level: string) => (message: string) => process.stderr.write(`[${level}] ${component}: ${message}\n`);
  return {
    info: minLevel === 'info' ? write('info') : () => {},
    warn: write('warn'),
    error: write('error'),
  };
}
