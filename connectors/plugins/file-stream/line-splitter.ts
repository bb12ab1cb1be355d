/**
 * Splits bytes read from a file into complete lines, as Kafka's FileStreamSourceTask does:
 * a line ends at `\n`, `\r\n` or a lone `\r`; a trailing `\r` waits for the next byte (it might
 * start a `\r\n`); bytes after the last line end stay buffered until more arrive.
 * Pure: no I/O. Positions are byte counts from the start of `bytes`.
 */

export interface SplitLine {
  /** The line's text (UTF-8), without its terminator. */
  text: string;
  /** Byte position just after the line's terminator: where reading resumes after this line. */
  end: number;
}

/** Up to `linesMax` complete lines from the start of `bytes`. */
export function splitLines(bytes: Buffer, linesMax: number): SplitLine[] {
  const lines: SplitLine[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length && lines.length < linesMax; i++) {
    const b = bytes[i];
    if (b === 0x0a) {
      lines.push({ text: bytes.toString('utf8', start, i), end: i + 1 });
      start = i + 1;
    } else if (b === 0x0d) {
      // A `\r` as the last byte read cannot be judged yet: stop and wait for more.
      if (i + 1 >= bytes.length) break;
      const end = bytes[i + 1] === 0x0a ? i + 2 : i + 1;
      lines.push({ text: bytes.toString('utf8', start, i), end });
      start = end;
      i = end - 1;
    }
  }
  return lines;
}
