import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads a file, or creates it with `make()` (exclusively: two processes starting together agree on one). */
export async function readOrCreateKeyFile(path: string, make: () => string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  // Only the keys folder itself is private: a recursive mkdir would make
  // DATA_DIR private too, and the embedded PostgreSQL (run as its own system
  // user when started as root) must traverse DATA_DIR to reach its cluster.
  const dir = join(path, '..');
  await mkdir(join(dir, '..'), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Written whole to a private temporary file, then linked into place: link()
  // fails if the file exists (so two processes agree on the first key) and a
  // reader never sees a half-written key.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${make()}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(temporary, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return (await readFile(path, 'utf8')).trim();
}
