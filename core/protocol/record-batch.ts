/**
 * Kafka RecordBatch (magic 2): records written one by one into a batch, and batches decoded back
 * into records. Layout: ../shared/kafka-protocol/README.md, "Record batch (magic 2)"; the fixed
 * header is read and patched by ./batch-header.ts, which the log and broker use on their own.
 *
 * Both directions are hot paths (producers append millions of records a second, consumers
 * decode as many), so the builder writes each record's bytes straight into one growing buffer
 * and the decoder allocates only the Record and views of its key and value.
 */
import { FjordError, assert } from '../errors.js';
import {
  ATTR_COMPRESSION_MASK,
  ATTR_CONTROL,
  ATTR_TIMESTAMP_TYPE,
  ATTR_TRANSACTIONAL,
  BATCH,
  BATCH_HEADER_BYTES,
  BATCH_LOG_OVERHEAD,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  batchProblem,
  batchSize,
  computeBatchCrc,
} from './batch-header.js';
import {
  CompressionType,
  compress,
  compressSync,
  compressionCodecId,
  compressionTypeForId,
  decompress,
  decompressSync,
  hasSyncCodec,
} from './compression.js';
import {
  Cursor,
  readVarint,
  readVarlongNumber,
  sizeOfVarint,
  sizeOfVarlong,
  writeVarint,
  writeVarlongNumber,
} from './varint.js';

/** A record header. Keys may repeat; their order is kept. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** A record to append; `timestamp` (ms) defaults to the append time. */
export interface RecordInput {
  key?: Buffer | null;
  /** null is a tombstone. */
  value: Buffer | null;
  headers?: RecordHeader[];
  timestamp?: number | bigint;
}

/**
 * A decoded record. `key`, `value` and header values are views into the batch (or its
 * decompressed records), not copies. Records without headers share one frozen empty array.
 */
export interface Record {
  offset: bigint;
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** Whose clock the timestamps are: the producer's (CreateTime) or the broker's at append. */
export type TimestampType = 'CreateTime' | 'LogAppendTime';
/** The end-transaction marker a control batch carries. */
export type ControlType = 'ABORT' | 'COMMIT';

/**
 * Builds one decoded record. The default makes a `Record`; the consumer passes its own so each
 * record is one object of the final shape (decoding is allocation-bound: no copy, no BigInt timestamp).
 */
export type RecordMaker<R> = (offset: bigint, timestampMs: number, key: Buffer | null, value: Buffer | null, headers: RecordHeader[]) => R;

/**
 * Builds one decoded record from where its key and value lie in `data` (the batch's records
 * section) instead of views of them: starts and lengths (a length of -1 is null). The record's
 * offset is `baseOffset + offsetDelta`. For a caller that reads the fields in place (Fjord
 * Streams decodes key and value text straight from the fetched bytes): no view and no BigInt
 * per record.
 */
export interface PositionMaker<R> {
  atPositions(data: Buffer, baseOffset: bigint, offsetDelta: number, timestampMs: number, keyStart: number, keyLength: number, valueStart: number, valueLength: number, headers: RecordHeader[]): R;
}

/** A RecordMaker or a PositionMaker. */
export type AnyRecordMaker<R> = RecordMaker<R> | PositionMaker<R>;

/** A decoded batch: every header field, the derived attribute flags, and the records. */
export interface DecodedBatch<R = Record> {
  baseOffset: bigint;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  compression: CompressionType;
  /** With LogAppendTime every record's timestamp is maxTimestamp. */
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  lastOffsetDelta: number;
  baseTimestamp: bigint;
  maxTimestamp: bigint;
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  records: R[];
  /** Set for control batches whose marker is an abort or a commit. */
  controlType?: ControlType;
}

/** How a batch is built. Defaults describe a plain, non-idempotent producer batch. */
export interface RecordBatchOptions {
  compression?: CompressionType;
  producerId?: bigint;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  isControl?: boolean;
  timestampType?: TimestampType;
  partitionLeaderEpoch?: number;
  /** Deltas are taken from here; defaults to the first record's timestamp, as Kafka does. */
  baseTimestamp?: number | bigint;
  /** Initial buffer size; the buffer doubles as records arrive. */
  initialCapacityBytes?: number;
  /**
   * A buffer to write into (e.g. from the producer's pool); an uncompressed batch is then built
   * as a view of it, never copied. It is replaced only if the records outgrow it.
   */
  buffer?: Buffer;
  /**
   * Leave the CRC field 0: the caller rewrites header fields the CRC covers and computes it then
   * (the idempotent producer stamps producer id and sequence when it sends), so computing it
   * here too would checksum every batch twice.
   */
  crcLater?: boolean;
}

/** batchLength is an int32, so a batch can never be larger than this. */
export const BATCH_BYTES_MAX = 0x7fffffff + BATCH_LOG_OVERHEAD;
/** Kafka's "no timestamp" value, the only negative timestamp a record may have. */
export const NO_TIMESTAMP = -1;

const INITIAL_CAPACITY_BYTES_DEFAULT = 16 * 1024;
// A built buffer this much larger than its batch is copied rather than kept: in-flight batches
// would otherwise pin up to twice their size.
const SPARE_BYTES_KEPT_MAX_RATIO = 0.25;
const EMPTY_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];
// Smallest record: length, attributes, timestampDelta, offsetDelta, key, value, headerCount.
const RECORD_BYTES_MIN = 7;

