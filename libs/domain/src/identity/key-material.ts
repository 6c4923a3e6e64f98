import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '@app/core';

/** Reads a file, or creates it with `make()` (exclusively: two processes starting together agree on one). */
async function readOrCreate(path: string, make: () => string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  // DATA_DIR keeps its usual permissions (the embedded PostgreSQL's system user
  // must traverse it); the keys folder and files are the process owner's only.
  const dir = join(path, '..');
  await mkdir(join(dir, '..'), { recursive: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, `${make()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
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
  return readOrCreate(join(config.auth.keysDir, 'token-signing-key.pem'), () =>
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
  return readOrCreate(join(config.auth.keysDir, 'api-key-secret'), () => randomBytes(32).toString('base64url'));
}
