/**
 * Terminal colours, only where they help and only on a terminal: a `Style` paints text with ANSI
 * codes when the stream is a TTY, and returns it unchanged on a pipe or a file, with `NO_COLOR`
 * set (no-color.org), or with `TERM=dumb`. `FORCE_COLOR` (non-empty, not 0) forces colours on.
 */

/** Paints text; every method returns it unchanged when colours are off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const paint = (open: number, close: number) => (text: string): string => `\x1b[${open}m${text}\x1b[${close}m`;

const COLOURED: Style = {
  enabled: true,
  bold: paint(1, 22),
  dim: paint(2, 22),
  green: paint(32, 39),
  yellow: paint(33, 39),
  red: paint(31, 39),
  cyan: paint(36, 39),
};

const same = (text: string): string => text;
const PLAIN: Style = { enabled: false, bold: same, dim: same, green: same, yellow: same, red: same, cyan: same };

/** The style for a stream, given the environment (process.env by default). */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): Style {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0') return COLOURED;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  if (env.TERM === 'dumb') return PLAIN;
  return stream.isTTY === true ? COLOURED : PLAIN;
}

/** Plain text, for tests and when colours are off. */
export const plainStyle: Style = PLAIN;
/** ANSI colours, whatever the stream. */
export const colourStyle: Style = COLOURED;

/** The length of text as shown: ANSI colour codes take no columns. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