/**
 * Builds one record batch incrementally. Each `append` encodes the record at once, so no record
 * objects are kept; `build`/`buildAsync` fill in the header, compress and checksum.
 * baseOffset is written as 0: the broker assigns offsets.
 */
export class RecordBatchBuilder {
  private buf: Buffer;
  private pos = BATCH_HEADER_BYTES;
  private count = 0;
  private baseTimestampMs = 0;
  private maxTimestampMs = NO_TIMESTAMP;
  private appendTimeMs = NO_TIMESTAMP;
  private built = false;
  private readonly compression: CompressionType;
  private readonly attributes: number;
  private readonly fixedBaseTimestampMs: number | undefined;

  constructor(private readonly options: RecordBatchOptions = {}) {
    this.compression = options.compression ?? 'none';
    this.attributes = batchAttributesFor(this.compression, options);
    this.fixedBaseTimestampMs =
      options.baseTimestamp === undefined ? undefined : timestampMsOf(options.baseTimestamp);
    const capacity = options.initialCapacityBytes ?? INITIAL_CAPACITY_BYTES_DEFAULT;
    this.buf = options.buffer && options.buffer.length >= BATCH_HEADER_BYTES ? options.buffer : Buffer.allocUnsafe(Math.max(capacity, BATCH_HEADER_BYTES));
  }

  /** The buffer records are written into (the given one unless the records outgrew it). */
  get buffer(): Buffer {
    return this.buf;
  }

  /** Records appended so far. */
  get recordCount(): number {
    return this.count;
  }

  /** Bytes of the batch so far, uncompressed: what the producer counts against batch.size. */
  get estimatedSizeBytes(): number {
    return this.pos;
  }

  /** Encodes `record` onto the batch; `nowMs` stamps records without a timestamp. */
  append(record: RecordInput, nowMs: number): void {
    this.appendFields(record.key ?? null, record.value ?? null, record.headers, record.timestamp ?? nowMs, nowMs);
  }

  /**
   * `append` with the record's fields as arguments: the producer's hot path builds no object per
   * record. A string value is written as UTF-8 straight into the batch (no Buffer of its own);
   * `valueLength` is its encoded length (`fieldLength(value)`) when the caller knows it already.
   */
  appendFields(key: Buffer | string | null, value: Buffer | string | null, recordHeaders: RecordHeader[] | undefined, timestamp: number | bigint, nowMs: number, valueLength = fieldLength(value), keyLength = fieldLength(key)): void {
    assert(!this.built, 'append after build: a builder builds one batch');
    const timestampMs = typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0 ? timestamp : timestampMsOf(timestamp);
    this.trackTimestamps(timestampMs, nowMs);
    const timestampDelta = timestampMs - this.baseTimestampMs;
    const headers = recordHeaders ?? EMPTY_HEADERS;
    const bodyBytes =
      1 + // attributes
      sizeOfVarlong(timestampDelta) +
      sizeOfVarint(this.count) +
      fieldSize(keyLength) +
      fieldSize(valueLength) +
      headersSize(headers);
    const recordBytes = sizeOfVarint(bodyBytes) + bodyBytes;
    this.ensureCapacity(recordBytes);
    const buf = this.buf;
    let pos = writeVarint(buf, bodyBytes, this.pos);
    buf[pos++] = 0; // record attributes: unused
    pos = writeVarlongNumber(buf, timestampDelta, pos);
    pos = writeVarint(buf, this.count, pos);
    pos = key === null || typeof key !== 'string' ? writeBytesField(buf, key, pos) : writeTextField(buf, key, keyLength, pos);
    pos = value === null || typeof value !== 'string' ? writeBytesField(buf, value, pos) : writeTextField(buf, value, valueLength, pos);
    pos = writeHeaders(buf, headers, pos);
    // The message is built only on failure: a template literal argument would cost a string per record.
    if (pos !== this.pos + recordBytes) assert(false, `record size ${recordBytes} computed, ${pos - this.pos} written`);
    this.pos = pos;
    this.count++;
  }

