/**
 * A one-pass reader of flat JSON objects straight from UTF-8 bytes, for wrapped rows of primitive
 * columns: no text decoding of the whole value, no object built, only the columns' values.
 *
 * It accepts a strict, common subset and answers BAIL for everything else — nested objects or
 * arrays, a repeated or escaped field name, a non-ASCII name that is not an exact match, a value
 * needing one of ksqlDB's coercions, anything malformed — so the caller's exact reader decides
 * those (and reports errors) and the results never differ from it. Field matching is the exact
 * reader's: exact name first, else the field whose upper-cased name equals the column name.
 */

import { isUtf8 } from 'node:buffer';

/** The answer for input outside the subset: read it the exact way. */
export const BAIL = Symbol('bail');

/** The column kinds the scanner reads. */
export type ScanKind = 'BOOLEAN' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'STRING' | 'DATE' | 'TIME' | 'TIMESTAMP';
export const SCAN_KINDS: ReadonlySet<string> = new Set<ScanKind>(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'DATE', 'TIME', 'TIMESTAMP']);

export interface ScanColumn {
  readonly name: string;
  readonly kind: ScanKind;
  /** Checked as usual but left NULL (no query part reads it). */
  readonly unread?: boolean;
}

// What a field's value is; its bytes are [start, end) (a string's without the quotes).
const V_NULL = 1, V_TRUE = 2, V_FALSE = 3, V_NUMBER = 4, V_STRING = 5, V_ESCAPED = 6;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A reader of rows with `columns`, reusing its scratch arrays between calls (not re-entrant). */
export class JsonRowScanner {
  private readonly names: Buffer[];
  private readonly kinds: ScanKind[];
  private readonly unread: boolean[];
  // Per column: the matched field's value kind, bounds, and whether the match was exact.
  private readonly vkind: Int32Array;
  private readonly vstart: Int32Array;
  private readonly vend: Int32Array;
  private readonly exact: Uint8Array;
  private num = 0;

  constructor(columns: readonly ScanColumn[]) {
    this.names = columns.map((c) => Buffer.from(c.name, 'utf8'));
    this.kinds = columns.map((c) => c.kind);
    this.unread = columns.map((c) => c.unread === true);
    const n = columns.length;
    this.vkind = new Int32Array(n);
    this.vstart = new Int32Array(n);
    this.vend = new Int32Array(n);
    this.exact = new Uint8Array(n);
  }

