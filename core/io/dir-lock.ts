/**
 * The lock a process takes on a Fjord data directory, as Kafka locks its log dirs: two brokers
 * appending to one log would corrupt it. Node has no flock(), so the lock is a file,
 * `<dir>/.lock`, naming its holder; a holder that died (SIGKILL, power loss) leaves a stale file
 * that the next process recognises and takes over.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FjordError } from '../errors.js';

/** The contents of `<dir>/.lock` (JSON). */
export interface DirLockHolder {
  pid: number;
  hostname: string;
  /** Who holds the lock, for humans: e.g. "fjord broker on 127.0.0.1:9092". */
  owner: string;
  startedAtMs: number;
  /** Start time of `pid` from /proc/<pid>/stat (Linux): tells a live holder from a reused pid. */
  procStart?: string;
}

/** Why a lock file was judged stale and taken over. */
export interface StaleDirLock {
  /** The previous holder, or undefined if the file was unreadable or corrupt (a torn write). */
  holder: DirLockHolder | undefined;
  reason: 'dead' | 'pid-reused' | 'other-host' | 'corrupt';
}

/** A held data-directory lock. */
export interface DirLock {
  readonly dir: string;
  /** The lock file, `<dir>/.lock`. */
  readonly path: string;
  readonly holder: DirLockHolder;
  /** Set when this lock replaced a stale one, so the caller can log it. */
  readonly tookOverStaleFrom?: StaleDirLock;
  /** Removes the lock file if it is still ours. Idempotent; also runs on process 'exit'. */
  release(): void;
}

export interface AcquireDirLockOptions {
  /** Who is locking, for the error another process will see. */
  owner?: string;
}

export const lockFileName = '.lock';

/** Each lost race re-reads the lock; a live contender makes us throw long before this. */
const acquireAttemptsMax = 8;
const retryBackoffMs = 5;
/** Takers that died inside a takeover (each leaves a guard behind) before we give up. */
const takeoverGuardsMax = 16;

/**
 * Locks `dir` (created if absent) for this process, taking over a stale lock left by a dead one.
 * Throws FjordError('DATA_DIR_LOCKED') if a live process holds it. The lock is released by
 * `release()` or on process 'exit' — not on a signal whose default action kills the process, so
 * CLIs should turn SIGINT/SIGTERM into `process.exit()`; otherwise the lock goes stale, which is
 * still safe.
 */
export function acquireDirLock(dir: string, opts: AcquireDirLockOptions = {}): DirLock {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, lockFileName);
  const holder: DirLockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    owner: opts.owner ?? `node ${path.basename(process.argv[1] ?? 'process')}`,
    startedAtMs: Date.now(),
  };
  const procStart = readProcStart(process.pid);
  if (procStart !== undefined) holder.procStart = procStart;
  const text = JSON.stringify(holder) + '\n';

  for (let attempt = 0; attempt < acquireAttemptsMax; attempt++) {
    if (attempt > 0) sleepMs(attempt * retryBackoffMs); // let a racing taker finish its rename
    // The content is written to a private temp file first and then linked or renamed into place,
    // so `.lock` never exists half-written: a reader that finds it empty or torn may rightly
    // treat it as stale.
    const tmpPath = writeTempLock(dir, text);
    try {
      if (linkIfAbsent(tmpPath, lockPath, text)) return held(dir, lockPath, holder, text, undefined);
      const seen = readLock(lockPath);
      if (seen === undefined) continue; // released between our link and our read
      const reason = staleness(seen.holder);
      if (reason === undefined) throw lockedError(dir, seen.holder!);
      if (takeOver(lockPath, seen.text, tmpPath, text)) return held(dir, lockPath, holder, text, { holder: seen.holder, reason });
    } finally {
      fs.rmSync(tmpPath, { force: true });
    }
  }
  throw new FjordError('DATA_DIR_LOCKED', `data dir ${dir} is contended: lost ${acquireAttemptsMax} races for ${lockPath}`);
}

/**
 * Replaces the stale lock whose text is `staleText` with `tmpPath`; false if another process got
 * there first. A bare re-check-then-rename lets two takers that both re-checked before either
 * renamed both win, so takers of one stale lock first claim a guard, `<lock>.takeover-<hash>.<n>`,
 * by exclusive link. A guard whose claimant died mid-takeover is never deleted by a contender
 * (deleting races the same way); contenders move on to guard n+1 instead.
 */