  /** Finishes the batch synchronously; zstd needs `buildAsync`. */
  build(): Buffer {
    if (!hasSyncCodec(this.compression)) {
      throw new FjordError('INVALID_ARGUMENT', `${this.compression} batches must be built with buildAsync()`);
    }
    this.startBuild();
    if (this.compression === 'none') return this.finishUncompressed();
    return this.finishCompressed(compressSync(this.compression, this.recordsSection()));
  }

  /** Finishes the batch, compressing off the main thread where the codec allows it. */
  async buildAsync(): Promise<Buffer> {
    this.startBuild();
    if (this.compression === 'none') return this.finishUncompressed();
    return this.finishCompressed(await compress(this.compression, this.recordsSection()));
  }

  private trackTimestamps(timestampMs: number, nowMs: number): void {
    if (this.count === 0) {
      this.baseTimestampMs = this.fixedBaseTimestampMs ?? timestampMs;
      this.maxTimestampMs = timestampMs;
    } else if (timestampMs > this.maxTimestampMs) {
      this.maxTimestampMs = timestampMs;
    }
    if (nowMs > this.appendTimeMs) this.appendTimeMs = nowMs;
  }

  private ensureCapacity(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buf.length) return;
    if (needed > BATCH_BYTES_MAX) {
      throw new FjordError('MESSAGE_TOO_LARGE', `a batch cannot exceed ${BATCH_BYTES_MAX} bytes`);
    }
    const grown = Buffer.allocUnsafe(Math.min(Math.max(needed, this.buf.length * 2), BATCH_BYTES_MAX));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private startBuild(): void {
    assert(!this.built, 'build called twice: a builder builds one batch');
    assert(this.count > 0, 'a record batch needs at least one record');
    this.built = true;
  }

  private recordsSection(): Buffer {
    return this.buf.subarray(BATCH_HEADER_BYTES, this.pos);
  }

  private finishUncompressed(): Buffer {
    const size = this.pos;
    let out = this.buf;
    // A caller's buffer is reused by the caller, so it may be mostly empty: no copy to save memory.
    if (out !== this.options.buffer && out.length - size > size * SPARE_BYTES_KEPT_MAX_RATIO) {
      out = Buffer.allocUnsafe(size);
      this.buf.copy(out, 0, 0, size);
    }
    this.writeHeader(out, size);
    return out.length === size ? out : out.subarray(0, size);
  }

  private finishCompressed(records: Buffer): Buffer {
    const size = BATCH_HEADER_BYTES + records.length;
    if (size > BATCH_BYTES_MAX) {
      throw new FjordError('MESSAGE_TOO_LARGE', `a batch cannot exceed ${BATCH_BYTES_MAX} bytes`);
    }
    const out = Buffer.allocUnsafe(size);
    records.copy(out, BATCH_HEADER_BYTES);
    this.writeHeader(out, size);
    return out;
  }

  private writeHeader(out: Buffer, size: number): void {
    const o = this.options;
    const logAppendTime = (this.attributes & ATTR_TIMESTAMP_TYPE) !== 0;
    out.writeBigInt64BE(0n, BATCH.baseOffset);
    out.writeInt32BE(size - BATCH_LOG_OVERHEAD, BATCH.batchLength);
    out.writeInt32BE(o.partitionLeaderEpoch ?? -1, BATCH.partitionLeaderEpoch);
    out.writeInt8(2, BATCH.magic);
    out.writeInt16BE(this.attributes, BATCH.attributes);
    out.writeInt32BE(this.count - 1, BATCH.lastOffsetDelta);
    out.writeBigInt64BE(BigInt(this.baseTimestampMs), BATCH.baseTimestamp);
    out.writeBigInt64BE(BigInt(logAppendTime ? this.appendTimeMs : this.maxTimestampMs), BATCH.maxTimestamp);
    out.writeBigInt64BE(o.producerId ?? NO_PRODUCER_ID, BATCH.producerId);
    out.writeInt16BE(o.producerEpoch ?? NO_PRODUCER_EPOCH, BATCH.producerEpoch);
    out.writeInt32BE(o.baseSequence ?? NO_SEQUENCE, BATCH.baseSequence);
    out.writeInt32BE(this.count, BATCH.recordCount);
    // Last: the CRC covers everything from the attributes on.
    out.writeUInt32BE(o.crcLater ? 0 : computeBatchCrc(out, 0, size), BATCH.crc);
  }
}

