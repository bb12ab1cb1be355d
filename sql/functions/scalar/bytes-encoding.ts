/** Charset and text encodings of ksqlDB's bytes functions (hex, utf8, ascii, base64), as Java does them. */
import { SqlError } from '../../errors.js';

/** Java's `new String(bytes, US_ASCII)`: bytes above 0x7f become U+FFFD. */
export function asciiDecode(b: Buffer): string {
  let s = '';
  for (const byte of b) s += byte < 0x80 ? String.fromCharCode(byte) : '\uFFFD';
  return s;
}

/** Java's `str.getBytes(US_ASCII)`: each UTF-16 unit outside ASCII becomes '?' (surrogate pairs become one '?'). */
export function asciiEncode(s: string): Buffer {
  const out: number[] = [];
  for (const ch of s) out.push(ch.length === 1 && ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : 0x3f);
  return Buffer.from(out);
}

function hexDecode(s: string): Buffer {
  const t = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (t.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(t)) throw new SqlError(`Invalid hex string: ${s}`);
  return Buffer.from(t, 'hex');
}

function base64Decode(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new SqlError(`Invalid base64 string: ${s}`);
  return Buffer.from(s, 'base64');
}

const ENCODINGS = ['hex', 'utf8', 'ascii', 'base64'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Accepts ksqlDB's encoding names in any case. */
export function encodingOf(name: string, fn: string): Encoding {
  const e = name.toLowerCase();
  if ((ENCODINGS as readonly string[]).includes(e)) return e as Encoding;
  throw new SqlError(`Supported encoding types are: hex, utf8, ascii and base64 (${fn} got '${name}')`);
}

/** TO_BYTES: text in `enc` → bytes. */
export function textToBytes(s: string, enc: Encoding): Buffer {
  switch (enc) {
    case 'hex': return hexDecode(s);
    case 'utf8': return Buffer.from(s, 'utf8');
    case 'ascii': return asciiEncode(s);
    case 'base64': return base64Decode(s);
  }
}

/** FROM_BYTES: bytes → text in `enc` (hex upper-case, as ksqlDB's FROM_BYTES). */
export function bytesToText(b: Buffer, enc: Encoding, hexUpper = true): string {
  switch (enc) {
    case 'hex': return hexUpper ? b.toString('hex').toUpperCase() : b.toString('hex');
    case 'utf8': return b.toString('utf8');
    case 'ascii': return asciiDecode(b);
    case 'base64': return b.toString('base64');
  }
}
