/**
 * Writes a file so readers only ever see it complete: write a hidden temporary file, fsync it,
 * rename it into place, fsync the directory (so the rename survives a crash).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tempFileName } from './file-names.js';

export async function writeFileAtomically(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temp = path.join(dir, tempFileName(name, `${process.pid}-${randomBytes(4).toString('hex')}`));
  const handle = await fs.open(temp, 'w');
  try {
    let done = 0;
    while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path.join(dir, name));
  const dirHandle = await fs.open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