function batchAttributesFor(compression: CompressionType, o: RecordBatchOptions): number {
  let attributes = compressionCodecId(compression);
  if (o.timestampType === 'LogAppendTime') attributes |= ATTR_TIMESTAMP_TYPE;
  if (o.transactional) attributes |= ATTR_TRANSACTIONAL;
  if (o.isControl) attributes |= ATTR_CONTROL;
  return attributes;
}

/** A timestamp as a safe-integer number of ms; rejects negatives other than NO_TIMESTAMP, as Kafka does. */
function timestampMsOf(timestamp: number | bigint): number {
  const ms = Number(timestamp);
  if (!Number.isSafeInteger(ms) || (ms < 0 && ms !== NO_TIMESTAMP)) {
    throw new FjordError('INVALID_TIMESTAMP', `invalid record timestamp ${timestamp}`);
  }
  return ms;
}

/** The encoded size of a nullable bytes field of `length` bytes (-1: null). */
function fieldSize(length: number): number {
  return length < 0 ? 1 : sizeOfVarint(length) + length;
}

/** The encoded length of a key or value: -1 for null, the UTF-8 length of a string. */
export function fieldLength(field: Buffer | string | null): number {
  if (field === null) return -1;
  return typeof field === 'string' ? Buffer.byteLength(field, 'utf8') : field.length;
}

/** A string field of `length` UTF-8 bytes, encoded in place. */
function writeTextField(buf: Buffer, text: string, length: number, pos: number): number {
  pos = writeVarint(buf, length, pos);
  const written = buf.write(text, pos, length, 'utf8');
  if (written !== length) assert(false, `text field of ${length} UTF-8 bytes, ${written} written`);
  return pos + length;
}

function writeBytesField(buf: Buffer, bytes: Buffer | null, pos: number): number {
  if (bytes === null) return writeVarint(buf, -1, pos);
  pos = writeVarint(buf, bytes.length, pos);
  buf.set(bytes, pos);
  return pos + bytes.length;
}

function headersSize(headers: RecordHeader[]): number {
  let bytes = sizeOfVarint(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const keyBytes = Buffer.byteLength(headers[i].key, 'utf8');
    bytes += sizeOfVarint(keyBytes) + keyBytes + fieldSize(headers[i].value?.length ?? -1);
  }
  return bytes;
}

function writeHeaders(buf: Buffer, headers: RecordHeader[], pos: number): number {
  pos = writeVarint(buf, headers.length, pos);
  for (let i = 0; i < headers.length; i++) {
    const key = headers[i].key;
    pos = writeVarint(buf, Buffer.byteLength(key, 'utf8'), pos);
    pos += buf.write(key, pos, 'utf8');
    pos = writeBytesField(buf, headers[i].value, pos);
  }
  return pos;
}

/** Builds one batch from `records`; `nowMs` stamps records without a timestamp. */
export async function encodeRecordBatch(
  records: RecordInput[],
  options: RecordBatchOptions & { nowMs: number },
): Promise<Buffer> {
  const builder = new RecordBatchBuilder(options);
  for (const record of records) builder.append(record, options.nowMs);
  return builder.buildAsync();
}

/** What a transaction marker says: written by the coordinator at the end of a transaction. */
export interface ControlBatchOptions {
  type: ControlType;
  producerId: bigint;
  producerEpoch: number;
  coordinatorEpoch: number;
  timestampMs: number;
  partitionLeaderEpoch?: number;
}

const CONTROL_RECORD_VERSION = 0;
const CONTROL_TYPE_IDS: { readonly [type in ControlType]: number } = { ABORT: 0, COMMIT: 1 };

/**
 * A transactional control batch holding one end-transaction marker. Key: int16 version,
 * int16 type (0 abort, 1 commit); value: int16 version, int32 coordinator epoch.
 */
export function encodeControlBatch(o: ControlBatchOptions): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(CONTROL_RECORD_VERSION, 0);
  key.writeInt16BE(CONTROL_TYPE_IDS[o.type], 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(CONTROL_RECORD_VERSION, 0);
  value.writeInt32BE(o.coordinatorEpoch, 2);
  const builder = new RecordBatchBuilder({
    producerId: o.producerId,
    producerEpoch: o.producerEpoch,
    transactional: true,
    isControl: true,
    partitionLeaderEpoch: o.partitionLeaderEpoch,
    initialCapacityBytes: 128,
  });
  builder.append({ key, value, timestamp: o.timestampMs }, o.timestampMs);
  return builder.build();
}

