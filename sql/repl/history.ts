/**
 * The REPL's history across sessions: one typed line per file line, appended as it is entered,
 * read back (newest last in the file, newest first for readline) when the REPL starts.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Lines kept: older ones are dropped when the file is read. */
export const historyLinesMax = 1000;

/** The last `historyLinesMax` lines of the history file, newest first; none when it does not exist. */
export function loadHistory(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const kept = lines.slice(-historyLinesMax);
  // Rewrite a file that grew well past the bound, so it never grows without limit.
  if (lines.length > 2 * historyLinesMax) fs.writeFileSync(file, kept.map((l) => `${l}\n`).join(''));
  return kept.reverse();
}

/** Appends one entered line (blank lines are not history). */
export function appendHistory(file: string, line: string): void {
  if (line.trim() === '' || line.includes('\n')) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${line}\n`);
}