function takeOver(lockPath: string, staleText: string, tmpPath: string, text: string): boolean {
  const guardBase = `${lockPath}.takeover-${crypto.createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`;
  for (let n = 0; n < takeoverGuardsMax; n++) {
    const guardPath = `${guardBase}.${n}`;
    if (!linkIfAbsent(tmpPath, guardPath, text)) {
      const guard = readLock(guardPath);
      if (guard === undefined) return false; // its taker finished: the caller re-reads the lock
      if (staleness(guard.holder) === undefined) return false; // a live taker will win
      continue;
    }
    try {
      if (readLock(lockPath)?.text !== staleText) return false; // taken over while we looked
      fs.renameSync(tmpPath, lockPath);
      return true;
    } finally {
      // Ours, and the dead takers' before it: once `.lock` has changed, no guard of it matters.
      for (let i = 0; i <= n; i++) fs.rmSync(`${guardBase}.${i}`, { force: true });
    }
  }
  return false;
}

function held(dir: string, lockPath: string, holder: DirLockHolder, text: string, stale: StaleDirLock | undefined): DirLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only ours: after a wrongly judged takeover, deleting another holder's file would unlock it.
    if (readLock(lockPath)?.text === text) fs.rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  return stale === undefined ? { dir, path: lockPath, holder, release } : { dir, path: lockPath, holder, tookOverStaleFrom: stale, release };
}

function writeTempLock(dir: string, text: string): string {
  const tmpPath = path.join(dir, `${lockFileName}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(tmpPath, text, { flag: 'wx' });
  return tmpPath;
}

/** Atomically creates `lockPath` with `text` unless it exists; false if it does. */
function linkIfAbsent(tmpPath: string, lockPath: string, text: string): boolean {
  try {
    fs.linkSync(tmpPath, lockPath);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    // File systems without hard links (some FUSE and SMB mounts): 'wx' is atomic too, but leaves
    // a short window in which the file exists empty.
    try {
      fs.writeFileSync(lockPath, text, { flag: 'wx' });
      return true;
    } catch (e2) {
      if (errno(e2) === 'EEXIST') return false;
      throw e2;
    }
  }
}

/** The lock file's text and parsed holder (undefined if corrupt); undefined if there is no file. */
function readLock(lockPath: string): { text: string; holder: DirLockHolder | undefined } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch (e) {
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
  return { text, holder: parseHolder(text) };
}

function parseHolder(text: string): DirLockHolder | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const h = v as Record<string, unknown>;
  const valid =
    Number.isSafeInteger(h.pid) && (h.pid as number) > 0 && typeof h.hostname === 'string' &&
    typeof h.owner === 'string' && typeof h.startedAtMs === 'number' &&
    (h.procStart === undefined || typeof h.procStart === 'string');
  return valid ? (h as unknown as DirLockHolder) : undefined;
}

/** Why `holder`'s lock is stale, or undefined if the holder is alive. */
function staleness(holder: DirLockHolder | undefined): StaleDirLock['reason'] | undefined {
  if (holder === undefined) return 'corrupt';
  // We cannot probe a process on another host; a lock carried over on a moved or re-created
  // volume (a new container's hostname) is far likelier than two hosts sharing one data dir.
  if (holder.hostname !== os.hostname()) return 'other-host';
  if (!processExists(holder.pid)) return 'dead';
  if (holder.procStart !== undefined) {
    const start = readProcStart(holder.pid);
    if (start !== undefined && start !== holder.procStart) return 'pid-reused';
  }
  return undefined;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM'; // exists, but belongs to another user
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
function readProcStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may itself contain spaces and ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19]; // fields[0] is field 3
}

function lockedError(dir: string, holder: DirLockHolder): FjordError {
  const since = new Date(holder.startedAtMs).toISOString();
  return new FjordError(
    'DATA_DIR_LOCKED',
    `data dir ${dir} is locked by pid ${holder.pid} (${holder.owner}, since ${since}); ` +
      'stop that process first',
  );
}

/** Blocks the thread: acquiring happens once, at startup, where a few ms of waiting is harmless. */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}