/**
 * Calls `fn(at, size)` for each whole batch in a buffer of concatenated batches, reading only
 * the batch lengths. A truncated trailing batch (as fetch responses may end with) is skipped
 * silently. Returns the bytes covered by whole batches.
 */
export function forEachBatch(buf: Buffer, fn: (at: number, size: number) => void): number {
  let at = 0;
  // Bounded: every step moves at least BATCH_HEADER_BYTES forward.
  while (buf.length - at >= BATCH_LOG_OVERHEAD) {
    const size = batchSize(buf, at);
    if (size < BATCH_HEADER_BYTES) {
      throw corrupt(`record batch at byte ${at}: batchLength ${size - BATCH_LOG_OVERHEAD} is smaller than a header`);
    }
    if (size > buf.length - at) break;
    fn(at, size);
    at += size;
  }
  return at;
}

/** Decodes the batch at `at`, validating header and CRC first. */
export async function decodeRecordBatch(buf: Buffer, at?: number): Promise<DecodedBatch>;
export async function decodeRecordBatch<R>(buf: Buffer, at: number, make: AnyRecordMaker<R>): Promise<DecodedBatch<R>>;
export async function decodeRecordBatch<R>(buf: Buffer, at = 0, make?: AnyRecordMaker<R>): Promise<DecodedBatch<R | Record>> {
  const batch = decodeBatchHeader<R | Record>(buf, at);
  const section = recordsSectionOf(buf, at, batch);
  const data = batch.compression === 'none' ? section : await decompressAt(batch, section, at);
  return withRecords(batch, data, at, make);
}

/** Decodes the batch at `at` synchronously; zstd batches throw INVALID_ARGUMENT. */
export function decodeRecordBatchSync(buf: Buffer, at?: number): DecodedBatch;
export function decodeRecordBatchSync<R>(buf: Buffer, at: number, make: AnyRecordMaker<R>): DecodedBatch<R>;
export function decodeRecordBatchSync<R>(buf: Buffer, at = 0, make?: AnyRecordMaker<R>): DecodedBatch<R | Record> {
  const batch = decodeBatchHeader<R | Record>(buf, at);
  const section = recordsSectionOf(buf, at, batch);
  const data = batch.compression === 'none' ? section : decompressSyncAt(batch, section, at);
  return withRecords(batch, data, at, make);
}

/** Decodes concatenated batches, stopping silently at a truncated trailing batch. */
export async function decodeRecordBatches(buf: Buffer): Promise<DecodedBatch[]>;
export async function decodeRecordBatches<R>(buf: Buffer, make: AnyRecordMaker<R>): Promise<DecodedBatch<R>[]>;
export async function decodeRecordBatches<R>(buf: Buffer, make?: AnyRecordMaker<R>): Promise<DecodedBatch<R | Record>[]> {
  const starts: number[] = [];
  forEachBatch(buf, (at) => starts.push(at));
  const batches: DecodedBatch<R | Record>[] = [];
  for (const at of starts) {
    // Only zstd needs the asynchronous codec; staying synchronous otherwise saves a promise per batch.
    const codec = buf.readInt16BE(at + BATCH.attributes) & ATTR_COMPRESSION_MASK;
    const maker = (make ?? makeRecord) as AnyRecordMaker<R | Record>;
    batches.push(codec === compressionCodecId('zstd') ? await decodeRecordBatch(buf, at, maker) : decodeRecordBatchSync(buf, at, maker));
  }
  return batches;
}

/** `decodeRecordBatches` without compression or zstd: the consumer's path for plain batches. */
export function decodeRecordBatchesSync(buf: Buffer): DecodedBatch[] {
  const batches: DecodedBatch[] = [];
  forEachBatch(buf, (at) => batches.push(decodeRecordBatchSync(buf, at)));
  return batches;
}

function corrupt(message: string, cause?: unknown): FjordError {
  return new FjordError('CORRUPT_MESSAGE', message, cause === undefined ? {} : { cause });
}

