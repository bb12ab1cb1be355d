/**
 * Statement results as text, in one of three styles:
 * - `table`: ksqlDB's CLI — ` a | b ` tables between dashed rules for messages and SHOW/DESCRIBE,
 *   `|a |b |` rows between `+---+` borders for query rows;
 * - `plain`: aligned columns separated by two spaces, no rules (for pipes and files);
 * - `json`: one JSON object per line (per row, or per message).
 * Pure: no I/O. Push-query rows arrive one at a time, so `StreamFormatter` sizes their columns
 * from the column names and types rather than from content it has not seen yet.
 */
import type { ResultColumn, StatementResult } from '../engine/results.js';
import type { Type } from '../types/types.js';
import { cellText, jsonObjectText, rowJsonText } from './value-text.js';

export type OutputStyle = 'table' | 'plain' | 'json';

/** Every result kind but 'stream', which arrives over time (see StreamFormatter). */
export type FinishedResult = Exclude<StatementResult, { kind: 'stream' }>;

/** The text printed for a finished result, ending with a line break ('' when there is nothing to show). */
export function formatResult(result: FinishedResult, style: OutputStyle): string {
  switch (result.kind) {
    case 'message':
      if (style === 'json') return line(result.queryId === undefined ? jsonObjectText(['message'], [result.message]) : jsonObjectText(['message', 'queryId'], [result.message, result.queryId]));
      return style === 'plain' ? line(result.message) : ruledTable(['Message'], [[result.message]]);
    case 'table': {
      const rows = result.rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));
      if (style === 'json') return result.rows.map((r) => line(jsonObjectText(result.header, r))).join('');
      const table = style === 'plain' ? alignedColumns(result.header, rows) : ruledTable(result.header, rows);
      return (result.title === undefined ? '' : line(result.title)) + table + (result.footer === undefined ? '' : line(result.footer));
    }
    case 'rows': {
      const names = result.columns.map((c) => c.name);
      if (style === 'json') return result.rows.map((r) => line(rowJsonText(result.columns, r))).join('');
      const rows = result.rows.map((r) => result.columns.map((c, i) => cellText(r[i], c.type)));
      if (style === 'plain') return alignedColumns(names, rows);
      const widths = names.map((n, i) => Math.max(n.length, ...rows.map((r) => r[i].length)));
      return borderedHeader(names, widths) + rows.map((r) => borderedRow(r, widths)).join('') + border(widths);
    }
    case 'none':
      if (result.note === undefined) return '';
      return style === 'json' ? line(jsonObjectText(['note'], [result.note])) : line(result.note);
  }
}

/** How a push query or PRINT ended. */
export type StreamEnd = 'limit' | 'cancelled' | 'done';

/** The columns the engine gives PRINT's records (see sql/engine/show.ts). */
const PRINT_COLUMNS = ['rowtime', 'key', 'value', 'partition'];

/** True for a PRINT's records, which print as ksqlDB prints them: one `rowtime: ..., key: ...` line each. */
export function isPrintResult(result: { statementText: string; columns: readonly ResultColumn[] }): boolean {
  return /^\s*PRINT\b/i.test(result.statementText) && result.columns.map((c) => c.name).join() === PRINT_COLUMNS.join();
}

/** Formats a push query's rows (or PRINT's records) as they arrive: a header first, one line per row, a closing line. */
export class StreamFormatter {
  private readonly names: string[];
  private readonly widths: number[];

  constructor(private readonly columns: readonly ResultColumn[], private readonly style: OutputStyle, private readonly print = false) {
    this.names = columns.map((c) => c.name);
    this.widths = columns.map((c) => Math.max(c.name.length, typicalWidth(c.type)));
  }

  header(): string {
    if (this.style === 'json' || this.print) return '';
    if (this.style === 'plain') return line(this.names.map((n, i) => n.padEnd(this.widths[i])).join('  ').trimEnd());
    return borderedHeader(this.names, this.widths);
  }

  /** One row; a value wider than its column is printed whole (never cut), pushing the rest right. */
  row(values: readonly unknown[]): string {
    if (this.style === 'json') return line(rowJsonText(this.columns, values));
    const cells = this.columns.map((c, i) => cellText(values[i], c.type));
    if (this.print) return line(`rowtime: ${ksqlRowtime(cells[0])}, key: ${cells[1]}, value: ${cells[2]}, partition: ${cells[3]}`);
    if (this.style === 'plain') return line(cells.map((c, i) => c.padEnd(this.widths[i])).join('  ').trimEnd());
    return borderedRow(cells, this.widths);
  }

  /** ksqlDB's closing lines: `Limit Reached` when the LIMIT ended it, then `Query terminated` (PRINT: `Topic printing ceased`). */
  end(how: StreamEnd): string {
    if (this.style === 'json') return '';
    const rule = this.style === 'table' && !this.print ? border(this.widths) : '';
    return rule + (how === 'limit' ? line('Limit Reached') : '') + line(this.print ? 'Topic printing ceased' : 'Query terminated');
  }
}

/** ksqlDB prints a record's time as `2021/03/04 12:00:00.000 Z`; an ISO-8601 UTC time is rewritten so. */
function ksqlRowtime(text: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}\.\d{3})Z$/.exec(text);
  return iso === null ? text : `${iso[1]}/${iso[2]}/${iso[3]} ${iso[4]} Z`;
}

/** A column width that fits most values of the type without knowing them. */
function typicalWidth(type: Type): number {
  switch (type.kind) {
    case 'BOOLEAN': return 5;
    case 'INTEGER': return 11;
    case 'BIGINT': return 20;
    case 'DOUBLE': return 20;
    case 'DECIMAL': return type.precision + 2;
    case 'DATE': return 10;
    case 'TIME': return 12;
    case 'TIMESTAMP': return 23;
    default: return 20;
  }
}

function line(text: string): string {
  return `${text}\n`;
}

/** ksqlDB's ` a | b ` table between dashed rules, columns sized to their content. */
function ruledTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]): string => ` ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} `;
  const rule = '-'.repeat(render(header).length);
  return [render(header), rule, ...rows.map(render), rule].map(line).join('');
}

/** Columns separated by two spaces, sized to their content; the last column is not padded. */
function alignedColumns(header: readonly string[], rows: readonly string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => line(widths.map((w, i) => (i === widths.length - 1 ? r[i] ?? '' : (r[i] ?? '').padEnd(w))).join('  ').trimEnd())).join('');
}

function border(widths: readonly number[]): string {
  return line(`+${widths.map((w) => '-'.repeat(w)).join('+')}+`);
}

function borderedRow(cells: readonly string[], widths: readonly number[]): string {
  return line(`|${cells.map((c, i) => c.padEnd(widths[i])).join('|')}|`);
}

function borderedHeader(names: readonly string[], widths: readonly number[]): string {
  return border(widths) + borderedRow(names, widths) + border(widths);
}
