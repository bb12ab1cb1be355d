/**
 * UTF-8 output without the cost of `Buffer.from(string)` for short text: `TextBytes` builds one
 * record's bytes piece by piece in a reused buffer (ASCII byte by byte, other text through
 * `Buffer#write`) and copies them out; `utf8Bytes` encodes one string. The bytes are always
 * exactly `Buffer.from(text, 'utf8')` of the same text.
 */

/** Text up to this length is tried as ASCII byte by byte (longer text goes to `Buffer#write` at once). */
const SHORT = 64;

export class TextBytes {
  protected buf: Buffer;
  protected pos = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Starts a new record. */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `extra` more bytes (subclasses write binary fields after it). */
  protected ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Appends bytes prepared earlier (e.g. a field name). */
  bytes(b: Buffer): void {
    const n = b.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    if (n > SHORT) b.copy(buf, p);
    else for (let i = 0; i < n; i++) buf[p + i] = b[i]!;
    p += n;
    this.pos = p;
  }

  /** Appends `s` as UTF-8; returns how many bytes that took. */
  text(s: string): number {
    const n = s.length;
    this.ensure(n * 3);
    const buf = this.buf;
    const start = this.pos;
    if (n <= SHORT) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + i] = c;
      }
      if (i === n) {
        this.pos = start + n;
        return n;
      }
    }
    const written = buf.write(s, start, 'utf8');
    this.pos = start + written;
    return written;
  }

  /** Appends `JSON.stringify(s)`: printable ASCII without quotes or backslashes is written as is. */
  jsonString(s: string): void {
    const n = s.length;
    if (n > SHORT) {
      this.text(JSON.stringify(s));
      return;
    }
    this.ensure(n + 2);
    const buf = this.buf;
    const start = this.pos;
    buf[start] = 34;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 34 || c === 92) {
        this.text(JSON.stringify(s));
        return;
      }
      buf[start + 1 + i] = c;
    }
    buf[start + 1 + n] = 34;
    this.pos = start + n + 2;
  }

  /** A copy of the record's bytes. */
  toBuffer(): Buffer {
    const n = this.pos;
    const out = Buffer.allocUnsafe(n);
    if (n <= SHORT) for (let i = 0; i < n; i++) out[i] = this.buf[i]!;
    else this.buf.copy(out, 0, 0, n);
    return out;
  }
}

/** `Buffer.from(s, 'utf8')`, short ASCII text without the general encoder. */
export function utf8Bytes(s: string): Buffer {
  const n = s.length;
  if (n <= SHORT) {
    const out = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      out[i] = c;
    }
    if (i === n) return out;
  }
  return Buffer.from(s, 'utf8');
}