function decodeBatchHeader<R>(buf: Buffer, at: number): DecodedBatch<R> {
  const problem = batchProblem(buf, at);
  if (problem !== null) throw corrupt(`record batch at byte ${at}: ${problem}`);
  const attributes = buf.readInt16BE(at + BATCH.attributes);
  const codecId = attributes & ATTR_COMPRESSION_MASK;
  if (codecId > 4) throw corrupt(`record batch at byte ${at}: unknown compression codec id ${codecId}`);
  return {
    baseOffset: buf.readBigInt64BE(at + BATCH.baseOffset),
    batchLength: buf.readInt32BE(at + BATCH.batchLength),
    partitionLeaderEpoch: buf.readInt32BE(at + BATCH.partitionLeaderEpoch),
    magic: buf.readInt8(at + BATCH.magic),
    crc: buf.readUInt32BE(at + BATCH.crc),
    attributes,
    compression: compressionTypeForId(codecId),
    timestampType: attributes & ATTR_TIMESTAMP_TYPE ? 'LogAppendTime' : 'CreateTime',
    isTransactional: (attributes & ATTR_TRANSACTIONAL) !== 0,
    isControl: (attributes & ATTR_CONTROL) !== 0,
    lastOffsetDelta: buf.readInt32BE(at + BATCH.lastOffsetDelta),
    baseTimestamp: buf.readBigInt64BE(at + BATCH.baseTimestamp),
    maxTimestamp: buf.readBigInt64BE(at + BATCH.maxTimestamp),
    producerId: buf.readBigInt64BE(at + BATCH.producerId),
    producerEpoch: buf.readInt16BE(at + BATCH.producerEpoch),
    baseSequence: buf.readInt32BE(at + BATCH.baseSequence),
    recordCount: buf.readInt32BE(at + BATCH.recordCount),
    records: [],
  };
}

function recordsSectionOf(buf: Buffer, at: number, batch: DecodedBatch<unknown>): Buffer {
  return buf.subarray(at + BATCH_HEADER_BYTES, at + batch.batchLength + BATCH_LOG_OVERHEAD);
}

async function decompressAt(batch: DecodedBatch<unknown>, section: Buffer, at: number): Promise<Buffer> {
  try {
    return await decompress(batch.compression, section);
  } catch (err) {
    throw inBatch(err, batch, at);
  }
}

function decompressSyncAt(batch: DecodedBatch<unknown>, section: Buffer, at: number): Buffer {
  try {
    return decompressSync(batch.compression, section);
  } catch (err) {
    throw inBatch(err, batch, at);
  }
}

/** Adds which batch a CORRUPT_MESSAGE came from; other errors pass through unchanged. */
function inBatch(err: unknown, batch: DecodedBatch<unknown>, at: number): unknown {
  if (!(err instanceof FjordError) || err.code !== 'CORRUPT_MESSAGE') return err;
  return corrupt(`record batch at byte ${at} (baseOffset ${batch.baseOffset}): ${err.message}`, err);
}

function withRecords<R>(batch: DecodedBatch<R | Record>, data: Buffer, at: number, make?: AnyRecordMaker<R>): DecodedBatch<R | Record> {
  try {
    // Control records always decode as Records: their key says what the marker is.
    if (batch.isControl || !make) {
      const records = decodeRecords(data, batch);
      batch.records = records;
      if (batch.isControl) batch.controlType = controlTypeOf(records);
    } else {
      batch.records = decodeRecordsWith(data, batch, make);
    }
  } catch (err) {
    throw inBatch(err, batch, at);
  }
  return batch;
}

/**
 * Per-batch constants of record decoding. Offsets and timestamps are summed as numbers when
 * that is exact, so each record costs one BigInt instead of two.
 */
interface RecordBase {
  offset: bigint;
  offsetNumber: number;
  timestamp: bigint;
  timestampNumber: number;
  /** The timestamp of every record of a LogAppendTime batch, else null. */
  logAppendTime: bigint | null;
}

const makeRecord: RecordMaker<Record> = (offset, timestampMs, key, value, headers) => ({ offset, timestamp: BigInt(timestampMs), key, value, headers });

