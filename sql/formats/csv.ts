/**
 * One CSV record in and out, as Apache commons-csv's `CSVFormat.DEFAULT.withDelimiter(d)` (which
 * ksqlDB's DELIMITED format uses) reads and prints it:
 * - Printing (QuoteMode.MINIMAL, as in the commons-csv version ksqlDB ships): a field is quoted when
 *   it is first in the record and empty or not starting with an ASCII letter or digit (`"-1",a`),
 *   starts with a character at or below `#` (space, `!`, `"`, `#`, controls), contains the
 *   delimiter, a quote, CR or LF, or ends with a character at or below space. Quotes inside are doubled. A null
 *   field is written as nothing, unquoted.
 * - Parsing: fields split at the delimiter; a field starting with `"` runs to the matching quote
 *   (`""` is a quote) and must be followed (after optional blanks) by the delimiter or the end of the record; a quote inside
 *   an unquoted field is an ordinary character; the record ends at CR or LF; empty lines before it
 *   are skipped. Only the first record is read.
 */

/** Thrown for text commons-csv would refuse (a stray character after a closing quote, EOF in quotes). */
export class CsvParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvParseError';
  }
}

const QUOTE = '"';

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function needsQuotes(value: string, delimiter: string, first: boolean): boolean {
  if (value.length === 0) return first;
  const c0 = value.charCodeAt(0);
  // The first field of a record is quoted unless it starts with an ASCII letter or digit (so
  // ksqlDB writes the key `-1,a` as `"-1",a`, as its qtt outputs show).
  if (first && !isAsciiAlphanumeric(c0)) return true;
  if (c0 <= 0x23) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === delimiter || c === QUOTE || c === '\n' || c === '\r') return true;
  }
  return value.charCodeAt(value.length - 1) <= 0x20;
}

/** One record's text (no line terminator); `null` fields are written empty and unquoted. */
export function printCsvRecord(fields: readonly (string | null)[], delimiter: string): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += delimiter;
    const f = fields[i];
    if (f === null || f === undefined) continue;
    out += needsQuotes(f, delimiter, i === 0) ? QUOTE + f.replace(/"/g, '""') + QUOTE : f;
  }
  return out;
}

/** The fields of the first record in `text`, or null when there is none (empty or blank lines only). */
export function parseCsvRecord(text: string, delimiter: string): string[] | null {
  let pos = 0;
  // ignoreEmptyLines: skip line breaks before the first record.
  while (pos < text.length && (text[pos] === '\n' || text[pos] === '\r')) pos++;
  if (pos >= text.length) return null;
  const fields: string[] = [];
  for (;;) {
    let field: string;
    if (text[pos] === QUOTE) {
      [field, pos] = quotedField(text, pos + 1, delimiter);
    } else {
      let end = pos;
      while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
      field = text.slice(pos, end);
      pos = end;
    }
    fields.push(field);
    if (pos < text.length && text[pos] === delimiter) {
      pos++;
      continue;
    }
    return fields;
  }
}

/** Reads a quoted field's content from just after its opening quote; returns it and the next index. */
function quotedField(text: string, start: number, delimiter: string): [string, number] {
  let out = '';
  let pos = start;
  for (;;) {
    const close = text.indexOf(QUOTE, pos);
    if (close < 0) throw new CsvParseError('EOF reached before encapsulated token finished');
    out += text.slice(pos, close);
    if (text[close + 1] === QUOTE) {
      out += QUOTE;
      pos = close + 2;
      continue;
    }
    let next = close + 1;
    // commons-csv allows whitespace between the closing quote and the delimiter.
    while (next < text.length && (text[next] === ' ' || text[next] === '\t') && text[next] !== delimiter) next++;
    if (next < text.length && text[next] !== delimiter && text[next] !== '\n' && text[next] !== '\r') {
      throw new CsvParseError(`invalid char between encapsulated token and delimiter at position ${next}`);
    }
    return [out, next];
  }
}
