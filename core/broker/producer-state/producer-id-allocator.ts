/**
 * Hands out producer ids for InitProducerId, never the same one twice, across restarts too. As
 * Kafka's ProducerIdManager, ids are reserved in blocks: the end of the current block is written
 * durably (atomic file replace through Storage) before any id in it is handed out, so after a
 * crash the next process starts past every id that may have been used, at the cost of skipping
 * the rest of a block.
 */
import { FjordError, assert } from '../../errors.js';
import type { Storage } from '../../io/storage.js';

/** File in the data directory holding the first id of the next block. */
export const PRODUCER_ID_BLOCK_FILE = 'producer-id-block';
/** Ids reserved per durable write (Kafka's block size). */
export const PRODUCER_ID_BLOCK_SIZE = 1000;

const FILE_VERSION = 1;
const INT64_MAX = 9223372036854775807n;

/** Producer ids of one data directory. */
export class ProducerIdAllocator {
  private nextId: bigint;
  private blockEnd: bigint;

  private constructor(
    private readonly storage: Storage,
    private readonly path: string,
    nextBlockStart: bigint,
    /** True if ids were reserved before this process (the block file existed). */
    readonly issuedBefore: boolean,
    private readonly blockSize: number,
  ) {
    // Everything below the persisted block start may have been handed out already.
    this.nextId = nextBlockStart;
    this.blockEnd = nextBlockStart;
  }

  /** Reads the block file at `path` (absent: start at 0). Throws CORRUPT_LOG if it is damaged. */
  static open(storage: Storage, path: string, blockSize = PRODUCER_ID_BLOCK_SIZE): ProducerIdAllocator {
    assert(Number.isInteger(blockSize) && blockSize > 0, 'producer id block size is a positive integer');
    const raw = storage.readFile(path);
    const start = raw === null ? 0n : parseBlockFile(raw.toString('utf8'), path);
    return new ProducerIdAllocator(storage, path, start, raw !== null, blockSize);
  }

  /** A producer id never handed out before; reserves (durably) a new block when needed. */
  allocate(): bigint {
    if (this.nextId >= this.blockEnd) this.reserveBlock();
    return this.nextId++;
  }

  private reserveBlock(): void {
    const end = this.nextId + BigInt(this.blockSize);
    if (end > INT64_MAX) throw new FjordError('UNKNOWN_SERVER_ERROR', 'producer ids are exhausted');
    this.storage.writeFileAtomic(this.path, formatBlockFile(end));
    this.blockEnd = end;
  }
}

function formatBlockFile(nextBlockStart: bigint): string {
  return `# Producer ids below next.block.start may have been handed out: never reuse them.\nversion=${FILE_VERSION}\nnext.block.start=${nextBlockStart}\n`;
}

function parseBlockFile(text: string, path: string): bigint {
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq > 0) props.set(t.slice(0, eq), t.slice(eq + 1));
  }
  // Refusing to start beats guessing: a wrong guess would hand out ids already in use.
  const bad = (why: string) => new FjordError('CORRUPT_LOG', `producer id block file ${path}: ${why}; it must not be guessed, restore it or remove the data directory`);
  if (props.get('version') !== String(FILE_VERSION)) throw bad(`unsupported version '${props.get('version') ?? ''}'`);
  const start = props.get('next.block.start') ?? '';
  if (!/^\d{1,19}$/.test(start)) throw bad(`bad next.block.start '${start}'`);
  return BigInt(start);
}
