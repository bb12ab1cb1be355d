/** Conversions: TO_BYTES, FROM_BYTES, ENCODE, INT/BIGINT/DOUBLE_FROM_BYTES, INT_FROM_BOOLEAN, UUID. */
import { randomBytes } from 'node:crypto';
import { SqlError } from '../../errors.js';
import type { FunctionFactory } from '../types.js';
import { scalar, sig } from './define.js';
import { encodingOf, textToBytes, bytesToText } from './bytes-encoding.js';

function byteOrder(order: string): 'BE' | 'LE' {
  const o = order.toUpperCase();
  if (o === 'BIG_ENDIAN') return 'BE';
  if (o === 'LITTLE_ENDIAN') return 'LE';
  throw new SqlError(`byteOrder must be BIG_ENDIAN or LITTLE_ENDIAN (got '${order}')`);
}

function checkSize(name: string, b: Buffer, size: number): void {
  if (b.length !== size) {
    throw new SqlError(`Number of bytes must be equal to ${size}, but found ${b.length}`);
  }
  void name;
}

const readers = {
  int: (b: Buffer, o: 'BE' | 'LE') => (checkSize('int_from_bytes', b, 4), o === 'BE' ? b.readInt32BE(0) : b.readInt32LE(0)),
  bigint: (b: Buffer, o: 'BE' | 'LE') => (checkSize('bigint_from_bytes', b, 8), o === 'BE' ? b.readBigInt64BE(0) : b.readBigInt64LE(0)),
  double: (b: Buffer, o: 'BE' | 'LE') => (checkSize('double_from_bytes', b, 8), o === 'BE' ? b.readDoubleBE(0) : b.readDoubleLE(0)),
};

/** Java's UUID.toString of 16 bytes. */
function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random (version 4) UUID from `random` (uniform in [0, 1)), or from crypto when none is given. */
function randomUuid(random?: () => number): string {
  const b = random === undefined ? randomBytes(16) : Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return formatUuid(b);
}

const ENCODE_ERROR = 'Supported input and output encodings are: hex, utf8, ascii and base64';

/** ENCODE: hex input may carry `0x` or `X'..'`; base64 input is decoded leniently (commons-codec). */
function encode(s: string, from: string, to: string): string {
  const f = from.toLowerCase();
  const t = to.toLowerCase();
  const known = ['hex', 'utf8', 'ascii', 'base64'];
  if (f === t || !known.includes(f) || !known.includes(t)) throw new SqlError(ENCODE_ERROR);
  let bytes: Buffer;
  if (f === 'hex') bytes = textToBytes(hexStrip(s), 'hex');
  else if (f === 'base64') bytes = Buffer.from(s, 'base64');
  else bytes = textToBytes(s, encodingOf(f, 'encode'));
  return bytesToText(bytes, encodingOf(t, 'encode'), false);
}

function hexStrip(s: string): string {
  if (s.startsWith('0x')) return s.length % 2 !== 0 ? '0' + s.slice(2) : s.slice(2);
  if (/^[xX]'.*'$/s.test(s)) return s.slice(2, -1);
  return s;
}

export function bytesFunctions(random?: () => number): FunctionFactory<'SCALAR'>[] {
  return [
    scalar('to_bytes', 'CONVERSIONS', 'Converts a STRING value in the given encoding (hex, utf8, ascii, base64) to BYTES.', [
      sig('BYTES', ['STRING', 'STRING'], (s: string, enc: string) => textToBytes(s, encodingOf(enc, 'to_bytes'))),
    ]),
    scalar('from_bytes', 'CONVERSIONS', 'Converts a BYTES value to a STRING in the given encoding (hex, utf8, ascii, base64).', [
      sig('STRING', ['BYTES', 'STRING'], (b: Buffer, enc: string) => bytesToText(b, encodingOf(enc, 'from_bytes'))),
    ]),
    scalar('encode', 'STRING', 'Re-encodes a string from one encoding (hex, utf8, ascii, base64) to another.', [
      sig('STRING', ['STRING', 'STRING', 'STRING'], encode),
    ]),
    scalar('int_from_bytes', 'CONVERSIONS', 'Converts 4 bytes to an INTEGER (big-endian unless told).', [
      sig('INTEGER', ['BYTES'], (b: Buffer) => readers.int(b, 'BE')),
      sig('INTEGER', ['BYTES', 'STRING'], (b: Buffer, o: string) => readers.int(b, byteOrder(o))),
    ]),
    scalar('bigint_from_bytes', 'CONVERSIONS', 'Converts 8 bytes to a BIGINT (big-endian unless told).', [
      sig('BIGINT', ['BYTES'], (b: Buffer) => readers.bigint(b, 'BE')),
      sig('BIGINT', ['BYTES', 'STRING'], (b: Buffer, o: string) => readers.bigint(b, byteOrder(o))),
    ]),
    scalar('double_from_bytes', 'CONVERSIONS', 'Converts 8 bytes to a DOUBLE (big-endian unless told).', [
      sig('DOUBLE', ['BYTES'], (b: Buffer) => readers.double(b, 'BE')),
      sig('DOUBLE', ['BYTES', 'STRING'], (b: Buffer, o: string) => readers.double(b, byteOrder(o))),
    ]),
    scalar('int_from_boolean', 'CONVERSIONS', 'Converts a BOOLEAN to an INTEGER: 1 for true, 0 for false.', [
      sig('INTEGER', ['BOOLEAN'], (b: boolean) => (b ? 1 : 0)),
    ]),
    scalar('uuid', 'STRING', 'A random UUID string, or the UUID that 16 bytes hold.', [
      sig('STRING', [], () => randomUuid(random)),
      sig('STRING', ['BYTES'], (b: Buffer) => (b.length === 16 ? formatUuid(b) : null)),
    ]),
  ];
}
