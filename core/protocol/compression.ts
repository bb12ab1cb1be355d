/**
 * The record-batch codecs: gzip (RFC 1952), snappy (raw, or Java's "xerial" framing on input),
 * lz4 (the LZ4 frame format) and zstd (a zstd frame), with Kafka's attribute ids 0..4.
 * The zstd binding is asynchronous only, so the sync variants refuse it.
 */
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import * as snappy from 'snappy';
import * as lz4 from 'lz4-napi';
import * as zstd from '@mongodb-js/zstd';
import { FjordError } from '../errors.js';

/** A record-batch compression codec. */
export type CompressionType = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Codec ids as stored in bits 0-2 of the batch attributes. */
export const COMPRESSION_CODEC_IDS: Readonly<Record<CompressionType, number>> = Object.freeze({
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
});

const TYPES_BY_ID: readonly CompressionType[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The attribute id of a codec. */
export function compressionCodecId(type: CompressionType): number {
  return COMPRESSION_CODEC_IDS[type];
}

/** The codec for an attribute id; an unknown id (5-7) means the batch is corrupt. */
export function compressionTypeForId(id: number): CompressionType {
  const type = TYPES_BY_ID[id];
  if (type === undefined) throw new FjordError('CORRUPT_MESSAGE', `unknown compression codec id ${id}`);
  return type;
}

/** Whether `compressSync`/`decompressSync` support the codec (all but zstd). */
export function hasSyncCodec(type: CompressionType): boolean {
  return type !== 'zstd';
}

const gzipAsync = promisify(zlib.gzip);
const gunzipAsync = promisify(zlib.gunzip);

/** Compresses `buf` with the codec, off the main thread where the binding allows it. */
export async function compress(type: CompressionType, buf: Buffer): Promise<Buffer> {
  switch (type) {
    case 'none':
      return buf;
    case 'gzip':
      return gzipAsync(buf);
    case 'snappy':
      // Raw snappy: Java, librdkafka and kafkajs readers all accept it as well as xerial.
      return snappy.compress(buf);
    case 'lz4':
      return lz4.compressFrame(buf);
    case 'zstd':
      return zstd.compress(buf);
  }
}

/** Compresses `buf` synchronously; zstd throws INVALID_ARGUMENT (use `compress`). */
export function compressSync(type: CompressionType, buf: Buffer): Buffer {
  switch (type) {
    case 'none':
      return buf;
    case 'gzip':
      return zlib.gzipSync(buf);
    case 'snappy':
      return snappy.compressSync(buf);
    case 'lz4':
      return lz4.compressFrameSync(buf);
    case 'zstd':
      throw noSyncZstd();
  }
}

/** Decompresses `buf`; a failure is CORRUPT_MESSAGE naming the codec. */
export async function decompress(type: CompressionType, buf: Buffer): Promise<Buffer> {
  try {
    switch (type) {
      case 'none':
        return buf;
      case 'gzip':
        return await gunzipAsync(buf);
      case 'snappy':
        return await snappyDecompress(buf);
      case 'lz4':
        return await lz4.decompressFrame(buf);
      case 'zstd':
        return await zstd.decompress(buf);
    }
  } catch (err) {
    throw decompressFailed(type, err);
  }
}

/** Decompresses `buf` synchronously; zstd throws INVALID_ARGUMENT (use `decompress`). */
export function decompressSync(type: CompressionType, buf: Buffer): Buffer {
  if (type === 'zstd') throw noSyncZstd();
  try {
    switch (type) {
      case 'none':
        return buf;
      case 'gzip':
        return zlib.gunzipSync(buf);
      case 'snappy':
        return snappyDecompressSync(buf);
      case 'lz4':
        return lz4.decompressFrameSync(buf);
    }
  } catch (err) {
    throw decompressFailed(type, err);
  }
}

function noSyncZstd(): FjordError {
  return new FjordError('INVALID_ARGUMENT', 'zstd has no synchronous codec here; use the async variant');
}

function decompressFailed(type: CompressionType, err: unknown): FjordError {
  if (err instanceof FjordError && err.code === 'CORRUPT_MESSAGE') return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new FjordError('CORRUPT_MESSAGE', `${type} decompression failed: ${detail}`, { cause: err });
}

// Java's SnappyOutputStream (xerial) framing: this 8-byte magic, int32 version, int32 compatible
// version, then blocks of int32 length + raw snappy. Kafka's Java producers write it.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

function isXerialFramed(buf: Buffer): boolean {
  return buf.length >= XERIAL_HEADER_BYTES && buf.compare(XERIAL_MAGIC, 0, 8, 0, 8) === 0;
}

/** The raw snappy blocks inside a xerial-framed buffer. */
function xerialBlocks(buf: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  let pos = XERIAL_HEADER_BYTES;
  while (pos < buf.length) {
    if (buf.length - pos < 4) throw xerialCorrupt(`a block length at byte ${pos} is cut off`);
    const length = buf.readInt32BE(pos);
    pos += 4;
    if (length < 0 || pos + length > buf.length) {
      throw xerialCorrupt(`block of ${length} bytes at byte ${pos - 4} does not fit in ${buf.length} bytes`);
    }
    blocks.push(buf.subarray(pos, pos + length));
    pos += length;
  }
  return blocks;
}

function xerialCorrupt(detail: string): FjordError {
  return new FjordError('CORRUPT_MESSAGE', `snappy decompression failed: xerial framing: ${detail}`);
}

function snappyDecompressSync(buf: Buffer): Buffer {
  if (!isXerialFramed(buf)) return snappy.uncompressSync(buf) as Buffer;
  const parts = xerialBlocks(buf).map((block) => snappy.uncompressSync(block) as Buffer);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

async function snappyDecompress(buf: Buffer): Promise<Buffer> {
  if (!isXerialFramed(buf)) return (await snappy.uncompress(buf)) as Buffer;
  const parts = (await Promise.all(xerialBlocks(buf).map((block) => snappy.uncompress(block)))) as Buffer[];
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