/** Like decodeRecords, but each record is built by `make`, with its timestamp as a number. */
function decodeRecordsWith<R>(data: Buffer, batch: DecodedBatch<unknown>, make: AnyRecordMaker<R>): R[] {
  const count = batch.recordCount;
  if (count < 0 || count * RECORD_BYTES_MIN > data.length) {
    throw corrupt(`recordCount ${count} cannot fit in ${data.length} bytes of records`);
  }
  const baseOffset = batch.baseOffset;
  const baseOffsetNumber = exactNumberOrNaN(baseOffset);
  const baseTimestamp = Number(batch.baseTimestamp);
  const logAppendTime = batch.timestampType === 'LogAppendTime' ? Number(batch.maxTimestamp) : null;
  const records: R[] = new Array(count);
  let pos = 0;
  if (typeof make !== 'function') {
    for (let i = 0; i < count; i++) {
      const f = decodeRecordFields(data, pos, false);
      pos = readEnd;
      records[i] = make.atPositions(data, baseOffset, f.offsetDelta, logAppendTime ?? baseTimestamp + f.timestampDelta, f.keyStart, f.keyLength, f.valueStart, f.valueLength, f.headers);
    }
  } else {
    for (let i = 0; i < count; i++) {
      const f = decodeRecordFields(data, pos, true);
      pos = readEnd;
      const offset = sumExact(baseOffset, baseOffsetNumber, f.offsetDelta);
      records[i] = make(offset, logAppendTime ?? baseTimestamp + f.timestampDelta, f.key, f.value, f.headers);
    }
  }
  if (pos !== data.length) {
    throw corrupt(`${data.length - pos} bytes left after the last of ${count} records`);
  }
  return records;
}

function decodeRecords(data: Buffer, batch: DecodedBatch<unknown>): Record[] {
  const count = batch.recordCount;
  if (count < 0 || count * RECORD_BYTES_MIN > data.length) {
    throw corrupt(`recordCount ${count} cannot fit in ${data.length} bytes of records`);
  }
  const base: RecordBase = {
    offset: batch.baseOffset,
    offsetNumber: exactNumberOrNaN(batch.baseOffset),
    timestamp: batch.baseTimestamp,
    timestampNumber: exactNumberOrNaN(batch.baseTimestamp),
    logAppendTime: batch.timestampType === 'LogAppendTime' ? batch.maxTimestamp : null,
  };
  const records: Record[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    records.push(decodeRecord(data, pos, base));
    pos = readEnd;
  }
  if (pos !== data.length) {
    throw corrupt(`${data.length - pos} bytes left after the last of ${count} records`);
  }
  return records;
}

interface RecordFields {
  timestampDelta: number;
  offsetDelta: number;
  /** Views of the key and value (null when null, or when no views were asked for). */
  key: Buffer | null;
  value: Buffer | null;
  /** Where the key and value lie in the records section; a length of -1 is null. */
  keyStart: number;
  keyLength: number;
  valueStart: number;
  valueLength: number;
  headers: RecordHeader[];
}

/** One reused holder: the fields of the record just read (saves an object per record). */
const fieldsScratch: RecordFields = { timestampDelta: 0, offsetDelta: 0, key: null, value: null, keyStart: 0, keyLength: -1, valueStart: 0, valueLength: -1, headers: EMPTY_HEADERS };

/**
 * Where the last `*At` read below ended. Record decoding passes positions as numbers and reads
 * the end from here rather than through a Cursor object: the per-record parse then allocates
 * nothing, and the small readers inline.
 */
let readEnd = 0;

/**
 * Reads the record at `start` into fieldsScratch, with views of its key and value when `views`;
 * readEnd is set to the record's end.
 */
function decodeRecordFields(data: Buffer, start: number, views = true): RecordFields {
  const length = varintAt(data, start);
  let pos = readEnd;
  const end = pos + length;
  if (length < RECORD_BYTES_MIN - 1) throw corrupt(`record at byte ${start} has length ${length}, too small for a record`);
  if (end > data.length) {
    throw corrupt(`record at byte ${start} has length ${length}, but only ${data.length - pos} bytes are left`);
  }
  pos++; // record attributes: unused
  const f = fieldsScratch;
  f.timestampDelta = varlongNumberAt(data, pos);
  f.offsetDelta = varintAt(data, readEnd);
  const keyLength = (f.keyLength = bytesFieldLengthAt(data, readEnd, end, 'key'));
  const keyStart = (f.keyStart = readEnd - Math.max(keyLength, 0));
  const valueLength = (f.valueLength = bytesFieldLengthAt(data, readEnd, end, 'value'));
  const valueStart = (f.valueStart = readEnd - Math.max(valueLength, 0));
  f.key = views && keyLength >= 0 ? data.subarray(keyStart, keyStart + keyLength) : null;
  f.value = views && valueLength >= 0 ? data.subarray(valueStart, valueStart + valueLength) : null;
  pos = readEnd;
  if (pos < end && data[pos] === 0) {
    // No headers, as most records: count 0.
    f.headers = EMPTY_HEADERS;
    pos++;
  } else {
    const cur: Cursor = { pos };
    f.headers = readHeaders(data, cur, end);
    pos = cur.pos;
  }
  if (pos !== end) {
    throw corrupt(`record at byte ${start} declares ${length} bytes but holds ${pos - (end - length)}`);
  }
  readEnd = end;
  return f;
}

