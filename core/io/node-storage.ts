/** The real Storage: node:fs, synchronous. */
import fs from 'node:fs';
import path from 'node:path';
import type { Storage, StorageFile } from './storage.js';

class NodeFile implements StorageFile {
  constructor(private readonly fd: number) {}
  read(buf: Buffer, offset: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const n = fs.readSync(this.fd, buf, offset + done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }
  write(buf: Buffer, position: number): void {
    let done = 0;
    while (done < buf.length) done += fs.writeSync(this.fd, buf, done, buf.length - done, position + done);
  }
  sync(): void {
    fs.fsyncSync(this.fd);
  }
  truncate(length: number): void {
    fs.ftruncateSync(this.fd, length);
  }
  size(): number {
    return fs.fstatSync(this.fd).size;
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

export const nodeStorage: Storage = {
  open(p) {
    return new NodeFile(fs.openSync(p, fs.existsSync(p) ? 'r+' : 'w+'));
  },
  exists: (p) => fs.existsSync(p),
  list(dir) {
    try {
      return fs.readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  },
  mkdirp: (dir) => void fs.mkdirSync(dir, { recursive: true }),
  rename: (from, to) => fs.renameSync(from, to),
  remove: (p) => fs.rmSync(p, { force: true }),
  removeTree: (dir) => fs.rmSync(dir, { recursive: true, force: true }),
  readFile(p) {
    try {
      return fs.readFileSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  writeFileAtomic(p, data) {
    const tmp = `${p}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, p);
    syncDir(path.dirname(p));
  },
};

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic there.
  }
}
