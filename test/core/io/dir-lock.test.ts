import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { acquireDirLock, lockFileName, type DirLock } from '../../../core/io/dir-lock.js';
import { FjordError } from '../../../core/errors.js';

const childScript = path.join(import.meta.dirname, 'fixtures', 'lock-child.ts');
const children: ChildProcess[] = [];

interface ChildReport {
  ok: boolean;
  pid?: number;
  code?: string;
  message?: string;
  tookOverStaleFrom?: { holder?: { pid: number }; reason: string };
}

/** Starts fixtures/lock-child.ts and resolves with the JSON line it prints. */
async function startChild(
  mode: 'try' | 'hold' | 'exit',
  dir: string,
  owner: string,
  startAtMs = 0,
): Promise<{ child: ChildProcess; report: ChildReport }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, mode, dir, owner, String(startAtMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(lines, 'close').then(() => [undefined])])) as [string | undefined];
  if (line === undefined) throw new Error(`lock-child ${mode} exited without a report`);
  return { child, report: JSON.parse(line) as ChildReport };
}

async function runChild(mode: 'try' | 'exit', dir: string, owner: string): Promise<ChildReport> {
  const { child, report } = await startChild(mode, dir, owner);
  if (child.exitCode === null) await once(child, 'exit');
  return report;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

let dir: string;
let locks: DirLock[];

describe('core/io/dir-lock', function () {
  this.timeout(30_000); // each child process loads tsx

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjord-dir-lock-'));
    locks = [];
  });

  afterEach(() => {
    for (const lock of locks) lock.release();
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function acquire(owner: string): DirLock {
    const lock = acquireDirLock(dir, { owner });
    locks.push(lock);
    return lock;
  }

  it('writes <dir>/.lock naming this process, its host, owner and start time', () => {
    const before = Date.now();
    const lock = acquire('fjord broker on 127.0.0.1:9092');
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, lockFileName), 'utf8'));
    expect(onDisk).to.deep.equal(lock.holder);
    expect(onDisk.pid).to.equal(process.pid);
    expect(onDisk.hostname).to.equal(os.hostname());
    expect(onDisk.owner).to.equal('fjord broker on 127.0.0.1:9092');
    expect(onDisk.startedAtMs).to.be.within(before, Date.now());
    if (fs.existsSync('/proc/self/stat')) expect(onDisk.procStart).to.match(/^\d+$/);
    expect(lock.tookOverStaleFrom).to.equal(undefined);
    expect(fs.readdirSync(dir)).to.deep.equal([lockFileName]); // no temp files left behind
  });

  it('refuses another process while held, naming the holder pid and owner and how to reach it', async () => {
    acquire('fjord broker on 127.0.0.1:9092');
    const report = await runChild('try', dir, 'second');
    expect(report.ok).to.equal(false);
    expect(report.code).to.equal('DATA_DIR_LOCKED');
    expect(report.message).to.include(dir);
    expect(report.message).to.include(`pid ${process.pid} (fjord broker on 127.0.0.1:9092, since `);
    expect(report.message).to.include('stop that process first');
  });

  it('refuses this process while another live process holds the lock', async () => {
    const { report: holder } = await startChild('hold', dir, 'fjord dev on 127.0.0.1:9092');
    expect(holder.ok).to.equal(true);
    let thrown: unknown;
    try {
      acquire('second');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).to.be.instanceOf(FjordError);
    expect((thrown as FjordError).code).to.equal('DATA_DIR_LOCKED');
    expect((thrown as FjordError).message).to.include(`locked by pid ${holder.pid} (fjord dev on 127.0.0.1:9092, since `);
  });

  it('takes over the stale lock of a process killed with SIGKILL and says whose it was', async () => {
    const { child, report: holder } = await startChild('hold', dir, 'doomed');
    await killHard(child);
    expect(fs.existsSync(path.join(dir, lockFileName))).to.equal(true); // nobody cleaned up

    const lock = acquire('successor');
    expect(lock.tookOverStaleFrom?.reason).to.equal('dead');
    expect(lock.tookOverStaleFrom?.holder?.pid).to.equal(holder.pid);
    expect(lock.tookOverStaleFrom?.holder?.owner).to.equal('doomed');
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8')).pid).to.equal(process.pid);
  });

  it('lets exactly one of several processes racing for the same stale lock take it over', async () => {
    const dead = { pid: 2 ** 22 + 1, hostname: os.hostname(), owner: 'dead', startedAtMs: 0 }; // above pid_max
    fs.writeFileSync(path.join(dir, lockFileName), JSON.stringify(dead));
    const startAtMs = Date.now() + 2000; // after every child has loaded tsx
    const racers = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => startChild('hold', dir, `racer ${i}`, startAtMs)));
    const winners = racers.filter((r) => r.report.ok);
    expect(winners).to.have.length(1);
    expect(winners[0]!.report.tookOverStaleFrom?.reason).to.equal('dead');
    for (const r of racers.filter((r) => !r.report.ok)) expect(r.report.message).to.include(`locked by pid ${winners[0]!.report.pid} `);
    expect(fs.readdirSync(dir)).to.deep.equal([lockFileName]); // no guard or temp files left
  });

  it('takes over a stale lock even when an earlier taker died mid-takeover, leaving its guard', () => {
    const dead = { pid: 2 ** 22 + 1, hostname: os.hostname(), owner: 'dead', startedAtMs: 0 };
    const staleText = JSON.stringify(dead);
    fs.writeFileSync(path.join(dir, lockFileName), staleText);
    const hash = crypto.createHash('sha256').update(staleText).digest('hex').slice(0, 16);
    fs.writeFileSync(path.join(dir, `${lockFileName}.takeover-${hash}.0`), JSON.stringify({ ...dead, owner: 'dead taker' }));
    expect(acquire('successor').tookOverStaleFrom).to.deep.equal({ holder: dead, reason: 'dead' });
    expect(fs.readdirSync(dir)).to.deep.equal([lockFileName]);
  });

  it('takes over a corrupt lock file (a torn write) as stale', () => {
    fs.writeFileSync(path.join(dir, lockFileName), '{"pid": 12');
    const lock = acquire('successor');
    expect(lock.tookOverStaleFrom).to.deep.equal({ holder: undefined, reason: 'corrupt' });
    expect(JSON.parse(fs.readFileSync(lock.path, 'utf8')).owner).to.equal('successor');
  });

  it('takes over an empty lock file as stale', () => {
    fs.writeFileSync(path.join(dir, lockFileName), '');
    expect(acquire('successor').tookOverStaleFrom?.reason).to.equal('corrupt');
  });

  it('treats a live pid whose start time differs from the recorded one as a reused pid', function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
    const impostor = { pid: process.pid, hostname: os.hostname(), owner: 'long gone', startedAtMs: 0, procStart: '1' };
    fs.writeFileSync(path.join(dir, lockFileName), JSON.stringify(impostor));
    const lock = acquire('successor');
    expect(lock.tookOverStaleFrom).to.deep.equal({ holder: impostor, reason: 'pid-reused' });
  });

  it('lets another process acquire after release()', async () => {
    acquire('first').release();
    expect(fs.existsSync(path.join(dir, lockFileName))).to.equal(false);
    const report = await runChild('try', dir, 'second');
    expect(report).to.deep.include({ ok: true });
    expect(report.tookOverStaleFrom).to.equal(undefined);
  });

  it('releases on process exit even without release()', async () => {
    const report = await runChild('exit', dir, 'forgetful');
    expect(report.ok).to.equal(true);
    expect(fs.existsSync(path.join(dir, lockFileName))).to.equal(false);
  });

  it('does not remove a lock file that is no longer ours', () => {
    const lock = acquire('first');
    const other = JSON.stringify({ pid: 1, hostname: 'elsewhere', owner: 'other', startedAtMs: 0 });
    fs.writeFileSync(lock.path, other);
    lock.release();
    expect(fs.readFileSync(lock.path, 'utf8')).to.equal(other);
  });
});
