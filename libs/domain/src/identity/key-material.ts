import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '@app/core';

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

/**
 * The PKCS#8 PEM of the ES256 key that signs local access tokens:
 * AUTH_SIGNING_KEY (a PEM, or the path of one), else a key generated on first
 * start under DATA_DIR/keys (outside the repository).
 */
export async function loadSigningKeyPem(config: AppConfig): Promise<string> {
  const configured = config.auth.signingKey;
  if (configured) {
    const pem = configured.includes('-----BEGIN') ? configured.replace(/\\n/g, '\n') : await readFile(configured, 'utf8');
    return pem.trim();
  }
  return readOrCreateKeyFile(join(config.auth.keysDir, 'token-signing-key.pem'), () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
  );
}

/**
 * The secret API keys are stored under: API_KEY_SECRET (required in
 * production), else one generated on first start under DATA_DIR/keys.
 */
export async function loadApiKeySecret(config: AppConfig): Promise<string> {
  if (config.auth.apiKeySecret) return config.auth.apiKeySecret;
  if (config.env === 'production') throw new Error('API_KEY_SECRET is required in production');
  return readOrCreateKeyFile(join(config.auth.keysDir, 'api-key-secret'), () => randomBytes(32).toString('base64url'));
}