/**
 * A zigzag varint at `pos`; sets readEnd. One- and two-byte encodings (every length and delta of
 * a typical record) are read here; longer ones, and reads at the end of the buffer, by readVarint.
 */
function varintAt(data: Buffer, pos: number): number {
  if (pos + 1 < data.length) {
    const b0 = data[pos];
    if (b0 < 0x80) {
      readEnd = pos + 1;
      return (b0 >>> 1) ^ -(b0 & 1);
    }
    const b1 = data[pos + 1];
    if (b1 < 0x80) {
      const u = (b0 & 0x7f) | (b1 << 7);
      readEnd = pos + 2;
      return (u >>> 1) ^ -(u & 1);
    }
  }
  const cur: Cursor = { pos };
  const value = readVarint(data, cur);
  readEnd = cur.pos;
  return value;
}

/** A zigzag varlong at `pos` as a safe integer; sets readEnd. Short encodings are varints' too. */
function varlongNumberAt(data: Buffer, pos: number): number {
  if (pos + 1 < data.length && (data[pos] < 0x80 || data[pos + 1] < 0x80)) return varintAt(data, pos);
  const cur: Cursor = { pos };
  const value = readVarlongNumber(data, cur);
  readEnd = cur.pos;
  return value;
}

function decodeRecord(data: Buffer, start: number, base: RecordBase): Record {
  const f = decodeRecordFields(data, start);
  return {
    offset: sumExact(base.offset, base.offsetNumber, f.offsetDelta),
    timestamp: base.logAppendTime ?? sumExact(base.timestamp, base.timestampNumber, f.timestampDelta),
    key: f.key,
    value: f.value,
    headers: f.headers,
  };
}

/** `big` as a number if that is exact, else NaN (which makes `sumExact` take the bigint path). */
function exactNumberOrNaN(big: bigint): number {
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : NaN;
}

/**
 * `big + delta`, computed as a number when that is exact (one allocation instead of two).
 * Both operands are safe integers, so a sum that is not safe is the only inexact case.
 */
function sumExact(big: bigint, asNumber: number, delta: number): bigint {
  const sum = asNumber + delta;
  return Number.isSafeInteger(sum) ? BigInt(sum) : big + BigInt(delta);
}

/** The length of the nullable bytes field at `at` (-1 for null); readEnd is set past its bytes. */
function bytesFieldLengthAt(data: Buffer, at: number, end: number, what: string): number {
  const length = varintAt(data, at);
  if (length < 0) {
    if (length === -1) return -1;
    throw corrupt(`${what} length ${length} at byte ${at} is negative`);
  }
  const from = readEnd;
  if (from + length > end) throw corrupt(`${what} of ${length} bytes at byte ${at} runs past its record`);
  readEnd = from + length;
  return length;
}

function readHeaders(data: Buffer, cur: Cursor, end: number): RecordHeader[] {
  const at = cur.pos;
  const count = readVarint(data, cur);
  if (count === 0) return EMPTY_HEADERS;
  // Each header takes at least two bytes: its key length and its value length.
  if (count < 0 || count * 2 > end - cur.pos) {
    throw corrupt(`header count ${count} at byte ${at} does not fit in its record`);
  }
  const headers: RecordHeader[] = [];
  for (let i = 0; i < count; i++) {
    const keyAt = cur.pos;
    const keyBytes = readVarint(data, cur);
    if (keyBytes < 0 || cur.pos + keyBytes > end) {
      throw corrupt(`header key length ${keyBytes} at byte ${keyAt} is invalid`);
    }
    const key = data.toString('utf8', cur.pos, cur.pos + keyBytes);
    cur.pos += keyBytes;
    const valueLength = bytesFieldLengthAt(data, cur.pos, end, 'header value');
    headers.push({ key, value: valueLength < 0 ? null : data.subarray(readEnd - valueLength, readEnd) });
    cur.pos = readEnd;
  }
  return headers;
}

function controlTypeOf(records: Record[]): ControlType | undefined {
  // Compaction may leave a batch header without records; there is no marker to read then.
  if (records.length === 0) return undefined;
  const key = records[0].key;
  if (key === null || key.length < 4) {
    throw corrupt('control batch without a 4-byte control record key');
  }
  // Other control types exist (KRaft's metadata log); clients skip them like any marker.
  switch (key.readInt16BE(2)) {
    case 0:
      return 'ABORT';
    case 1:
      return 'COMMIT';
    default:
      return undefined;
  }
}