  /** The row's values in column order, or BAIL (also for bytes that are not UTF-8). */
  read(b: Buffer): unknown[] | typeof BAIL {
    const n = this.names.length;
    const vkind = this.vkind;
    for (let f = 0; f < n; f++) vkind[f] = 0; // (a loop: TypedArray#fill costs more for a few columns)
    const len = b.length;
    // Bytes >= 0x80 can only be inside strings (anywhere else the scan bails): UTF-8 is checked
    // once at the end, only when a string had any.
    let high = false;
    let i = skipWs(b, 0, len);
    if (b[i] !== 123) return BAIL;
    i = skipWs(b, i + 1, len);
    if (b[i] === 125) {
      i++;
    } else {
      for (;;) {
        if (b[i] !== 34) return BAIL;
        const keyStart = i + 1;
        let j = keyStart;
        let ascii = true;
        for (;;) {
          if (j >= len) return BAIL;
          const c = b[j]!;
          if (c === 34) break;
          if (c === 92 || c < 32) return BAIL;
          if (c >= 0x80) ascii = false, high = true;
          j++;
        }
        const keyEnd = j;
        i = skipWs(b, j + 1, len);
        if (b[i] !== 58) return BAIL;
        i = skipWs(b, i + 1, len);
        // The value.
        const c = b[i];
        let kind: number;
        let start = i;
        let end: number;
        if (c === 34) {
          start = i + 1;
          kind = V_STRING;
          j = start;
          for (;;) {
            if (j >= len) return BAIL;
            const d = b[j]!;
            if (d === 34) break;
            if (d < 32) return BAIL;
            if (d >= 0x80) high = true;
            if (d === 92) {
              const e = b[j + 1];
              if (e === 117) {
                for (let h = j + 2; h < j + 6; h++) if (!isHex(b[h])) return BAIL;
                j += 6;
              } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
                j += 2;
              } else {
                return BAIL;
              }
              kind = V_ESCAPED;
              continue;
            }
            j++;
          }
          end = j;
          i = j + 1;
        } else if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) {
          end = scanNumber(b, i, len);
          if (end < 0) return BAIL;
          kind = V_NUMBER;
          i = end;
        } else if (c === 116 && b[i + 1] === 114 && b[i + 2] === 117 && b[i + 3] === 101) {
          kind = V_TRUE;
          i = end = i + 4;
        } else if (c === 102 && b[i + 1] === 97 && b[i + 2] === 108 && b[i + 3] === 115 && b[i + 4] === 101) {
          kind = V_FALSE;
          i = end = i + 5;
        } else if (c === 110 && b[i + 1] === 117 && b[i + 2] === 108 && b[i + 3] === 108) {
          kind = V_NULL;
          i = end = i + 4;
        } else {
          return BAIL; // an object, an array or malformed
        }
        // Which columns the field fills: an exact name wins; else the one field whose upper-cased
        // name is the column's (several such fields would need the exact reader's order rules).
        for (let f = 0; f < n; f++) {
          const name = this.names[f]!;
          if (bytesEqual(b, keyStart, keyEnd, name)) {
            if (this.vkind[f] !== 0 && this.exact[f] === 1) return BAIL; // a repeated name
            this.set(f, kind, start, end, 1);
          } else if (!ascii) {
            // toUpperCase of non-ASCII text is not byte-wise ('ı' becomes 'I').
            if (this.vkind[f] === 0 || this.exact[f] === 0) return BAIL;
          } else if (upperEqual(b, keyStart, keyEnd, name)) {
            if (this.vkind[f] === 0) this.set(f, kind, start, end, 0);
            else if (this.exact[f] === 0) return BAIL;
          }
        }
        i = skipWs(b, i, len);
        const sep = b[i];
        if (sep === 125) {
          i++;
          break;
        }
        if (sep !== 44) return BAIL;
        i = skipWs(b, i + 1, len);
      }
    }
    if (skipWs(b, i, len) !== len) return BAIL;
    if (high && !isUtf8(b)) return BAIL;
    const out = new Array<unknown>(n);
    for (let f = 0; f < n; f++) {
      const v = this.value(b, f);
      if (v === BAIL) return BAIL;
      out[f] = this.unread[f] ? null : v;
    }
    return out;
  }

  private set(f: number, kind: number, start: number, end: number, exact: number): void {
    this.vkind[f] = kind;
    this.vstart[f] = start;
    this.vend[f] = end;
    this.exact[f] = exact;
  }

  /** Column `f`'s value, converted as the exact reader would, or BAIL when a coercion is needed. */
  private value(b: Buffer, f: number): unknown {
    const kind = this.vkind[f]!;
    if (kind === 0 || kind === V_NULL) return null;
    const start = this.vstart[f]!;
    const end = this.vend[f]!;
    switch (this.kinds[f]!) {
      case 'BOOLEAN':
        if (kind === V_TRUE) return true;
        if (kind === V_FALSE) return false;
        return BAIL;
      case 'STRING':
        if (kind === V_STRING || kind === V_ESCAPED) {
          if (this.unread[f]) return null;
        }
        if (kind === V_STRING) return b.toString('utf8', start, end);
        if (kind === V_ESCAPED) return JSON.parse(b.toString('utf8', start - 1, end + 1)) as string;
        return BAIL;
      case 'INTEGER':
      case 'DATE':
      case 'TIME': {
        if (kind !== V_NUMBER) return BAIL;
        const v = this.number(b, start, end);
        if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return BAIL;
        // The exact reader keeps the sign of `-0` but not of `-0.0` or `-0e1` (read through a bigint).
        return v === 0 && !integralText(b, start, end) ? 0 : v;
      }
      case 'BIGINT': {
        if (kind !== V_NUMBER) return BAIL;
        const v = this.number(b, start, end);
        return Number.isSafeInteger(v) ? BigInt(v) : BAIL;
      }
      case 'TIMESTAMP': {
        if (kind !== V_NUMBER) return BAIL;
        const v = this.number(b, start, end);
        return Number.isSafeInteger(v) ? v + 0 : BAIL; // + 0: read through a bigint, no -0
      }
      case 'DOUBLE':
        return kind === V_NUMBER ? this.number(b, start, end) : BAIL;
    }
  }

  /**
   * The double nearest to the number's text, as `JSON.parse` gives. Up to 15 digits without an
   * exponent it is the digits as an integer (exact below 2^53) divided by an exact power of ten:
   * one correctly rounded operation, so the same double.
   */
  private number(b: Buffer, start: number, end: number): number {
    let i = start;
    const negative = b[i] === 45;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < end; i++) {
      const c = b[i]!;
      if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
      } else if (c === 46) {
        fraction = 0;
        continue;
      } else {
        digits = 99; // an exponent
        break;
      }
      if (fraction >= 0) fraction++;
    }
    if (digits > 15) return Number(b.toString('latin1', start, end));
    const v = fraction > 0 ? m / POW10[fraction]! : m;
    return negative ? -v : v;
  }
}

function skipWs(b: Buffer, i: number, len: number): number {
  while (i < len) {
    const c = b[i]!;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** The number's text has no fraction and no exponent. */
function integralText(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
}

/** The end of the JSON number at `i` (RFC 8259's grammar), or -1 when there is none. */
function scanNumber(b: Buffer, i: number, len: number): number {
  if (b[i] === 45) i++;
  if (i >= len) return -1;
  let c = b[i]!;
  if (c === 48) {
    i++;
  } else if (c >= 49 && c <= 57) {
    i++;
    while (i < len && (c = b[i]!) >= 48 && c <= 57) i++;
  } else {
    return -1;
  }
  if (b[i] === 46) {
    i++;
    const from = i;
    while (i < len && (c = b[i]!) >= 48 && c <= 57) i++;
    if (i === from) return -1;
  }
  c = b[i]!;
  if (c === 101 || c === 69) {
    i++;
    if (b[i] === 43 || b[i] === 45) i++;
    const from = i;
    while (i < len && (c = b[i]!) >= 48 && c <= 57) i++;
    if (i === from) return -1;
  }
  // `01` leaves a digit behind: malformed (the caller's separator check catches the rest).
  c = b[i]!;
  if (c >= 48 && c <= 57) return -1;
  return i;
}

function bytesEqual(b: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[start + k] !== name[k]) return false;
  return true;
}

/** The ASCII upper-cased bytes equal `name`. */
function upperEqual(b: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) {
    let c = b[start + k]!;
    if (c >= 97 && c <= 122) c -= 32;
    if (c !== name[k]) return false;
  }
  return true;
}
